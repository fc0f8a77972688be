import type { Lang } from './numbers'

// Periods are strings: `2015`, `2015-12`, `2015-Q4`, `2015-H1`, `2015-06-30`.
// They stay strings because plans speak of "ultimo 2015", "1. halvår 2020" and
// "december 2013", not instants.

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?|-Q([1-4])|-H([12]))?$/

/** Whether a value is a period string this model understands. */
export const isPeriod = (value: unknown): value is string => typeof value === 'string' && PERIOD.test(value)

/** The parts of a period string, or null when it is not one. */
export interface PeriodParts {
  year: number
  month: number | null
  day: number | null
  quarter: number | null
  half: number | null
}

/** Split a period string into its parts (the dashboard's time axis reads them). */
export function periodParts(period: string): PeriodParts | null {
  const m = PERIOD.exec(period)
  if (!m) return null
  const n = (s: string | undefined) => (s === undefined ? null : Number(s))
  return { year: Number(m[1]), month: n(m[2]), day: n(m[3]), quarter: n(m[4]), half: n(m[5]) }
}

const MONTHS_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december']
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Render a period for a reader: `2013-12` → "december 2013". Unknown shapes are shown as written. */
export function formatPeriod(period: string, lang: Lang = 'da'): string {
  const p = periodParts(period)
  if (!p) return period
  const months = lang === 'da' ? MONTHS_DA : MONTHS_EN
  if (p.day) return lang === 'da' ? `${p.day}. ${months[p.month! - 1]} ${p.year}` : `${p.day} ${months[p.month! - 1]} ${p.year}`
  if (p.month) return `${months[p.month - 1]} ${p.year}`
  if (p.quarter) return lang === 'da' ? `${p.quarter}. kvartal ${p.year}` : `Q${p.quarter} ${p.year}`
  if (p.half) return lang === 'da' ? `${p.half}. halvår ${p.year}` : `H${p.half} ${p.year}`
  return String(p.year)
}

// Month words as people write them, full or abbreviated, Danish or English
// (the form shows English names in English mode, so they must read back).
const MONTH_WORDS: ReadonlyArray<readonly string[]> = [
  ['januar', 'january', 'jan'],
  ['februar', 'february', 'feb'],
  ['marts', 'march', 'mar', 'mrts'],
  ['april', 'apr'],
  ['maj', 'may'],
  ['juni', 'june', 'jun'],
  ['juli', 'july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['oktober', 'october', 'okt', 'oct'],
  ['november', 'nov'],
  ['december', 'dec']
]
const MONTH_OF = new Map(MONTH_WORDS.flatMap((words, i) => words.map((w) => [w, i + 1] as const)))
const MONTH = `(${[...MONTH_OF.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?`
const YEAR = '(\\d{4})'

const pad = (n: number | string) => String(n).padStart(2, '0')

/** `YYYY-MM-DD` when the day exists in that month (no 31 February), else null. */
function day(year: string, month: number, d: number): string | null {
  if (month < 1 || month > 12 || d < 1) return null
  const last = new Date(Date.UTC(Number(year), month, 0)).getUTCDate()
  return d <= last ? `${year}-${pad(month)}-${pad(d)}` : null
}

const month = (year: string, m: number): string | null => (m >= 1 && m <= 12 ? `${year}-${pad(m)}` : null)

// Each form and what it reads to; tried in order, the whole text must match.
const FORMS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string | null]> = [
  // 2019, 2019-12, 2019-Q4, 2019-H1, 2019-12-31 (the stored forms)
  [
    /^(\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?|-q[1-4]|-h[12])?)$/,
    (m) => {
      const s = m[1]!.toUpperCase()
      const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
      return d ? day(d[1]!, Number(d[2]), Number(d[3])) : s
    }
  ],
  // 31.12.2019, 31/12/2019, 31-12-2019
  [/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/, (m) => day(m[3]!, Number(m[2]), Number(m[1]))],
  // 12.2019, 12/2019, 2019/12
  [/^(\d{1,2})[./](\d{4})$/, (m) => month(m[2]!, Number(m[1]))],
  [/^(\d{4})\/(\d{1,2})$/, (m) => month(m[1]!, Number(m[2]))],
  // december 2019, dec. 2019, jan 2020, ultimo december 2019
  [new RegExp(`^(?:ultimo |primo |medio )?${MONTH},? ${YEAR}$`), (m) => month(m[2]!, MONTH_OF.get(m[1]!)!)],
  // 31. december 2019, 31. dec. 2019, 31 December 2019, December 31, 2019
  [new RegExp(`^(\\d{1,2})\\.? ${MONTH},? ${YEAR}$`), (m) => day(m[3]!, MONTH_OF.get(m[2]!)!, Number(m[1]))],
  [new RegExp(`^${MONTH} (\\d{1,2}),? ${YEAR}$`), (m) => day(m[3]!, MONTH_OF.get(m[1]!)!, Number(m[2]))],
  // 4. kvartal 2019, 4. kvt. 2019, Q4 2019, 2019 Q4, 4Q 2019
  [new RegExp(`^([1-4])\\.? ?(?:kvartal|kvt\\.?) (?:i |af )?${YEAR}$`), (m) => `${m[2]}-Q${m[1]}`],
  [new RegExp(`^q([1-4]) ?(?:i |of )?${YEAR}$`), (m) => `${m[2]}-Q${m[1]}`],
  [new RegExp(`^([1-4])q ${YEAR}$`), (m) => `${m[2]}-Q${m[1]}`],
  [new RegExp(`^${YEAR} ?q([1-4])$`), (m) => `${m[1]}-Q${m[2]}`],
  // 1. halvår 2020, første halvår 2020, andet halvår 2020, H1 2020, 2020 H2
  [new RegExp(`^([12])\\.? ?halvår (?:i |af )?${YEAR}$`), (m) => `${m[2]}-H${m[1]}`],
  [new RegExp(`^(første|andet|sidste) halvår (?:i |af )?${YEAR}$`), (m) => `${m[2]}-H${m[1] === 'første' ? 1 : 2}`],
  [new RegExp(`^h([12]) ?(?:i |of )?${YEAR}$`), (m) => `${m[2]}-H${m[1]}`],
  [new RegExp(`^${YEAR} ?h([12])$`), (m) => `${m[1]}-H${m[2]}`],
  // ultimo 2015, udgangen af 2015, end of 2015; primo 2016, start of 2016
  [new RegExp(`^(?:ultimo|udgangen af|slutningen af|end of|the end of) ${YEAR}$`), (m) => `${m[1]}-12`],
  [new RegExp(`^(?:primo|starten af|begyndelsen af|start of|the start of|beginning of|the beginning of) ${YEAR}$`), (m) => `${m[1]}-01`]
]

/**
 * Read a period as people write it into a period string. Danish readers write
 * "december 2013", "dec. 2019", "jan 2020", "31.12.2019", "30. juni 2019",
 * "4. kvartal 2015", "Q4 2019", "1. halvår 2020", "ultimo 2015", "primo 2016";
 * the stored forms (`2015`, `2015-12`, `2015-Q4`, `2015-H1`, `2015-06-30`) and
 * what formatPeriod writes in either language read back to themselves.
 * Returns null when the text is not one period (also for a day that does not
 * exist, such as 31.02.2019).
 */
export function parsePeriod(text: string): string | null {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(?:i|in|den|the) /, '')
  for (const [re, read] of FORMS) {
    const m = re.exec(s)
    if (m) return read(m)
  }
  return null
}
