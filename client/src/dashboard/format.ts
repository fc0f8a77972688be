import { formatNumber, formatPeriod, type Lang, type TargetExport } from '../../../schema'

// Readable text for the dashboard's cells, in the words the target sentence
// uses ("464 årspersoner", "højst 438 årspersoner", "20 %"), Danish numbers.

const UNIT: Record<Lang, Record<string, string>> = {
  da: { persons: 'personer', fullTimePersons: 'årspersoner', percent: '%', weeks: 'uger', count: '' },
  en: { persons: 'persons', fullTimePersons: 'full-time persons', percent: '%', weeks: 'weeks', count: '' }
}
const BOUND: Record<Lang, Record<string, string>> = {
  da: { '<=': 'højst', '>=': 'mindst', '=': '' },
  en: { '<=': 'at most', '>=': 'at least', '=': '' }
}
const PER: Record<Lang, Record<string, string>> = {
  da: { week: 'pr. uge', month: 'pr. måned', quarter: 'pr. kvartal', year: 'pr. år' },
  en: { week: 'per week', month: 'per month', quarter: 'per quarter', year: 'per year' }
}
const words = (...parts: string[]) => parts.filter((p) => p !== '').join(' ')

/** A number with its unit: "12.500 personer", "20 %", "15". */
export function amount(value: number, unit: string | null, lang: Lang): string {
  return words(formatNumber(value, lang), UNIT[lang][unit ?? ''] ?? '')
}

/** A period or date as a reader says it: "december 2013", "30. juni 2019". */
export const periodText = (period: string | null, lang: Lang): string => (period ? formatPeriod(period, lang) : '')

/** The baseline: "464 årspersoner (2018)", or just the period, or "–". */
export function baselineText(t: TargetExport, lang: Lang): string {
  const b = t.baseline
  if (!b) return '–'
  const period = periodText(b.period, lang)
  if (b.value === null) return period || '–'
  return period ? `${amount(b.value, t.unit, lang)} (${period})` : amount(b.value, t.unit, lang)
}

/** The target: "højst 438 årspersoner (2019)", "mindst 63 årspersoner færre (december 2017)", "mindst 15 pr. måned". */
export function targetText(t: TargetExport, lang: Lang): string {
  const period = periodText(t.target.period, lang)
  const when = period ? ` (${period})` : ''
  if (t.kind === 'milestone') {
    const state = lang === 'da' ? (t.done ? 'gennemført' : 'ikke gennemført endnu') : t.done ? 'done' : 'not done yet'
    return lang === 'da' ? `${state}${period ? `, senest ${period}` : ''}` : `${state}${period ? `, by ${period}` : ''}`
  }
  const v = t.target.value
  if (v === null) return (lang === 'da' ? 'ingen målværdi' : 'no target value') + when
  const cmp = t.target.comparator ?? '='
  if (t.kind === 'change') {
    // "At most −63" is a fall of at least 63: the bound flips with the sign.
    const flipped = v < 0 ? (cmp === '<=' ? '>=' : cmp === '>=' ? '<=' : '=') : cmp
    const direction = lang === 'da' ? (v < 0 ? 'færre' : 'flere') : v < 0 ? 'fewer' : 'more'
    return words(BOUND[lang][flipped] ?? '', amount(Math.abs(v), t.unit, lang), direction) + when
  }
  return words(BOUND[lang][cmp] ?? '', amount(v, t.unit, lang), t.kind === 'rate' ? (PER[lang][t.per ?? ''] ?? '') : '') + when
}

/** A measured value with its unit, or "–" when none was entered. */
export const valueText = (value: number | null, unit: string | null, lang: Lang): string => (value === null ? '–' : amount(value, unit, lang))
