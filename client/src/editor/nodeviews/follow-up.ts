import type { Node as PMNode } from 'prosemirror-model'
import type { Decoration, EditorView } from 'prosemirror-view'
import { FOLLOW_UP_STATUSES, formatNumber, parseNumber, targetSentence, toFieldValue } from '../../../../schema'
import { lang, t } from '../../i18n/lang.svelte'
import { ConflictBadge, pickConflictValue } from '../../conflicts/conflict-badge'
import { conflictContext, conflictsIn } from '../../conflicts/conflict-plugin'
import { field, h, select } from './dom'
import { PlanNodeView, type GetPos } from './plan-node-view'

/**
 * A follow-up entry: which target, when, the measured value, a status with a
 * colour, a note. Shown as one line (status chip and summary) so a goal row
 * with several entries stays readable on a projector; edited in a small form
 * opened by its button.
 */
export class FollowUpView extends PlanNodeView {
  readonly dom: HTMLElement
  private readonly fields: { target: HTMLSelectElement; date: HTMLInputElement; value: HTMLInputElement; status: HTMLSelectElement; note: HTMLInputElement }
  private readonly chip: HTMLElement
  private readonly summary: HTMLElement
  private readonly toggle: HTMLButtonElement
  private readonly form: HTMLFieldSetElement
  private readonly badge: ConflictBadge
  private decorations: readonly Decoration[]

  constructor(node: PMNode, view: EditorView, getPos: GetPos, decorations: readonly Decoration[] = []) {
    super(node, view, getPos)
    this.decorations = decorations
    this.badge = new ConflictBadge('follow_up', (c, v) => pickConflictValue(this.view, this.getPos, this.node, c, v))
    const s = t()
    const a = node.attrs
    this.chip = h('span', { class: 'status-chip' })
    this.summary = h('span', { class: 'follow-up-summary' })
    this.toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, s.editFollowUp)
    this.toggle.addEventListener('click', () => this.setOpen(this.form.hidden))
    if (!view.editable) this.toggle.hidden = true
    this.fields = {
      target: select([], ''),
      date: h('input', { type: 'date' }),
      value: h('input', { type: 'text', inputmode: 'decimal' }),
      status: select(FOLLOW_UP_STATUSES.map((x) => [x, s.statuses[x]!]), String(a.status)),
      note: h('input', { type: 'text' })
    }
    const wrap = h('fieldset', { class: 'follow-up-form', hidden: true, disabled: !view.editable })
    this.form = wrap
    wrap.append(h('legend', {}, s.editFollowUp))
    const add = (name: keyof typeof this.fields, label: string, attr: string) => {
      const f = field(label, this.fields[name])
      this.fields[name].addEventListener('change', () => {
        let value: unknown = this.fields[name].value
        if (attr === 'value') {
          const text = this.fields.value.value.trim()
          value = text === '' ? null : parseNumber(text)
          if (value === null && text !== '') return f.setError(t().notANumber)
        }
        if (attr === 'date' && value === '') value = null
        f.setError(null)
        this.setAttribute(attr, value)
      })
      wrap.append(f.wrap)
    }
    add('target', s.followUpTarget, 'targetId')
    add('date', s.date, 'date')
    add('value', s.value, 'value')
    add('status', s.status, 'status')
    add('note', s.note, 'note')
    this.dom = h('div', { class: 'follow-up', role: 'group', 'aria-label': s.followUp },
      h('p', { class: 'follow-up-line' }, this.chip, ' ', this.summary, ' ', this.toggle), this.badge.dom, wrap)
    this.render()
  }

  private setOpen(open: boolean): void {
    this.form.hidden = !open
    this.toggle.setAttribute('aria-expanded', String(open))
    this.toggle.textContent = open ? t().done : t().editFollowUp
    if (open) this.fields.target.focus()
  }

  protected render(): void {
    const a = this.node.attrs
    const s = t()
    // The targets to choose from are those in the plan now.
    const options: Array<[string, string]> = [['', s.noTarget]]
    this.view.state.doc.descendants((n) => {
      if (n.type.name === 'target' && typeof n.attrs.id === 'string') options.push([n.attrs.id, targetSentence(n.attrs, lang.code).slice(0, 90)])
      return true
    })
    const sel = this.fields.target
    if (document.activeElement !== sel) {
      sel.replaceChildren(...options.map(([v, l]) => h('option', { value: v }, l)))
      sel.value = String(a.targetId ?? '')
    }
    if (document.activeElement !== this.fields.date) this.fields.date.value = String(a.date ?? '')
    if (document.activeElement !== this.fields.value) this.fields.value.value = typeof a.value === 'number' ? formatNumber(a.value, 'da') : ''
    if (document.activeElement !== this.fields.status) this.fields.status.value = String(a.status)
    if (document.activeElement !== this.fields.note) this.fields.note.value = String(a.note ?? '')
    this.chip.className = `status-chip status-${String(a.status)}`
    this.chip.textContent = s.statuses[String(a.status)] ?? String(a.status)
    const date = typeof a.date === 'string' && a.date ? new Date(`${a.date}T12:00:00`).toLocaleDateString(lang.code === 'da' ? 'da-DK' : 'en-GB') : ''
    const value = typeof a.value === 'number' ? `${s.value.toLowerCase()} ${formatNumber(a.value, lang.code)}` : ''
    this.summary.textContent = [date, value, String(a.note ?? '')].filter(Boolean).join(' · ')
    this.badge.update(conflictsIn(this.decorations), conflictContext(this.view.state)?.mayPick ?? false, (f) => toFieldValue(this.node.attrs[f]))
  }

  override update(node: PMNode, decorations?: readonly Decoration[]): boolean {
    // The conflict badge follows the node's decorations (conflict-plugin.ts).
    if (decorations) this.decorations = decorations
    return super.update(node)
  }

  stopEvent(e: Event): boolean {
    return this.form.contains(e.target as Node) || e.target === this.toggle || this.badge.dom.contains(e.target as Node)
  }

  ignoreMutation(): boolean {
    return true
  }
}
