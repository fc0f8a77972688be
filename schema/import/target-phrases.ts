import { parseNumber } from '../numbers'
import type { Comparator, Unit } from '../vocabulary'

// The pieces a Danish target sentence is made of, found in free text: periods
// ("ultimo 2015", "i december 2013", "31. december 2013", "3. kvartal 2015"),
// numbers with what follows them (a unit, a counted noun, or a qualifier such
// as "over 52 uger" that is not the target), bound words and target groups.

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december']
const MONTH = MONTHS.join('|')

/** A period found in a clause. */
export interface PeriodHit {
  start: number
  end: number
  period: string
  /** Written as what the target is compared with: "sammenlignet med 2015", "i f.t. 2014", "end ultimo 2014". */
  reference: boolean
  /** Written as a deadline: "senest december 2017". */
  deadline: boolean
}

const PERIOD_RE = new RegExp(
  `(?<![\\p{L}\\d])(?:(ultimo|primo|medio|udgangen af|slutningen af|starten af|begyndelsen af)\\s+)?` +
    `(?:(\\d{1,2})\\.\\s*(${MONTH})\\s+|(${MONTH})(?:\\s+måned)?\\s+|([1-4])\\.\\s*kvartal\\s+)?` +
    `((?:19|20)\\d{2})(?![\\d.,]\\d|\\s*(?:%|personer|årspersoner|borgere|sager|ledige|unge|uger|kr))(?![\\p{L}\\d])`,
  'giu'
)
const REFERENCE_BEFORE = /(?:sammenlignet med|i forhold til|i f\.t\.|ift\.?|end|mod|siden|fra)\s+(?:(?:niveauet|det|samme|tidspunkt|i)\s+)*$/i
const DEADLINE_BEFORE = /senest\s+(?:i\s+)?$/i

/** Every period phrase in a clause, in order. */
export function findPeriods(clause: string): PeriodHit[] {
  const hits: PeriodHit[] = []
  for (const m of clause.matchAll(PERIOD_RE)) {
    const [, edge, day, dayMonth, month, quarter, year] = m
    let period = year!
    if (day && dayMonth) period = `${year}-${pad(MONTHS.indexOf(dayMonth.toLowerCase()) + 1)}-${pad(Number(day))}`
    else if (month) period = `${year}-${pad(MONTHS.indexOf(month.toLowerCase()) + 1)}`
    else if (quarter) period = `${year}-Q${quarter}`
    else if (edge) period = `${year}-${/^(ultimo|udgangen|slutningen)/i.test(edge) ? '12' : /^medio/i.test(edge) ? '06' : '01'}`
    const before = wordsBefore(clause, m.index!)
    hits.push({ start: m.index!, end: m.index! + m[0].length, period, reference: REFERENCE_BEFORE.test(before), deadline: DEADLINE_BEFORE.test(before) })
  }
  return hits
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** Replace the given spans by `§` so numbers inside them are not read, keeping every index. */
export function mask(text: string, spans: { start: number; end: number }[]): string {
  const chars = [...text.split('')]
  for (const { start, end } of spans) for (let i = start; i < end && i < chars.length; i++) chars[i] = '§'
  return chars.join('')
}

/** The last few words before an index: bound words and prepositions are read from here, in constant time. */
export const wordsBefore = (text: string, index: number): string => text.slice(Math.max(0, index - 60), index)

/** What the word after a number says about it. */
export type UnitReading =
  | { kind: 'unit'; unit: Unit; explicit: boolean }
  /** A unit the model has no place for (years, months, hours, kroner): the target cannot be kept as numbers. */
  | { kind: 'unsupported'; word: string }
  /** "18 måneders", "3-årige": the number describes something else. */
  | { kind: 'qualifier' }

/** A number in a clause that may be a target value. */
export interface NumberHit {
  start: number
  end: number
  value: number
  reading: UnitReading
  /** Index just after the unit word (or the number when there is none). */
  unitEnd: number
  /** The bound written just before it ("minimum", "maks.", "højst", "må ikke overstige", "under"), if any. */
  bound: Comparator | null
  /** Where the bound word starts (the number's start when there is none). */
  boundStart: number
}

// Danish forms first ("12.500", "1.234,5", "10,4"); "10.5" (English decimals, not three digits) too, as parseNumber reads it.
const NUMBER_RE = /(?<![\p{L}\d.,§])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+\.(?:\d{1,2}|\d{4,})|\d+(?:,\d+)?)(?![\p{L}\d]|[.,]\d)/gu
const LABEL_BEFORE =
  /(?:^|[^\p{L}])(?:mål|ministermål|målsætning|nr\.?|bilag|side|kapitel|trin|fase|bevilling|bevillingsmål|punkt|paragraf|§|klasse|uge|runde|version|kvartal)\s*$/iu
/** "match 2", "målgruppe 3", "afsnit 4": a number naming a group, step or section, not a count. */
const NAMING_NOUN_BEFORE =
  /(?:^|[^\p{L}])\p{L}*(?:match|gruppe|afsnit|kategori|spor|niveau|pulje|team|model|indsatsområde|fokusområde|delmål|pejlemærke|tabel|figur)\s*$/iu
const DETERMINER_BEFORE = /(?:^|\s)(?:de|den|det|disse|begge|vores|deres|første)\s+$/i
const DURATION_QUALIFIER_BEFORE = /(?:^|\s)(?:over|mere end|længere end|efter|indenfor|inden for|ved|i mindst|op til|under|mindre end|kortere end|i)\s+$/i
const WEEKS_QUALIFIER_BEFORE = /(?:^|\s)(?:over|mere end|længere end|efter|indenfor|inden for|ved|op til)\s+$/i

/** Bound words written just before a number, longest first so "ikke mere end" wins over "mere end". */
const BOUNDS: [RegExp, Comparator][] = [
  [
    /(?:^|\s)(?:ikke (?:mere|flere|over) end|ikke over|ikke overstige|maksimum|maksimalt|maks\.?|max\.?|højst|overstige|overstiger|under|mindre end|færre end|ned på|ned under)\s+(?:(?:være|blive|udgøre|på)\s+)*$/i,
    '<='
  ],
  [/(?:^|\s)(?:ikke (?:mindre|færre) end|ikke under|minimum|minimalt|mindst|min\.?|over|mere end|flere end|op på)\s+(?:(?:være|blive|udgøre|på)\s+)*$/i, '>=']
]

/** Read the word after a number. */
function readUnit(after: string, before: string): { reading: UnitReading; length: number } {
  // "3 nye sagsbehandlere": staff counted behind an adjective are still staff.
  const staff = /^\s*(?:nye|flere|ekstra|faste)\s+(ansatte|medarbejdere|sagsbehandlere|konsulenter|stillinger|årsværk)(?![\p{L}])/iu.exec(after)
  if (staff) return { reading: { kind: 'unsupported', word: staff[1]!.toLowerCase() }, length: staff[0].length }
  const m = /^\s*(%|[\p{L}-]+\.?)/u.exec(after)
  if (!m) return { reading: { kind: 'unit', unit: 'count', explicit: false }, length: 0 }
  const word = m[1]!.toLowerCase()
  const bare = word.replace(/\.$/, '')
  const length = m[0].length
  if (word === '%') return { reading: { kind: 'unit', unit: 'percent', explicit: true }, length }
  if (/^(?:års|helårs|fuldtids)personer$/.test(bare)) return { reading: { kind: 'unit', unit: 'fullTimePersons', explicit: true }, length }
  // Staff and frequencies are counts, but not of what a plan's targets count (issue #15: "opnormeret fra 1 til 2 ansatte", "1 gang om året").
  if (/^(?:ansatte|ansat|medarbejdere|medarbejder|årsværk|stillinger|stilling|konsulenter|konsulent|sagsbehandlere|sagsbehandler|gange|gang)$/u.test(bare)) {
    return { reading: { kind: 'unsupported', word: bare }, length }
  }
  if (/^(?:personer|person|borgere|borger|ledige|unge|sygemeldte|flygtninge|deltagere|elever|\p{L}*modtagere|\p{L}*modtager)$/u.test(bare)) {
    return { reading: { kind: 'unit', unit: 'persons', explicit: true }, length }
  }
  if (/^(?:måneders|ugers|års|dages|timers|mdrs|årig|årige|måneds|\p{L}*årig|\p{L}*årige)$/u.test(bare) || /^-/.test(bare))
    return { reading: { kind: 'qualifier' }, length }
  if (bare === 'uger' || bare === 'uge') {
    if (WEEKS_QUALIFIER_BEFORE.test(before)) return { reading: { kind: 'qualifier' }, length }
    return { reading: { kind: 'unit', unit: 'weeks', explicit: true }, length }
  }
  if (/^(?:år|måneder|måned|mdr|md|dage|dag|timer|time|minutter|kr|kroner|mio|mia|procentpoint|point)$/.test(bare)) {
    if (DURATION_QUALIFIER_BEFORE.test(before)) return { reading: { kind: 'qualifier' }, length }
    return { reading: { kind: 'unsupported', word: bare }, length }
  }
  return { reading: { kind: 'unit', unit: 'count', explicit: false }, length: 0 }
}

/**
 * The numbers of a clause that could be target values, in order. Periods must
 * already be masked. Ranges ("3-6"), ordinals ("9."), labels ("Mål 1") and
 * numbers after a determiner ("de 8 jobcentre") are left out.
 */
export function findNumbers(masked: string): NumberHit[] {
  const hits: NumberHit[] = []
  for (const m of masked.matchAll(NUMBER_RE)) {
    const start = m.index!
    const end = start + m[0].length
    const before = wordsBefore(masked, start)
    const after = masked.slice(end, end + 60)
    if (/^\s*[-–]\s*\d/.test(after) || /\d\s*[-–]\s*$/.test(before)) continue
    if (/^\.(?!\d)/.test(after) || /^\s*:/.test(after)) continue
    if (LABEL_BEFORE.test(before) || NAMING_NOUN_BEFORE.test(before) || DETERMINER_BEFORE.test(before)) continue
    // "skal 1) styrke …", "a) … 2)": an enumeration, unless a parenthesis is open around it ("(fra 500 til 400)").
    if (/^\)/.test(after) && before.lastIndexOf('(') <= before.lastIndexOf(')')) continue
    // "1 Det skal bemærkes …": a footnote or list number in front of a sentence.
    if (before.trim() === '' && start < 60 && /^\s+\p{Lu}/u.test(after)) continue
    // A minus sign stands after a space ("på −5 %"); a dash after a letter joins words ("A-5").
    const sign = /(?:^|\s)[-\u2212]$/.test(before) ? -1 : 1
    if (sign > 0 && /[-\u2212–]$/.test(before)) continue
    const parsed = parseNumber(m[0])
    if (parsed === null) continue
    const value = sign * parsed
    const { reading, length } = readUnit(after, before)
    let bound: Comparator | null = null
    let boundStart = start
    for (const [re, cmp] of BOUNDS) {
      const b = re.exec(before)
      if (b) {
        bound = cmp
        boundStart = start - before.length + b.index + (/^\s/.test(b[0]) ? 1 : 0)
        break
      }
    }
    hits.push({ start, end, value, reading, unitEnd: end + length, bound, boundStart })
  }
  return hits
}

/** Verbs of a fall and of a rise, as a target names its direction ("skal reduceres", "er steget"). */
export const DOWN =
  'reduceret|reduceres|reducere|nedbragt|nedbringes|nedbringe|nedsat|nedsættes|nedsætte|mindsket|mindskes|mindske|faldet|falde|falder|sænket|sænkes|sænke|begrænset|begrænses|begrænse|forkortet|forkortes|forkorte'
export const UP =
  'øget|øges|øge|forøget|forøges|forøge|steget|stige|stiger|hævet|hæves|hæve|forbedret|forbedres|forbedre|udvidet|udvides|udvide|vokset|vokse|vokser'
/** "15 % færre", "63 sager færre", "10 procent flere ledige". */
export const COMPARATIVE_AFTER = /^\s*(?:\p{L}+\s+)??(?:(færre|mindre|lavere|kortere)|(flere|mere|højere|længere))(?![\p{L}])/iu

/** Target groups, most specific first: "sygedagpengesager" is sygedagpenge, not dagpenge. */
const GROUPS: [RegExp, string][] = [
  [/ledighedsydelse/, 'ledighedsydelse'],
  [/jobafklaring/, 'jobafklaring'],
  [/sygedagpenge|sygemeld/, 'sygedagpenge'],
  [/ressourceforløb/, 'ressourceforloeb'],
  [/uddannelseshjælp/, 'uddannelseshjaelp'],
  [/kontanthjælp/, 'kontanthjaelp'],
  [/forsikrede|(?:^|[^\p{L}])(?:a-)?dagpenge|a-kasse/u, 'forsikrede'],
  [/langtidsledig/, 'langtidsledige'],
  [/fleksjob/, 'fleksjob'],
  [/(?:^|[^\p{L}])unge(?:[^\p{L}]|$)|ungdomsuddannelse/u, 'unge'],
  [/(?:^|[^\p{L}])virksomhed(?:er|erne|en)?(?:[^\p{L}]|$)|jobåbning/u, 'virksomheder']
]

/** The KNOWN_TARGET_GROUPS key a sentence names, or '' when it names none. */
export function findTargetGroup(sentence: string): string {
  const s = sentence.toLowerCase()
  // The group named first is the one the sentence is about; on a tie the more specific wins.
  let best: { at: number; group: string } | null = null
  for (const [re, group] of GROUPS) {
    const at = s.search(re)
    if (at >= 0 && (best === null || at < best.at)) best = { at, group }
  }
  return best?.group ?? ''
}
