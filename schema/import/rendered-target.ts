import { parseNumber } from '../numbers'
import { parsePeriod } from '../periods'
import { targetGroupFromLabel } from '../target-groups'
import type { TargetSpec } from '../target-model'
import type { Comparator, RatePeriod, Unit } from '../vocabulary'

// Reads back the Danish sentences targetSentence writes, exactly: a plan that
// was exported from Fællesplan and imported again keeps every attribute the
// sentence shows, including `=` comparators and values or periods not set
// yet, which the free-text reading (target-parser.ts) would guess differently.

const MONTH = '(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)'
/** A period as formatPeriod writes it. */
const PERIOD = `(\\d{1,2}\\. ${MONTH} \\d{4}|${MONTH} \\d{4}|[1-4]\\. kvartal \\d{4}|[12]\\. halvår \\d{4}|\\d{4})`
/** A number as formatNumber writes it. */
const NUMBER = '-?\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|-?\\d+(?:,\\d+)?'
/** A number with its unit word (count has none), or the words for a value not set yet; read by `readAmount`. */
const AMOUNT = `((?:${NUMBER})(?: (?:personer|person|årspersoner|årsperson|%|uger|uge))?|et endnu ikke fastsat antal(?: personer| årspersoner| uger)?|en endnu ikke fastsat procentdel)`
const BOUND = '(?:(højst|mindst) )?'
/** " i <period>", optional. */
const IN = `(?: i ${PERIOD})?`
/** Where a level or share starts: an amount with an optional period, or "niveauet i <period>". */
const FROM = `(?:niveauet i ${PERIOD}|${AMOUNT}${IN})`

const LEVEL = new RegExp(`^(.+?) skal gå (?:fra ${FROM} )?til ${BOUND}${AMOUNT}${IN}$`)
const SHARE = new RegExp(`^(.+?) skal udgøre ${BOUND}${AMOUNT}${IN}(?: mod ${FROM})?$`)
const CHANGE = new RegExp(`^(.+?) skal${IN} være (reduceret|øget|ændret) med ${BOUND}${AMOUNT}(?: sammenlignet med ${PERIOD})?$`)
const RATE = new RegExp(`^(.+?): ${BOUND}(?:${AMOUNT} pr\\. (uge|måned|kvartal|år)|løbende ${AMOUNT})${IN}$`)
const MILESTONE = new RegExp(`^(.+?) – gennemføres(?: senest ${PERIOD})? \\((gennemført|ikke gennemført endnu)\\)$`)
const GROUP = /^(.*) \(målgruppe: ([^()]+)\)$/

const UNITS: Record<string, Unit> = {
  person: 'persons',
  personer: 'persons',
  årsperson: 'fullTimePersons',
  årspersoner: 'fullTimePersons',
  '%': 'percent',
  uge: 'weeks',
  uger: 'weeks',
  procentdel: 'percent'
}
const PER: Record<string, RatePeriod> = { uge: 'week', måned: 'month', kvartal: 'quarter', år: 'year' }

/** An amount as targetSentence writes it: its value (null when not set yet) and unit. */
function readAmount(text: string): { value: number | null; unit: Unit } {
  const unset = /^(?:et endnu ikke fastsat antal|en endnu ikke fastsat) ?(.*)$/.exec(text)
  if (unset) return { value: null, unit: unset[1] ? UNITS[unset[1]]! : 'count' }
  const [n, word] = text.split(' ') as [string, string | undefined]
  return { value: parseNumber(n), unit: word ? UNITS[word]! : 'count' }
}
const period = (text: string | undefined): string | null => (text === undefined ? null : parsePeriod(text))
const bound = (word: string | undefined): Comparator => (word === 'højst' ? '<=' : word === 'mindst' ? '>=' : '=')
/** targetSentence writes "Målet" for an empty indicator. */
const indicator = (text: string): string => (text === 'Målet' ? '' : text)

/** The baseline of a level or share from the FROM groups, or null when the sentence names none; undefined when its unit differs from the target's. */
function baselineOf(levelPeriod: string | undefined, from: string | undefined, fromPeriod: string | undefined, unit: Unit): TargetSpec['baseline'] | undefined {
  if (levelPeriod !== undefined) return { value: null, period: period(levelPeriod) }
  if (from === undefined) return null
  const a = readAmount(from)
  if (a.unit !== unit) return undefined
  return { value: a.value, period: period(fromPeriod) }
}

/**
 * Read a sentence in exactly the form targetSentence(attrs, 'da') writes it.
 * Returns null for any other sentence.
 */
export function readRenderedTarget(sentence: string): TargetSpec | null {
  let text = sentence.trim()
  let targetGroup = ''
  const group = GROUP.exec(text)
  if (group) {
    text = group[1]!
    targetGroup = targetGroupFromLabel(group[2]!)
  }
  const source = sentence.trim()
  let m = LEVEL.exec(text)
  if (m) {
    const [, ind, levelPeriod, from, fromPeriod, cmp, amount, tPeriod] = m
    const t = readAmount(amount!)
    const baseline = baselineOf(levelPeriod, from, fromPeriod, t.unit)
    if (baseline === undefined) return null
    return {
      kind: 'level',
      indicator: indicator(ind!),
      targetGroup,
      unit: t.unit,
      baseline,
      target: { value: t.value, period: period(tPeriod), comparator: bound(cmp) },
      source
    }
  }
  m = SHARE.exec(text)
  if (m) {
    const [, ind, cmp, amount, tPeriod, levelPeriod, from, fromPeriod] = m
    const t = readAmount(amount!)
    const baseline = baselineOf(levelPeriod, from, fromPeriod, t.unit)
    if (baseline === undefined) return null
    return {
      kind: 'share',
      indicator: indicator(ind!),
      targetGroup,
      unit: t.unit,
      baseline,
      target: { value: t.value, period: period(tPeriod), comparator: bound(cmp) },
      source
    }
  }
  m = CHANGE.exec(text)
  if (m) {
    const [, ind, tPeriod, verb, cmp, size, bPeriod] = m
    const { value: magnitude, unit } = readAmount(size!)
    const down = verb === 'reduceret'
    // targetSentence flips the bound word for a fall ("at most −15" is "a fall of at least 15").
    const written = bound(cmp)
    const comparator: Comparator = down ? (written === '<=' ? '>=' : written === '>=' ? '<=' : '=') : written
    if (down && (magnitude === null || magnitude <= 0)) return null
    if ((verb === 'ændret') !== (magnitude === null)) return null
    return {
      kind: 'change',
      indicator: indicator(ind!),
      targetGroup,
      unit,
      baseline: { value: null, period: period(bPeriod) },
      target: { value: magnitude === null ? null : down ? -magnitude : magnitude, period: period(tPeriod), comparator },
      source
    }
  }
  m = RATE.exec(text)
  if (m) {
    const [, ind, cmp, perAmount, per, runAmount, tPeriod] = m
    const running = per === undefined
    const t = readAmount((running ? runAmount : perAmount)!)
    return {
      kind: 'rate',
      indicator: indicator(ind!),
      targetGroup,
      unit: t.unit,
      baseline: null,
      target: { value: t.value, period: period(tPeriod), comparator: bound(cmp) },
      per: running ? null : PER[per]!,
      source
    }
  }
  m = MILESTONE.exec(text)
  if (m) {
    const [, ind, tPeriod, state] = m
    return {
      kind: 'milestone',
      indicator: indicator(ind!),
      targetGroup,
      unit: 'count',
      baseline: null,
      target: { value: null, period: period(tPeriod), comparator: '=' },
      done: state === 'gennemført',
      source
    }
  }
  return null
}
