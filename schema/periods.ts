import type { Lang } from './numbers'

// Periods are strings: `2015`, `2015-12`, `2015-Q4`, `2015-06-30`. They stay
// strings because plans speak of "ultimo 2015" and "december 2013", not instants.

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?|-Q([1-4]))?$/

/** Whether a value is a period string this model understands. */
export const isPeriod = (value: unknown): value is string => typeof value === 'string' && PERIOD.test(value)

const MONTHS_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december']
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Render a period for a reader: `2013-12` → "december 2013". Unknown shapes are shown as written. */
export function formatPeriod(period: string, lang: Lang = 'da'): string {
  const m = PERIOD.exec(period)
  if (!m) return period
  const [, year, month, day, quarter] = m
  const months = lang === 'da' ? MONTHS_DA : MONTHS_EN
  if (day) return lang === 'da' ? `${Number(day)}. ${months[Number(month) - 1]} ${year}` : `${Number(day)} ${months[Number(month) - 1]} ${year}`
  if (month) return `${months[Number(month) - 1]} ${year}`
  if (quarter) return lang === 'da' ? `${quarter}. kvartal ${year}` : `Q${quarter} ${year}`
  return year!
}

/**
 * Read a Danish period phrase into a period string: "december 2013" → `2013-12`,
 * "ultimo 2015" → `2015-12`, "primo 2016" → `2016-01`, "2015" → `2015`,
 * "4. kvartal 2015" → `2015-Q4`, "30. juni 2019" → `2019-06-30` (what formatPeriod
 * writes for a day). Returns null when no period is recognised.
 */
export function parsePeriod(text: string): string | null {
  const s = text.trim().toLowerCase()
  if (PERIOD.test(s.toUpperCase())) return s.toUpperCase()
  let m = /^(?:i\s+)?(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})$/.exec(s)
  if (m) return `${m[2]}-${String(MONTHS_DA.indexOf(m[1]!) + 1).padStart(2, '0')}`
  m = /^(?:den\s+)?(\d{1,2})\.\s*(januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+(\d{4})$/.exec(s)
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 31) return `${m[3]}-${String(MONTHS_DA.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  m = /^(ultimo|udgangen af|slutningen af)\s+(\d{4})$/.exec(s)
  if (m) return `${m[2]}-12`
  m = /^(primo|starten af|begyndelsen af)\s+(\d{4})$/.exec(s)
  if (m) return `${m[2]}-01`
  m = /^([1-4])\.\s*kvartal\s+(\d{4})$/.exec(s)
  if (m) return `${m[2]}-Q${m[1]}`
  return null
}
