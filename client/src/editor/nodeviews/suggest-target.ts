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
  // Built on first opening, like the target's own form (target.ts).
  private fields: { value: HTMLInputElement; period: HTMLInputElement; comparator: HTMLSelectElement; why: HTMLInputElement; error: HTMLElement } | null = null

  constructor(
    private readonly node: () => PMNode,
    private readonly send: (draft: SuggestionDraft) => void
  ) {
    const s = t()
    this.toggle = h('button', { type: 'button', class: 'btn btn-small suggest-values', 'aria-expanded': 'false' }, s.nodeComments.suggestValues)
    this.toggle.addEventListener('click', () => this.setOpen(this.form.hidden))
    this.form = h('fieldset', { class: 'target-form suggest-form', hidden: true })
    this.form.append(h('legend', {}, s.nodeComments.suggestValues))
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

  private build(): NonNullable<SuggestTargetForm['fields']> {
    const s = t()
    const fields = {
      comparator: select(
        COMPARATORS.map((c) => [c, s.comparators[c]!]),
        '<='
      ),
      value: h('input', { type: 'text', inputmode: 'decimal' }),
      period: h('input', { type: 'text' }),
      why: h('input', { type: 'text' }),
      error: h('p', { class: 'field-error', role: 'alert' })
    }
    const submit = h('button', { type: 'button', class: 'btn btn-small primary' }, s.nodeComments.sendSuggestion)
    submit.addEventListener('click', () => this.submit())
    this.form.append(
      field(s.comparator, fields.comparator).wrap,
      field(s.targetValue, fields.value).wrap,
      field(s.targetPeriod, fields.period).wrap,
      field(s.nodeComments.why, fields.why).wrap,
      fields.error,
      h('div', { class: 'row' }, submit)
    )
    return fields
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
    if (open) this.fields ??= this.build()
    this.form.hidden = !open
    this.toggle.setAttribute('aria-expanded', String(open))
    if (!open || !this.fields) return
    // Start from the values the target has now.
    const a = this.node().attrs
    const f = this.fields
    f.comparator.value = String(a.comparator ?? '<=')
    f.value.value = typeof a.targetValue === 'number' ? formatNumber(a.targetValue, 'da') : ''
    f.period.value = typeof a.targetPeriod === 'string' ? formatPeriod(a.targetPeriod, lang.code) : ''
    f.why.value = ''
    f.error.textContent = ''
    f.value.focus()
    f.value.select()
  }

  private submit(): void {
    if (!this.fields) return
    const { value: valueInput, period, comparator, why: whyInput } = this.fields
    const s = t()
    const a = this.node().attrs
    const text = valueInput.value.trim()
    const value = text === '' ? null : a.unit === 'percent' ? parsePercent(text) : parseNumber(text)
    if (value === null && text !== '') return this.fail(valueInput, s.notANumber)
    const p = period.value.trim()
    const parsed = p === '' ? null : parsePeriod(p)
    if (p !== '' && !(parsed && isPeriod(parsed))) return this.fail(period, s.notAPeriod)
    const proposed: Record<string, unknown> = { targetValue: value, targetPeriod: parsed, comparator: comparator.value }
    const attrs: Record<string, unknown> = {}
    const base: Record<string, unknown> = {}
    for (const f of SUGGESTIBLE_TARGET_FIELDS) {
      const now = a[f] ?? null
      if (proposed[f] !== now) {
        attrs[f] = proposed[f]
        base[f] = now
      }
    }
    if (Object.keys(attrs).length === 0) return this.fail(valueInput, s.nodeComments.nothingChanged)
    const sentence = targetSentence({ ...a, ...attrs }, lang.code)
    const why = whyInput.value.trim()
    this.send({
      type: 'target',
      suggestion: { kind: 'target', targetId: String(a.id), attrs, base },
      text: why ? `${s.suggestion}: ${sentence}\n${why}` : `${s.suggestion}: ${sentence}`,
      origin: this.toggle
    })
    this.setOpen(false)
  }

  private fail(input: HTMLInputElement, message: string): void {
    if (this.fields) this.fields.error.textContent = message
    input.setAttribute('aria-invalid', 'true')
    input.focus()
    input.addEventListener('input', () => input.removeAttribute('aria-invalid'), { once: true })
  }
}
