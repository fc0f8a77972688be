import type { ChangeSummary, FieldChange, GoalChange } from '../../../schema/history'
import { fieldValueText } from '../conflicts/field-text'
import type { Strings } from '../i18n/strings'

// Versions and comparisons in words: the one-line summary and a goal-level
// change as "Sygedagpenge: mål 600 → 550 årspersoner, periode 2019 → 2020".

/** "3 mål ændret, 1 tilføjet, 12 afsnit redigeret" in the current language. */
export function summaryText(s: ChangeSummary, strings: Strings): string {
  const w = strings.history.summary
  const parts: string[] = []
  if (s.goalsChanged) parts.push(w.goalsChanged(s.goalsChanged))
  if (s.goalsAdded) parts.push(w.goalsAdded(s.goalsAdded, parts.length === 0))
  if (s.goalsRemoved) parts.push(w.goalsRemoved(s.goalsRemoved, parts.length === 0))
  if (s.paragraphsEdited) parts.push(w.paragraphsEdited(s.paragraphsEdited))
  return parts.length ? parts.join(', ') : w.none
}

const VALUE_FIELDS = new Set(['target.value', 'baseline.value'])

/** One field's value, with the target's unit after its numbers. */
function valueText(field: string, value: FieldChange['before'], unit: string | null | undefined, strings: Strings, lang: 'da' | 'en'): string {
  const text = fieldValueText(field, value, strings, lang)
  return VALUE_FIELDS.has(field) && typeof value === 'number' && unit ? `${text} ${strings.units[unit] ?? unit}` : text
}

/** One field of a change: "mål 600 → 550 årspersoner"; for an added or removed item only the value it has. */
export function fieldChangeText(c: GoalChange, f: FieldChange, strings: Strings, lang: 'da' | 'en'): string {
  const label = strings.history.fields[f.field] ?? f.field
  const side = c.kind.endsWith('-added') ? 'after' : c.kind.endsWith('-removed') ? 'before' : null
  if (side) return `${label} ${valueText(f.field, f[side], c.unit, strings, lang)}`
  // The unit once, after the new value, reads as people write it: "600 → 550 årspersoner".
  const before = fieldValueText(f.field, f.before, strings, lang)
  return `${label} ${before} → ${valueText(f.field, f.after, c.unit, strings, lang)}`
}

/** What a change is about: a target's indicator or a follow-up's date, else the goal's title. */
export const changeSubject = (c: GoalChange): string => c.label || c.goalTitle

/** A whole change in one line: "Sygedagpenge: mål 600 → 550 årspersoner, periode 2019 → 2020". */
export function changeLine(c: GoalChange, strings: Strings, lang: 'da' | 'en'): string {
  const fields = c.fields.map((f) => fieldChangeText(c, f, strings, lang)).join(', ')
  const subject = changeSubject(c)
  return subject ? `${subject}: ${fields}` : fields
}
