/** The languages the product speaks. Danish is the default everywhere. */
export type Lang = 'da' | 'en'

/**
 * Format a number the way the reader expects: Danish uses `.` for thousands
 * and `,` for decimals ("12.500", "10,4"); English the other way round.
 */
export function formatNumber(n: number, lang: Lang = 'da'): string {
  if (!Number.isFinite(n)) return String(n)
  const negative = n < 0
  const [int, frac] = Math.abs(n).toString().split('.') as [string, string | undefined]
  const thousands = lang === 'da' ? '.' : ','
  const decimal = lang === 'da' ? ',' : '.'
  const grouped = int.length > 4 || (int.length === 4 && lang === 'en') ? int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : int
  return (negative ? '-' : '') + grouped + (frac ? decimal + frac : '')
}

const THOUSANDS_BY_SPACE = /^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$/

/**
 * Parse a number as a Danish reader writes it ("12.500", "10,4", "-3", "1.234,5").
 * A dot followed by exactly three digits is a thousands separator; a comma is
 * the decimal mark. A plain "10.5" (English style) is read as 10.5. Returns null
 * for anything that is not a whole number string.
 */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/^\u2212/, '-')
  // A space may group thousands ("12 500"); any other space means the text
  // is not one number ("2019 10,4" is two, not 201910,4).
  const s = THOUSANDS_BY_SPACE.test(trimmed) ? trimmed.replace(/[ \u00a0\u202f]/g, '') : trimmed
  if (s === '') return null
  let normalised: string
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normalised = s.replace(/\./g, '').replace(',', '.')
  else if (/^-?\d+(,\d+)?$/.test(s)) normalised = s.replace(',', '.')
  else if (/^-?\d+\.\d+$/.test(s)) normalised = s
  else return null
  const n = Number(normalised)
  return Number.isFinite(n) ? n : null
}

const PERCENT_SIGN = /\s*(?:%|pct\.?|procent|percent)$/i

/**
 * Parse a value typed into a percentage field: a number as parseNumber reads
 * it, with or without a percent sign or word ("15 %", "15%", "-15 pct.",
 * "10,5 procent"). Returns null for anything else.
 */
export function parsePercent(text: string): number | null {
  const trimmed = text.trim()
  const bare = trimmed.replace(PERCENT_SIGN, '')
  return bare === '' ? null : parseNumber(bare)
}
