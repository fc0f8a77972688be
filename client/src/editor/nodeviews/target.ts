import type { Node as PMNode } from 'prosemirror-model'
import type { Decoration, EditorView } from 'prosemirror-view'
import {
  COMPARATORS,
  RATE_PERIODS,
  TARGET_KINDS,
  UNITS,
  formatNumber,
  formatPeriod,
  isPeriod,
  parseNumber,
  parsePercent,
  parsePeriod,
  targetSentence,
  targetGroupFromLabel,
  targetGroupLabel,
  TARGET_GROUP_LABELS,
  toFieldValue
} from '../../../../schema'
import { lang, t } from '../../i18n/lang.svelte'
import { ConflictBadge, pickConflictValue } from '../../conflicts/conflict-badge'
import { conflictContext, conflictsIn } from '../../conflicts/conflict-plugin'
import { commentActions } from '../../comments/comment-actions'
import { bodyEditable } from '../read-only'
import { commentButton, escapeFolds, field, h, nameCommentButton, select } from './dom'
import { PlanNodeView, type GetPos } from './plan-node-view'
import { SuggestTargetForm } from './suggest-target'

/** Read a period as people write it ("december 2019", "2019-12", "ultimo 2015"). */
export const readPeriod = (text: string): string | null | 'invalid' => {
  const s = text.trim()
  if (s === '') return null
  const p = parsePeriod(s)
  return p && isPeriod(p) ? p : 'invalid'
}

/**
 * A measurable target: shown as a readable sentence, edited as a small form.
 * A field that does not hold a number (or a period) is refused at the field
 * with a message; nothing invalid reaches the document. The form's fields are
 * built when it is first opened: a 200-page plan holds hundreds of targets,
 * and building every folded form took a third of the editor's opening time.
 */
export class TargetView extends PlanNodeView {
  readonly dom: HTMLElement
  private readonly sentence: HTMLElement
  private readonly form: HTMLElement
  private readonly toggle: HTMLButtonElement
  private readonly inputs = new Map<string, HTMLInputElement | HTMLSelectElement>()
  private readonly badge: ConflictBadge
  private decorations: readonly Decoration[]
  private rememberFocus: () => void = () => undefined
  private readonly comment: HTMLButtonElement | null = null
  private readonly suggest: SuggestTargetForm | null = null

  constructor(node: PMNode, view: EditorView, getPos: GetPos, decorations: readonly Decoration[] = []) {
    super(node, view, getPos)
    this.decorations = decorations
    this.badge = new ConflictBadge('target', (c, v) => pickConflictValue(this.view, this.getPos, this.node, c, v))
    this.sentence = h('p', { class: 'target-sentence' })
    this.toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-expanded': 'false' }, t().editTarget)
    this.toggle.addEventListener('click', () => this.setOpen(this.form.hidden))
    if (!bodyEditable(view)) this.toggle.hidden = true
    this.form = h('fieldset', { class: 'target-form', hidden: true })
    this.form.append(h('legend', {}, t().editTarget))
    const actions = commentActions(view.state)
    const extra: HTMLElement[] = []
    if (actions?.canComment) {
      this.comment = commentButton('target', () =>
        actions.onComment?.({ type: 'target', pos: this.getPos()!, quote: targetSentence(this.node.attrs, lang.code), origin: this.comment })
      )
      extra.push(this.comment)
      // Who may change the target edits it; who may only comment proposes new values (issue #15).
      if (!bodyEditable(view)) {
        this.suggest = new SuggestTargetForm(
          () => this.node,
          (request) => actions.onSuggestTarget?.({ ...request, pos: this.getPos()!, quote: targetSentence(this.node.attrs, lang.code) })
        )
        extra.push(this.suggest.toggle, this.suggest.form)
      }
    }
    this.dom = h(
      'div',
      // A group, like a follow-up: aria-label is not allowed on a div without a role.
      { class: 'target', role: 'group', 'data-kind': String(node.attrs.kind), 'aria-label': t().target },
      h('span', { class: 'target-badge', 'aria-hidden': 'true' }, '◎'),
      this.sentence,
      this.badge.dom,
      this.toggle,
      this.form,
      ...extra
    )
    this.rememberFocus = escapeFolds(this.form, this.toggle, () => this.setOpen(false))
    this.render()
  }

  private setOpen(open: boolean): void {
    if (open && this.form.hidden) this.rememberFocus()
    if (open && this.inputs.size === 0) {
      this.build()
      this.drawFields()
    }
    this.form.hidden = !open
    this.toggle.setAttribute('aria-expanded', String(open))
    this.toggle.textContent = open ? t().done : t().editTarget
    if (open) (this.form.querySelector('input, select') as HTMLElement | null)?.focus()
  }

  private build(): void {
    const s = t()
    const a = this.node.attrs
    const add = (name: string, label: string, input: HTMLInputElement | HTMLSelectElement, kind: 'text' | 'number' | 'period' | 'choice' | 'bool') => {
      const f = field(label, input)
      this.inputs.set(name, input)
      input.addEventListener('change', () => this.commit(name, input, kind, f.setError))
      this.form.append(f.wrap)
    }
    add(
      'kind',
      s.kind,
      select(
        TARGET_KINDS.map((k) => [k, s.kinds[k]!]),
        String(a.kind)
      ),
      'choice'
    )
    add('indicator', s.indicator, h('input', { type: 'text' }), 'text')
    // The field shows and suggests labels; commit() stores the code (issue #15).
    const listId = `target-groups-${lang.code}`
    const group = h('input', { type: 'text', list: listId })
    add('targetGroup', s.targetGroup, group, 'text')
    if (!document.getElementById(listId))
      document.body.append(h('datalist', { id: listId }, ...Object.values(TARGET_GROUP_LABELS[lang.code]).map((g) => h('option', { value: g }))))
    add(
      'unit',
      s.unit,
      select(
        UNITS.map((u) => [u, s.units[u]!]),
        String(a.unit)
      ),
      'choice'
    )
    add('baselineValue', s.baselineValue, h('input', { type: 'text', inputmode: 'decimal' }), 'number')
    add('baselinePeriod', s.baselinePeriod, h('input', { type: 'text' }), 'period')
    add(
      'comparator',
      s.comparator,
      select(
        COMPARATORS.map((c) => [c, s.comparators[c]!]),
        String(a.comparator)
      ),
      'choice'
    )
    add('targetValue', s.targetValue, h('input', { type: 'text', inputmode: 'decimal' }), 'number')
    add('targetPeriod', s.targetPeriod, h('input', { type: 'text' }), 'period')
    add('per', s.per, select([['', s.pers['']!], ...RATE_PERIODS.map((p): [string, string] => [p, s.pers[p]!])], String(a.per ?? '')), 'choice')
    add('done', s.milestoneDone, h('input', { type: 'checkbox' }), 'bool')
  }

  private commit(name: string, input: HTMLInputElement | HTMLSelectElement, kind: string, setError: (m: string | null) => void): void {
    let value: unknown
    if (kind === 'number') {
      const text = input.value.trim()
      value = text === '' ? null : this.node.attrs.unit === 'percent' ? parsePercent(text) : parseNumber(text)
      if (value === null && text !== '') return setError(t().notANumber)
    } else if (kind === 'period') {
      const p = readPeriod(input.value)
      if (p === 'invalid') return setError(t().notAPeriod)
      value = p
    } else if (kind === 'bool') value = (input as HTMLInputElement).checked
    else if (name === 'per') value = input.value === '' ? null : input.value
    else if (name === 'targetGroup') value = targetGroupFromLabel(input.value)
    else value = input.value
    setError(null)
    this.setAttribute(name, value)
  }

  protected render(): void {
    const a = this.node.attrs
    this.sentence.textContent = targetSentence(a, lang.code)
    const name = String(a.indicator ?? '').trim() || this.sentence.textContent
    if (this.comment) nameCommentButton(this.comment, t().nodeComments.commentOn(t().nodeComments.kinds.target!, name))
    this.suggest?.render(name)
    this.dom.dataset.kind = String(a.kind)
    this.drawFields()
    this.badge.update(conflictsIn(this.decorations), conflictContext(this.view.state)?.mayPick ?? false, (f) => toFieldValue(this.node.attrs[f]))
  }

  /** Show the node's values in the form's fields (none until the form was first opened). */
  private drawFields(): void {
    if (this.inputs.size === 0) return
    const a = this.node.attrs
    for (const [name, input] of this.inputs) {
      if (document.activeElement === input) continue
      const v = a[name]
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === true
      else if (name.endsWith('Value')) input.value = typeof v === 'number' ? formatNumber(v, 'da').replace(/\.(?=\d{3}(\D|$))/g, '.') : ''
      else if (name.endsWith('Period')) input.value = typeof v === 'string' ? formatPeriod(v, lang.code) : ''
      else if (name === 'targetGroup') input.value = targetGroupLabel(String(v ?? ''), lang.code)
      else input.value = v === null || v === undefined ? '' : String(v)
    }
    ;(this.inputs.get('done')!.closest('.field') as HTMLElement).hidden = a.kind !== 'milestone'
    ;(this.inputs.get('per')!.closest('.field') as HTMLElement).hidden = a.kind !== 'rate'
  }

  override update(node: PMNode, decorations?: readonly Decoration[]): boolean {
    // The conflict badge follows the node's decorations (conflict-plugin.ts).
    if (decorations) this.decorations = decorations
    return super.update(node)
  }

  stopEvent(e: Event): boolean {
    const target = e.target as Node
    return (
      this.form.contains(target) ||
      e.target === this.toggle ||
      this.badge.dom.contains(target) ||
      (this.comment !== null && this.comment.contains(target)) ||
      (this.suggest !== null && this.suggest.contains(target))
    )
  }

  ignoreMutation(): boolean {
    return true
  }
}
