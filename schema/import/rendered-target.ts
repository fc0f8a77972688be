import { parseNumber } from '../numbers'
import { parsePeriod } from '../periods'
import type { TargetSpec } from '../target-model'
import type { Comparator, RatePeriod, Unit } from '../vocabulary'

// Reads back the Danish sentences targetSentence writes, exactly: a plan that
// was exported from Fællesplan and imported again keeps every attribute the
// sentence shows, including `=` comparators and `?` for missing values, which
// the free-text reading (target-parser.ts) would guess differently.

const MONTH = '(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)'
/** A period as formatPeriod writes it, or "?" for none. */
const PERIOD = `(\\?|\\d{1,2}\\. ${MONTH} \\d{4}|${MONTH} \\d{4}|[1-4]\\. kvartal \\d{4}|[12]\\. halvår \\d{4}|\\d{4})`
/** A number as formatNumber writes it, or "?" for none. */
const NUMBER = '(\\?|-?\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|-?\\d+(?:,\\d+)?)'
/** Unit words; count has none. */
const UNIT = '(?: (personer|årspersoner|%|uger))?'
const AMOUNT = NUMBER + UNIT
const BOUND = '(?:(højst|mindst) )?'

const LEVEL = new RegExp(`^(.+?) skal gå (?:fra ${AMOUNT} i ${PERIOD} )?til ${BOUND}${AMOUNT} i ${PERIOD}$`)
const SHARE = new RegExp(`^(.+?) skal udgøre ${BOUND}${AMOUNT} i ${PERIOD}(?: mod ${AMOUNT} i ${PERIOD})?$`)
const CHANGE = new RegExp(`^(.+?) skal i ${PERIOD} være (reduceret|øget) med ${BOUND}${AMOUNT} sammenlignet med ${PERIOD}$`)
const RATE = new RegExp(`^(.+?): ${BOUND}(?:${AMOUNT} pr\\. (uge|måned|kvartal|år)|løbende ${AMOUNT})(?: i ${PERIOD})?$`)
const MILESTONE = new RegExp(`^(.+?) – gennemføres senest ${PERIOD} \\((gennemført|ikke gennemført endnu)\\)$`)
const GROUP = /^(.*) \(målgruppe: ([^()]+)\)$/

const UNITS: Record<string, Unit> = { personer: 'persons', årspersoner: 'fullTimePersons', '%': 'percent', uger: 'weeks' }
const PER: Record<string, RatePeriod> = { uge: 'week', måned: 'month', kvartal: 'quarter', år: 'year' }

const value = (text: string | undefined): number | null => (text === undefined || text === '?' ? null : parseNumber(text))
const period = (text: string | undefined): string | null => (text === undefined || text === '?' ? null : parsePeriod(text))
const unit = (word: string | undefined): Unit => (word ? UNITS[word]! : 'count')
const bound = (word: string | undefined): Comparator => (word === 'højst' ? '<=' : word === 'mindst' ? '>=' : '=')
/** targetSentence writes "Målet" for an empty indicator. */
const indicator = (text: string): string => (text === 'Målet' ? '' : text)

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
    targetGroup = group[2]!.trim()
  }
  const source = sentence.trim()
  let m = LEVEL.exec(text)
  if (m) {
    const [, ind, bValue, bUnit, bPeriod, cmp, tValue, tUnit, tPeriod] = m
    if (bValue !== undefined && bUnit !== tUnit) return null
    return {
      kind: 'level', indicator: indicator(ind!), targetGroup, unit: unit(tUnit),
      baseline: bValue === undefined ? null : { value: value(bValue), period: period(bPeriod) },
      target: { value: value(tValue), period: period(tPeriod), comparator: bound(cmp) },
      source
    }
  }
  m = SHARE.exec(text)
  if (m) {
    const [, ind, cmp, tValue, tUnit, tPeriod, bValue, bUnit, bPeriod] = m
    if (bValue !== undefined && bUnit !== tUnit) return null
    return {
      kind: 'share', indicator: indicator(ind!), targetGroup, unit: unit(tUnit),
      baseline: bValue === undefined ? null : { value: value(bValue), period: period(bPeriod) },
      target: { value: value(tValue), period: period(tPeriod), comparator: bound(cmp) },
      source
    }
  }
  m = CHANGE.exec(text)
  if (m) {
    const [, ind, tPeriod, verb, cmp, size, sizeUnit, bPeriod] = m
    const magnitude = value(size)
    const down = verb === 'reduceret'
    // targetSentence flips the bound word for a fall ("at most −15" is "a fall of at least 15").
    const written = bound(cmp)
    const comparator: Comparator = down ? (written === '<=' ? '>=' : written === '>=' ? '<=' : '=') : written
    if (down && (magnitude === null || magnitude <= 0)) return null
    return {
      kind: 'change', indicator: indicator(ind!), targetGroup, unit: unit(sizeUnit),
      baseline: { value: null, period: period(bPeriod) },
      target: { value: magnitude === null ? null : down ? -magnitude : magnitude, period: period(tPeriod), comparator },
      source
    }
  }
  m = RATE.exec(text)
  if (m) {
    const [, ind, cmp, perValue, perUnit, per, runValue, runUnit, tPeriod] = m
    const running = per === undefined
    return {
      kind: 'rate', indicator: indicator(ind!), targetGroup, unit: unit(running ? runUnit : perUnit),
      baseline: null,
      target: { value: value(running ? runValue : perValue), period: period(tPeriod), comparator: bound(cmp) },
      per: running ? null : PER[per]!,
      source
    }
  }
  m = MILESTONE.exec(text)
  if (m) {
    const [, ind, tPeriod, state] = m
    return {
      kind: 'milestone', indicator: indicator(ind!), targetGroup, unit: 'count',
      baseline: null,
      target: { value: null, period: period(tPeriod), comparator: '=' },
      done: state === 'gennemført',
      source
    }
  }
  return null
}
