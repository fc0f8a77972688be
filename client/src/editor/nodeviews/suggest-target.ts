import type { Node as PMNode } from 'prosemirror-model'
import { COMPARATORS, formatNumber, formatPeriod, isPeriod, parseNumber, parsePercent, parsePeriod, targetSentence } from '../../../../schema'
import { SUGGESTIBLE_TARGET_FIELDS } from '../../../../schema/comments'
import type { TargetSuggestionRequest } from '../../comments/comment-actions'
import { lang, t } from '../../i18n/lang.svelte'
import { field, h, select } from './dom'

/** What the form hands on: the target view adds where the target is and what it says. */
export type SuggestionDraft = Omit<TargetSuggestionRequest, 'pos' | 'quote'>

/**
 * A commenter's form for proposing new target values (issue #15): value,
 * period and comparator, plus a reason. It changes nothing in the plan: it
 * becomes a suggestion thread that an editor accepts or rejects, with the
 * values it replaces (`base`) so an acceptance applies only to what the
 * commenter saw.
 */
export class SuggestTargetForm {
  readonly toggle: HTMLButtonElement
  readonly form: HTMLFieldSetElement
  private readonly value: HTMLInputElement
  private readonly period: HTMLInputElement
  private readonly comparator: HTMLSelectElement
  private readonly why: HTMLInputElement
  private readonly error: HTMLElement

  constructor(
    private readonly node: () => PMNode,
    private readonly send: (draft: SuggestionDraft) => void
  ) {
    const s = t()
    this.toggle = h('button', { type: 'button', class: 'btn btn-small suggest-values', 'aria-expanded': 'false' }, s.nodeComments.suggestValues)
    this.toggle.addEventListener('click', () => this.setOpen(this.form.hidden))
    this.comparator = select(
      COMPARATORS.map((c) => [c, s.comparators[c]!]),
      '<='
    )
    this.value = h('input', { type: 'text', inputmode: 'decimal' })
    this.period = h('input', { type: 'text' })
    this.why = h('input', { type: 'text' })
    this.error = h('p', { class: 'field-error', role: 'alert' })
    const submit = h('button', { type: 'button', class: 'btn btn-small primary' }, s.nodeComments.sendSuggestion)
    submit.addEventListener('click', () => this.submit())
    this.form = h('fieldset', { class: 'target-form suggest-form', hidden: true })
    this.form.append(
      h('legend', {}, s.nodeComments.suggestValues),
      field(s.comparator, this.comparator).wrap,
      field(s.targetValue, this.value).wrap,
      field(s.targetPeriod, this.period).wrap,
      field(s.nodeComments.why, this.why).wrap,
      this.error,
      h('div', { class: 'row' }, submit)
    )
    // Enter in a field sends, as in any form; Escape closes without sending.
    this.form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
        e.preventDefault()
        this.submit()
      } else if (e.key === 'Escape') {
        e.preventDefault()
        this.setOpen(false)
        this.toggle.focus()
      }
    })
  }

  /** Name the toggle for the target (its indicator). */
  render(name: string): void {
    const label = t().nodeComments.suggestValuesFor(name)
    if (this.toggle.getAttribute('aria-label') !== label) this.toggle.setAttribute('aria-label', label)
  }

  contains(n: Node): boolean {
    return this.toggle.contains(n) || this.form.contains(n)
  }

  private setOpen(open: boolean): void {
    this.form.hidden = !open
    this.toggle.setAttribute('aria-expanded', String(open))
    if (!open) return
    // Start from the values the target has now.
    const a = this.node().attrs
    this.comparator.value = String(a.comparator ?? '<=')
    this.value.value = typeof a.targetValue === 'number' ? formatNumber(a.targetValue, 'da') : ''
    this.period.value = typeof a.targetPeriod === 'string' ? formatPeriod(a.targetPeriod, lang.code) : ''
    this.why.value = ''
    this.error.textContent = ''
    this.value.focus()
    this.value.select()
  }

  private submit(): void {
    const s = t()
    const a = this.node().attrs
    const text = this.value.value.trim()
    const value = text === '' ? null : a.unit === 'percent' ? parsePercent(text) : parseNumber(text)
    if (value === null && text !== '') return this.fail(this.value, s.notANumber)
    const p = this.period.value.trim()
    const parsed = p === '' ? null : parsePeriod(p)
    if (p !== '' && !(parsed && isPeriod(parsed))) return this.fail(this.period, s.notAPeriod)
    const proposed: Record<string, unknown> = { targetValue: value, targetPeriod: parsed, comparator: this.comparator.value }
    const attrs: Record<string, unknown> = {}
    const base: Record<string, unknown> = {}
    for (const f of SUGGESTIBLE_TARGET_FIELDS) {
      const now = a[f] ?? null
      if (proposed[f] !== now) {
        attrs[f] = proposed[f]
        base[f] = now
      }
    }
    if (Object.keys(attrs).length === 0) return this.fail(this.value, s.nodeComments.nothingChanged)
    const sentence = targetSentence({ ...a, ...attrs }, lang.code)
    const why = this.why.value.trim()
    this.send({
      type: 'target',
      suggestion: { kind: 'target', targetId: String(a.id), attrs, base },
      text: why ? `${s.suggestion}: ${sentence}\n${why}` : `${s.suggestion}: ${sentence}`,
      origin: this.toggle
    })
    this.setOpen(false)
  }

  private fail(input: HTMLInputElement, message: string): void {
    this.error.textContent = message
    input.setAttribute('aria-invalid', 'true')
    input.focus()
    input.addEventListener('input', () => input.removeAttribute('aria-invalid'), { once: true })
  }
}
