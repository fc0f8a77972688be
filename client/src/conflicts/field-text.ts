import { formatNumber, formatPeriod, targetGroupLabel, type FieldValue } from '../../../schema'
import type { Strings } from '../i18n/strings'

// How a typed field of a target or follow-up is named and shown to people
// (the conflict badge lists values; the comparison table shows before → after).

/** The editor's label of a target or follow-up attribute ("Mål (tal)"), the attribute's name when it has none. */
export function attrLabel(nodeType: string, field: string, s: Strings): string {
  if (nodeType === 'follow_up') {
    const labels: Record<string, string> = { targetId: s.followUpTarget, date: s.date, value: s.value, status: s.status, note: s.note }
    return labels[field] ?? field
  }
  if (field === 'done') return s.milestoneDone
  const label = (s as unknown as Record<string, unknown>)[field]
  return typeof label === 'string' ? label : field
}

/**
 * A field's value as read aloud and shown: numbers and periods the way the
 * plan writes them, choices by their words, nothing as a dash. `field` is an
 * attribute name (targetValue) or a comparison field (target.value).
 */
export function fieldValueText(field: string, value: FieldValue, s: Strings, lang: 'da' | 'en'): string {
  if (value === null || value === '') return s.history.empty
  if (typeof value === 'boolean') return value ? s.history.yes : s.history.no
  if (typeof value === 'number') return formatNumber(value, lang)
  const last = field.split('.').at(-1)!
  if (/period$/i.test(last) || field === 'date') return field === 'date' ? value : formatPeriod(value, lang)
  // A target group is stored as a code ("kontanthjaelp"): people see its label (issue #15).
  if (last === 'targetGroup') return targetGroupLabel(value, lang)
  const words: Record<string, Record<string, string>> = { kind: s.kinds, unit: s.units, comparator: s.comparators, per: s.pers, status: s.statuses }
  return words[last]?.[value] ?? value
}
