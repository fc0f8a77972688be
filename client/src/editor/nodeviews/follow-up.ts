import type { Node as PMNode } from 'prosemirror-model'
import { Plugin } from 'prosemirror-state'
import type { Decoration, EditorView } from 'prosemirror-view'
import { FOLLOW_UP_STATUSES, formatNumber, parseNumber, parsePercent, targetSentence, toFieldValue, type Lang } from '../../../../schema'
import { textChange } from '../../../../schema/editing'
import { lang, t } from '../../i18n/lang.svelte'
import { ConflictBadge, pickConflictValue } from '../../conflicts/conflict-badge'
import { conflictContext, conflictsIn } from '../../conflicts/conflict-plugin'
import { commentActions } from '../../comments/comment-actions'
import { bodyEditable } from '../read-only'
import { commentButton, escapeFolds, field, h, nameCommentButton, select } from './dom'
import { PlanNodeView, type GetPos } from './plan-node-view'

/** A target as the follow-up form offers it: its id, a label and its unit. */
interface TargetChoice {
  id: string
  label: string
  /** The whole sentence, for the option's tooltip when the label is shortened. */
  sentence: string
  unit: string
  kind: string
}

/**
 * Shorten a text to about `max` characters at a word boundary, with "…".
 * Never cuts inside a word (the old picker showed "Antal årspersoner på sygedag").
 */
export function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.lastIndexOf(' ', max)
  return `${(cut > 0 ? text.slice(0, cut) : text.slice(0, max)).replace(/[\s,:;–-]+$/, '')} …`
}

/** What a picker shows of a list of choices: equal keys, nothing to redraw. */
const choicesKey = (choices: readonly TargetChoice[]): string => choices.map((c) => `${c.id}\u0000${c.label}\u0000${c.unit}\u0000${c.kind}`).join('\u0001')

/** The targets of a plan in document order (textblocks hold none, so they are not entered). */
function targetChoices(doc: PMNode, code: Lang): TargetChoice[] {
  const out: TargetChoice[] = []
  doc.descendants((n) => {
    if (n.type.name === 'target') {
      if (typeof n.attrs.id === 'string') {
        const sentence = targetSentence(n.attrs, code)
        const indicator = String(n.attrs.indicator ?? '').trim()
        // The indicator names the target: it is always shown whole.
        out.push({
          id: n.attrs.id,
          label: shortenAtWord(sentence, Math.max(90, indicator.length)),
          sentence,
          unit: String(n.attrs.unit ?? ''),
          kind: String(n.attrs.kind ?? '')
        })
      }
      return false
    }
    return !n.isTextblock
  })
  return out
}

// Every follow-up view reads the same list while a document is drawn: read it once per document and language.
const choicesOf = new WeakMap<PMNode, { code: Lang; choices: TargetChoice[] }>()
function cachedTargetChoices(doc: PMNode, code: Lang): TargetChoice[] {
  const known = choicesOf.get(doc)
  if (known?.code === code) return known.choices
  const choices = targetChoices(doc, code)
  choicesOf.set(doc, { code, choices })
  return choices
}

const pickers = new WeakMap<EditorView, Set<FollowUpView>>()

/**
 * A follow-up's date as the browser's locale writes it ("5.3.2019" in Danish,
 * "05/03/2019" in English). Written out here: the first Intl date formatter
 * of a page costs 15–30 ms (locale data), paid at every open of a plan.
 */
export function followUpDate(iso: string, code: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return new Date(`${iso}T12:00:00`).toLocaleDateString(code === 'da' ? 'da-DK' : 'en-GB')
  const [, y, mo, d] = m
  return code === 'da' ? `${Number(d)}.${Number(mo)}.${y}` : `${d}/${mo}/${y}`
}

/**
 * Keeps every follow-up's target picker in step with the plan's targets: a
 * node view is only updated when its own node changes, so an edit of a target
 * elsewhere (its indicator, a new target, a deleted one) would otherwise leave
 * the picker showing the old name.
 */
export function followUpTargetsPlugin(): Plugin {
  return new Plugin({
    view: () => {
      // Most keystrokes change no target: then no picker is touched, and
      // typing inside a textblock (where no target lives) is not even looked
      // at: listing the targets reads the whole plan (2 ms a keystroke at 200 pages).
      let last = ''
      return {
        update(view, prev) {
          if (textChange(prev.doc, view.state.doc) !== null || view.state.doc.eq(prev.doc)) return
          const views = pickers.get(view)
          if (!views || views.size === 0) return
          const choices = cachedTargetChoices(view.state.doc, lang.code)
          const key = `${lang.code}\u0002${choicesKey(choices)}`
          if (key === last) return
          last = key
          for (const v of views) v.setTargets(choices)
        }
      }
    }
  })
}

/**
 * A follow-up entry: which target, when, the measured value, a status with a
 * colour, a note. Shown as one line (status chip and summary) so a goal row
 * with several entries stays readable on a projector; edited in a small form
 * opened by its button, whose fields are built when it first opens (its
 * target picker lists every target of the plan).
 */
export class FollowUpView extends PlanNodeView {
  readonly dom: HTMLElement
  private fields: { target: HTMLSelectElement; date: HTMLInputElement; value: HTMLInputElement; status: HTMLSelectElement; note: HTMLInputElement } | null =
    null
  private readonly chip: HTMLElement
  private readonly summary: HTMLElement
  private readonly toggle: HTMLButtonElement
  private readonly form: HTMLFieldSetElement
  private readonly badge: ConflictBadge
  private decorations: readonly Decoration[]
  private rememberFocus: () => void = () => undefined
  private targets: TargetChoice[]
  private drawnTargets = ''
  private readonly comment: HTMLButtonElement | null = null

  constructor(node: PMNode, view: EditorView, getPos: GetPos, decorations: readonly Decoration[] = []) {
    super(node, view, getPos)
    this.decorations = decorations
    this.badge = new ConflictBadge('follow_up', (c, v) => pickConflictValue(this.view, this.getPos, this.node, c, v))
    const s = t()
    this.targets = cachedTargetChoices(view.state.doc, lang.code)
    if (!pickers.has(view)) pickers.set(view, new Set())
    pickers.get(view)!.add(this)
    this.chip = h('span', { class: 'status-chip' })
    this.summary = h('span', { class: 'follow-up-summary' })
    this.toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, s.editFollowUp)
    this.toggle.addEventListener('click', () => this.setOpen(this.form.hidden))
    if (!bodyEditable(view)) this.toggle.hidden = true
    const actions = commentActions(view.state)
    if (actions?.canComment)
      this.comment = commentButton('follow_up', () =>
        actions.onComment?.({ type: 'follow_up', pos: this.getPos()!, quote: this.describe(), origin: this.comment })
      )
    this.form = h('fieldset', { class: 'follow-up-form', hidden: true, disabled: !bodyEditable(view) })
    this.form.append(h('legend', {}, s.editFollowUp))
    this.dom = h(
      'div',
      { class: 'follow-up', role: 'group', 'aria-label': s.followUp },
      h('p', { class: 'follow-up-line' }, this.chip, ' ', this.summary, ' ', this.toggle, ...(this.comment ? [this.comment] : [])),
      this.badge.dom,
      this.form
    )
    this.rememberFocus = escapeFolds(this.form, this.toggle, () => this.setOpen(false))
    this.render()
  }

  private setOpen(open: boolean): void {
    if (open && this.form.hidden) this.rememberFocus()
    if (open && !this.fields) {
      this.fields = this.build()
      this.drawFields()
    }
    this.form.hidden = !open
    this.toggle.setAttribute('aria-expanded', String(open))
    this.toggle.textContent = open ? t().done : t().editFollowUp
    if (open) this.fields?.target.focus()
  }

  private build(): NonNullable<FollowUpView['fields']> {
    const s = t()
    const fields = {
      target: select([], ''),
      date: h('input', { type: 'date' }),
      value: h('input', { type: 'text', inputmode: 'decimal' }),
      status: select(
        FOLLOW_UP_STATUSES.map((x) => [x, s.statuses[x]!]),
        String(this.node.attrs.status)
      ),
      note: h('input', { type: 'text' })
    }
    const add = (name: keyof typeof fields, label: string, attr: string) => {
      const f = field(label, fields[name])
      fields[name].addEventListener('change', () => {
        let value: unknown = fields[name].value
        if (attr === 'value') {
          const text = fields.value.value.trim()
          value = text === '' ? null : this.unit() === 'percent' ? parsePercent(text) : parseNumber(text)
          if (value === null && text !== '') return f.setError(t().notANumber)
        }
        if (attr === 'date' && value === '') value = null
        f.setError(null)
        this.setAttribute(attr, value)
      })
      this.form.append(f.wrap)
    }
    add('target', s.followUpTarget, 'targetId')
    fields.target.addEventListener('blur', () => this.drawTargets())
    add('date', s.date, 'date')
    add('value', s.value, 'value')
    add('status', s.status, 'status')
    add('note', s.note, 'note')
    return fields
  }

  /** The entry in words, for its comment button and the thread: status and summary. */
  private describe(): string {
    return [this.chip.textContent, this.summary.textContent].filter(Boolean).join(' · ')
  }

  /** The unit of the target this entry measures ('' when it points at none). */
  private unit(): string {
    return this.targets.find((c) => c.id === this.node.attrs.targetId)?.unit ?? ''
  }

  /** Whether this entry says nothing measured: no value, for a target that is measured in numbers. */
  private unmeasured(): boolean {
    return this.node.attrs.value === null && this.targets.find((c) => c.id === this.node.attrs.targetId)?.kind !== 'milestone'
  }

  /** The plan's targets changed (followUpTargetsPlugin): redraw the picker. */
  setTargets(choices: TargetChoice[]): void {
    this.targets = choices
    this.drawTargets()
    this.drawChip()
  }

  // A status without a measured value is a guess: an entry inserted a moment
  // ago must not show a green "På rette spor" (issue #15).
  private drawChip(): void {
    const status = this.unmeasured() ? 'none' : String(this.node.attrs.status)
    this.chip.className = `status-chip status-${status}`
    this.chip.textContent = status === 'none' ? t().noMeasurement : (t().statuses[status] ?? status)
  }

  private drawTargets(): void {
    if (!this.fields) return
    const sel = this.fields.target
    const targetId = String(this.node.attrs.targetId ?? '')
    const key = `${targetId}\u0002${choicesKey(this.targets)}`
    // An open list must not be rebuilt under the user's pointer; it is drawn again on the next change.
    if (document.activeElement === sel || key === this.drawnTargets) return
    this.drawnTargets = key
    const options = [
      h('option', { value: '' }, t().noTarget),
      ...this.targets.map((c) => h('option', { value: c.id, title: c.label === c.sentence ? undefined : c.sentence }, c.label))
    ]
    sel.replaceChildren(...options)
    sel.value = targetId
  }

  protected render(): void {
    const a = this.node.attrs
    const s = t()
    this.drawFields()
    this.drawChip()
    const date = typeof a.date === 'string' && a.date ? followUpDate(a.date, lang.code) : ''
    const value = typeof a.value === 'number' ? `${s.value.toLowerCase()} ${formatNumber(a.value, lang.code)}` : ''
    this.summary.textContent = [date, value, String(a.note ?? '')].filter(Boolean).join(' · ')
    if (this.comment) nameCommentButton(this.comment, s.nodeComments.commentOn(s.nodeComments.kinds.follow_up!, this.describe()))
    this.badge.update(conflictsIn(this.decorations), conflictContext(this.view.state)?.mayPick ?? false, (f) => toFieldValue(this.node.attrs[f]))
  }

  /** Show the node's values in the form's fields (none until the form was first opened); a field being edited is left alone. */
  private drawFields(): void {
    if (!this.fields) return
    const a = this.node.attrs
    const f = this.fields
    this.drawTargets()
    if (document.activeElement !== f.date) f.date.value = String(a.date ?? '')
    if (document.activeElement !== f.value) f.value.value = typeof a.value === 'number' ? formatNumber(a.value, 'da') : ''
    if (document.activeElement !== f.status) f.status.value = String(a.status)
    if (document.activeElement !== f.note) f.note.value = String(a.note ?? '')
  }

  override update(node: PMNode, decorations?: readonly Decoration[]): boolean {
    // The conflict badge follows the node's decorations (conflict-plugin.ts).
    if (decorations) this.decorations = decorations
    return super.update(node)
  }

  destroy(): void {
    pickers.get(this.view)?.delete(this)
  }

  stopEvent(e: Event): boolean {
    return (
      this.form.contains(e.target as Node) ||
      e.target === this.toggle ||
      this.badge.dom.contains(e.target as Node) ||
      (this.comment !== null && this.comment.contains(e.target as Node))
    )
  }

  ignoreMutation(): boolean {
    return true
  }
}
