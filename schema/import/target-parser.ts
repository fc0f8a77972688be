import { targetSpecToAttrs, type TargetSpec } from '../target-model'
import { targetSentence } from '../target-sentence'
import type { Comparator, RatePeriod, TargetKind, Unit } from '../vocabulary'
import { readRenderedTarget } from './rendered-target'
import { splitSentences } from './sentences'
import { capitalise, indicatorOf, stripLead, subjectOf } from './target-indicator'
import { COMPARATIVE_AFTER, DOWN, UP, findNumbers, findPeriods, findTargetGroup, mask, wordsBefore, type NumberHit, type PeriodHit } from './target-phrases'

// Reads measurable targets out of Danish plan sentences.
//
// Conventions, chosen once so every import reads the same way:
// - A sentence Fællesplan wrote itself (targetSentence) is read back exactly.
// - "fra A til B" is a level (a share when in percent); with no bound word the
//   comparator follows the direction (B < A: `<=`, B > A: `>=`).
// - A change is signed: a fall is negative. "reduceret med 63" with no bound
//   word means a fall of at least 63 (`<=` −63), "øget med 10" a rise of at
//   least 10 (`>=` 10); "højst"/"mindst" bound the size of the change.
// - "må ikke øges i f.t. 2014" is a change of 0 with `<=` against 2014 (and
//   "må ikke falde" `>=`): measurable, as long as a reference period is named.
// - A share, rate or level with no bound word is read as "at least" (`>=`):
//   plans write limits explicitly ("max", "højst"), achievements bare.
// - "pr. måned", "om ugen", "løbende" make a rate; a number in percent a share.
// - "senest <period>" with no number is a milestone (not done) by that period.
// - Years, months, hours, kroner and percentage points are not units of the
//   model: a target in them is not read (the sentence stays text), never
//   converted silently.
// - Only a year, a duration that qualifies ("mere end 18 måneders forløb"),
//   a label ("Mål 1") or a placeholder ("xx %") is no target.

/** Parse one sentence into a target, or null when it holds no measurable target. */
export function parseTargetSentence(sentence: string): TargetSpec | null {
  const source = sentence.trim()
  if (source === '') return null
  const rendered = readRenderedTarget(source)
  // Only when writing it again gives the same words: "1.234" or a stray "=" reading is free text after all.
  if (rendered && targetSentence(targetSpecToAttrs(rendered, ''), 'da') === source) return rendered
  // "xx %", "fra xxx i december xxxx": a template not filled in yet.
  if (/(?:^|[^\p{L}])x{2,}(?:[^\p{L}]|$)/iu.test(source)) return null
  // Asides in parentheses ("(over 52 uger)", "(ex. løntilskud)") hide qualifiers; a target written
  // inside them ("Ledigheden skal falde (fra 5 % til 4 %)") is read on the second try.
  const found = readText(clean(source, true)) ?? readText(clean(source, false))
  return found ? finish(found, source) : null
}

function readText(text: string): ClauseTarget | null {
  let weak: ClauseTarget | null = null
  for (const clause of text.split(/\s*;\s*|,\s*(?:og|mens|men|samt|svarende til)\s+|\s+svarende til\s+/)) {
    const found = readClause(clause)
    if (found?.strong) return found
    weak ??= found
  }
  return weak
}

/** A sentence read as a target, and why the reading is doubtful (null when it is not). */
export interface SentenceReading {
  sentence: string
  target: TargetSpec
  /** Danish, for the review: why this sentence is left as text rather than made a target. */
  doubt: string | null
}

/** An indicator longer than this is text the parser could not cut down to what is measured. */
const MAX_INDICATOR_LENGTH = 160

/**
 * Why a reading of a sentence is too unsure to become a target, or null.
 * Precision over recall (issue #15): a wrong target is worse than text a
 * person turns into a target by hand, so the sentence stays text and the
 * review lists it as "ikke læst som mål".
 */
export function doubtAbout(target: TargetSpec, sentence: string): string | null {
  const source = sentence.trim()
  const rendered = readRenderedTarget(source)
  if (rendered && targetSentence(targetSpecToAttrs(rendered, ''), 'da') === source) return null
  const indicator = target.indicator.trim()
  // Another value inside what is measured ("… efter 12 måneder, 25 % er i job …"): several targets run together.
  if (indicator === '' || indicator.length > MAX_INDICATOR_LENGTH || /\d\s*%/u.test(indicator)) {
    return 'det er uklart, hvad der skal måles'
  }
  // "Jobcentret holder 2 møder": a bare count with nothing that makes it a goal (no date, bound or "skal").
  const dated = target.target.period !== null || (target.baseline?.period ?? null) !== null
  if (!dated && target.unit === 'count' && target.kind !== 'milestone' && !MODAL.test(source) && !BOUND_WORD.test(source)) {
    return 'tallet tæller noget, men sætningen siger ikke, at det er et mål'
  }
  return null
}

const BOUND_WORD = /(?:^|\s)(?:højst|mindst|maks\.?|max\.?|maksimalt|maksimum|minimum|minimalt|min\.|overstige)(?:\s|$)/i

/** Split a paragraph into sentences and read each; every sentence with a target is returned, with any doubt about it. */
export function readTargets(text: string): SentenceReading[] {
  const out: SentenceReading[] = []
  for (const sentence of splitSentences(text)) {
    const target = parseTargetSentence(sentence)
    if (target) out.push({ sentence, target, doubt: doubtAbout(target, sentence) })
  }
  return out
}

/** Split a paragraph into sentences and parse each; only sentences with a target read without doubt are returned. */
export function findTargets(text: string): { sentence: string; target: TargetSpec }[] {
  return readTargets(text)
    .filter((r) => r.doubt === null)
    .map(({ sentence, target }) => ({ sentence, target }))
}

interface ClauseTarget {
  spec: Omit<TargetSpec, 'source' | 'targetGroup'>
  /** A written number is the target (as opposed to "må ikke øges" or a deadline). */
  strong: boolean
  clause: string
}

function finish(found: ClauseTarget, source: string): TargetSpec {
  const named = /\(målgruppe:\s*([^()]+)\)/i.exec(source)?.[1]?.trim()
  return { ...found.spec, targetGroup: named ?? findTargetGroup(source), source }
}

/** Normalise what only changes spelling: parentheses dropped, "12%"/"25 pct." → "12 %", final stop off. */
function clean(sentence: string, dropParentheses: boolean): string {
  let s = sentence.replace(/[\u00a0\u2009\u202f]/g, ' ')
  let previous = ''
  while (previous !== s) {
    previous = s
    s = s.replace(/\(([^()]*)\)/g, dropParentheses ? ' ' : ' $1 ')
  }
  s = s.replace(/[”“„"»«]/g, '')
  // Percentage points are not percent: the model has no unit for them, so they are not read.
  s = s.replace(/(\d)\s*(?:%|pct\.?|procent)\s*-?\s*point/giu, '$1 procentpoint')
  s = s.replace(/(\d)\s*(?:%|pct\.?(?![\p{L}])|procent(?![\p{L}]))/giu, '$1 %')
  // Number words a target is written in: "halvdelen af de ledige", "reduceres med én uge".
  s = s.replace(/(?<![\p{L}])(halvdelen|en fjerdedel|tre fjerdedele)(?![\p{L}])/giu, (w) => FRACTIONS[w.toLowerCase()] ?? w)
  s = s.replace(
    /(?<![\p{L}])(én|en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv)\s+(?=(?:uge|uger|personer|borgere|årspersoner|procent|%)(?![\p{L}]))/giu,
    (w) => `${NUMBER_WORDS[w.trim().toLowerCase()] ?? w.trim()} `
  )
  s = s.replace(/\s+/g, ' ').trim()
  s = s.replace(/^(?:[-–•*]|\d+[.)]|[a-zA-Z][.)])\s+/, '')
  // A small number ending the sentence with a full stop and no word that sets it ("… i match 2.")
  // is an ordinal or a list number: "§" keeps it from being read (issue #15).
  s = s.replace(/(?<![\d.,§])(\d{1,2})\.$/u, (m: string, digits: string, at: number) =>
    SETS_NUMBER_BEFORE.test(s.slice(Math.max(0, at - 40), at)) ? m : `§${digits}`
  )
  s = s.replace(/[\s.!?:;,]+$/, '')
  return s
}

/** Words that make the number after them a value: bounds, "til", "med", "på", "være", "udgøre", "overstige". */
const SETS_NUMBER_BEFORE =
  /(?:^|\s)(?:højst|mindst|maks\.?|max\.?|maksimalt|maksimum|minimum|minimalt|min\.?|overstige|overstiger|under|over|end|til|med|på|være|udgøre|udgør|er|ca\.?|cirka)\s+$/i

const FRACTIONS: Record<string, string> = { halvdelen: '50 %', 'en fjerdedel': '25 %', 'tre fjerdedele': '75 %' }
const NUMBER_WORDS: Record<string, string> = {
  én: '1',
  en: '1',
  et: '1',
  to: '2',
  tre: '3',
  fire: '4',
  fem: '5',
  seks: '6',
  syv: '7',
  otte: '8',
  ni: '9',
  ti: '10',
  elleve: '11',
  tolv: '12'
}

const CHANGE_VERB_BEFORE = new RegExp(`(?:^|\\s)(?:(${DOWN})|(${UP}))\\s+med\\s+$`, 'i')
const CHANGE_NOUN_BEFORE = /(?:^|\s)(?:(?:et\s+)?(fald|reduktion|nedgang|nedbringelse)|(?:en\s+)?(stigning|forøgelse|øgning))\s+(?:på|med)\s+$/i
/** "Reduktion af antallet af borgere på sygedagpenge med 10 %": the noun opens the clause, "med" stands before the number. */
const CHANGE_NOUN_OPENING = /^(?:(?:en\s+|et\s+)?(?:(fald|reduktion|nedgang|nedbringelse)|(stigning|forøgelse|øgning)))\s+(?:af|i)\s/i
const NO_CHANGE = new RegExp(
  `(?:må|skal|bør)\\s+ikke\\s+(?:(øges|stige|vokse|forøges|blive større|blive højere)|(falde|reduceres|mindskes|blive mindre|blive lavere))(?![\\p{L}])`,
  'iu'
)
/** "skal falde til", "nedbringe antallet af langtidsledige til": a direction verb a few words before "til"/"på". */
const TOWARD_BEFORE = new RegExp(`(?:^|\\s)(?:(${DOWN}|ned)|(${UP}|op))(?:\\s+[\\p{L}-]+){0,6}?\\s+(?:til|på)\\s+$`, 'iu')
const HALVE = /(?:^|\s)(?:(halveres|halveret|halvere)|(fordobles|fordoblet|fordoble))(?![\p{L}])/iu
/**
 * Words that make a number a target: a modal verb, or the sentence states its goal
 * ("Målet for 2016 er 500 personer i job"). Only the definite "målet": "5 bevillingsmål,
 * 2 mål" counts goals and sets none.
 */
const MODAL = /(?:^|\s)(?:skal|må|bør|vil|ønskes|forventes|målet|måltallet|målsætningen|succeskriteriet)(?:\s|$|,)/i
/** Said of the past: "var", "blev", and "er faldet"/"er steget" (what happened, where a goal says "skal falde"). */
const PAST = /(?:^|\s)(?:var|blev|havde|har været|(?:er|har)\s+(?:faldet|steget|vokset))(?:\s|$)/i
const PER_PATTERNS: [RegExp, RatePeriod][] = [
  [/(?:^|\s)(?:pr\.?|om|hver|hvert)\s+(?:uge|ugen)(?![\p{L}])|ugentlig/iu, 'week'],
  [/(?:^|\s)(?:pr\.?|om|hver|hvert)\s+(?:måned|måneden|md\.?)(?![\p{L}])|månedlig/iu, 'month'],
  [/(?:^|\s)(?:pr\.?|om|hver|hvert)\s+kvartal(?:et)?(?![\p{L}])|kvartalsvis/iu, 'quarter'],
  [/(?:^|\s)(?:pr\.?|om|hvert)\s+(?:år|året)(?![\p{L}])|(?:^|\s)årligt?(?![\p{L}])/iu, 'year']
]

/** Longer than any target sentence: text run together without full stops (PDF transcripts), kept as text. */
const MAX_CLAUSE = 1500

/** Read one clause. */
function readClause(clause: string): ClauseTarget | null {
  if (clause.trim() === '' || clause.length > MAX_CLAUSE) return null
  const periods = findPeriods(clause)
  const masked = mask(clause, periods)
  const numbers = findNumbers(masked).filter((n) => n.reading.kind !== 'qualifier')
  const hasModal = MODAL.test(clause)
  if (PAST.test(clause) && !hasModal) return null

  // fra A til B
  for (let i = 0; i + 1 < numbers.length; i++) {
    const a = numbers[i]!
    const b = numbers[i + 1]!
    if (!/(?:^|\s)fra\s+$/i.test(wordsBefore(masked, a.boundStart))) continue
    const between = masked.slice(a.unitEnd, b.boundStart).replace(/§+/g, ' ')
    // The counted noun may follow the first number too: "fra 300 sager i 2014 til 200 sager".
    if (!/^\s*(?:\p{L}+\s+)?(?:(?:i|ved|pr\.?)\s+)?,?\s*til\s+$/iu.test(between)) continue
    // Either end in a unit the model lacks ("fra 1 til 2 ansatte") makes the pair unreadable.
    if (a.reading.kind === 'unsupported' || b.reading.kind === 'unsupported') return null
    const unit = unitOf(b, clause) ?? unitOf(a, clause)
    if (unit === null) return null
    const baselinePeriod = periods.find((p) => p.start >= a.end && p.end <= b.start)?.period ?? null
    const targetPeriod = periods.find((p) => p.start >= b.end)?.period ?? periods.find((p) => p.end <= a.start && !p.reference)?.period ?? null
    const comparator: Comparator = b.bound ?? (b.value < a.value ? '<=' : b.value > a.value ? '>=' : '=')
    const kind: TargetKind = unit === 'percent' ? 'share' : 'level'
    return target(
      clause,
      {
        kind,
        unit,
        baseline: { value: a.value, period: baselinePeriod },
        target: { value: b.value, period: targetPeriod, comparator }
      },
      b
    )
  }

  // reduceret med 63, et fald på 12 %, 15 % færre end ultimo 2014
  for (const n of numbers) {
    const before = wordsBefore(masked, n.boundStart)
    const verb =
      CHANGE_VERB_BEFORE.exec(before) ??
      CHANGE_NOUN_BEFORE.exec(before) ??
      (/(?:^|\s)med\s+$/i.test(before) ? CHANGE_NOUN_OPENING.exec(stripLead(clause)) : null)
    const comparative = verb ? null : COMPARATIVE_AFTER.exec(masked.slice(n.unitEnd))
    const direction = verb ? (verb[1] ? -1 : 1) : comparative ? (comparative[1] ? -1 : 1) : 0
    if (direction === 0) continue
    const unit = unitOf(n, clause)
    if (unit === null) return null
    // "mindst 15 % færre" bounds the size of the fall: the value is at most −15.
    const sizeBound = n.bound ?? '>='
    const comparator: Comparator = direction < 0 ? (sizeBound === '>=' ? '<=' : '>=') : sizeBound
    const { baseline, target: targetPeriod } = changePeriods(periods)
    return target(
      clause,
      {
        kind: 'change',
        unit,
        baseline: { value: null, period: baseline },
        target: { value: direction * n.value, period: targetPeriod, comparator }
      },
      n
    )
  }

  // skal halveres fra 2014 til 2016: a change of −50 % (doubling +100 %) with no number written
  const halve = HALVE.exec(clause)
  if (halve) {
    const from = numbers.find((n) => /(?:^|\s)fra\s+$/i.test(wordsBefore(masked, n.boundStart)))
    if (from) {
      // "halveres fra 400 personer i 2014 til 2016" names both ends: a level from 400 to 200.
      const unit = unitOf(from, clause)
      if (unit === null) return null
      const after = periods.filter((p) => p.start >= from.end)
      const targetAt = after.find((p) => /(?:^|\s)til\s+$/i.test(wordsBefore(clause, p.start)))
      const baselineAt = after.find((p) => p !== targetAt)
      return target(
        clause,
        {
          kind: unit === 'percent' ? 'share' : 'level',
          unit,
          baseline: { value: from.value, period: baselineAt?.period ?? null },
          target: { value: halve[1] ? from.value / 2 : from.value * 2, period: targetAt?.period ?? null, comparator: halve[1] ? '<=' : '>=' }
        },
        from
      )
    }
    const { baseline, target: targetPeriod } = changePeriods(periods)
    return {
      spec: {
        kind: 'change',
        indicator: subjectOf(clause, periods, halve.index) ?? '',
        unit: 'percent',
        baseline: { value: null, period: baseline },
        target: { value: halve[1] ? -50 : 100, period: targetPeriod, comparator: halve[1] ? '<=' : '>=' }
      },
      strong: false,
      clause
    }
  }

  const best =
    numbers.find((n) => n.bound !== null) ??
    numbers.find((n) => n.reading.kind === 'unit' && n.reading.unit === 'percent') ??
    numbers.find((n) => n.reading.kind === 'unit' && n.reading.explicit) ??
    numbers[0]
  if (best) {
    const unit = unitOf(best, clause)
    if (unit === null) return null
    const targetPeriod = periods.find((p) => !p.reference)?.period ?? null
    const rest = masked.slice(best.end)
    // "skal falde til 4,5 %", "skal stige til 60 %": the verb gives the bound when no word does.
    const toward = TOWARD_BEFORE.exec(wordsBefore(masked, best.boundStart))
    const comparator: Comparator = best.bound ?? (toward ? (toward[1] ? '<=' : '>=') : '>=')
    const per = PER_PATTERNS.find(([re]) => re.test(rest))?.[1] ?? null
    const running = /(?:^|\s)løbende(?:\s|$)/i.test(clause)
    if (unit !== 'percent' && (per !== null || running)) {
      return target(clause, { kind: 'rate', unit, baseline: null, target: { value: best.value, period: targetPeriod, comparator }, per }, best)
    }
    if (unit === 'percent') {
      return target(clause, { kind: 'share', unit, baseline: null, target: { value: best.value, period: targetPeriod, comparator } }, best)
    }
    if (best.bound !== null || hasModal) {
      return target(clause, { kind: 'level', unit, baseline: null, target: { value: best.value, period: targetPeriod, comparator } }, best)
    }
    return null
  }

  // må ikke øges i f.t. 2014
  const still = NO_CHANGE.exec(clause)
  const reference = periods.find((p) => p.reference)
  if (still && reference) {
    const targetPeriod = periods.find((p) => !p.reference)?.period ?? null
    return {
      spec: {
        kind: 'change',
        indicator: subjectOf(clause, periods, still.index) ?? '',
        unit: inferredUnit(clause),
        baseline: { value: null, period: reference.period },
        target: { value: 0, period: targetPeriod, comparator: still[1] ? '<=' : '>=' }
      },
      strong: false,
      clause
    }
  }

  // ... implementeres senest december 2017
  const deadline = periods.find((p) => p.deadline)
  if (deadline) {
    const without = (clause.slice(0, deadline.start).replace(/\s*senest\s*(?:i\s*)?$/i, '') + ' ' + clause.slice(deadline.end)).replace(/\s+/g, ' ').trim()
    if (!/\p{L}/u.test(without)) return null
    return {
      spec: {
        kind: 'milestone',
        indicator: capitalise(stripLead(without)),
        unit: 'count',
        baseline: null,
        target: { value: null, period: deadline.period, comparator: '=' },
        done: false
      },
      strong: false,
      clause
    }
  }
  return null
}

/** Baseline and target periods of a change: the reference period, and the first other one. */
function changePeriods(periods: PeriodHit[]): { baseline: string | null; target: string | null } {
  const reference = periods.find((p) => p.reference)
  const other = periods.find((p) => p !== reference && !p.reference)
  return { baseline: reference?.period ?? null, target: other?.period ?? null }
}

/** The unit a number is in; null when it is in a unit the model lacks. */
function unitOf(n: NumberHit, clause: string): Unit | null {
  if (n.reading.kind === 'unsupported') return null
  if (n.reading.kind === 'unit' && n.reading.explicit) return n.reading.unit
  return inferredUnit(clause)
}

/** A bare number takes its unit from what the sentence counts: "Antal årspersoner … er reduceret med 63". */
function inferredUnit(clause: string): Unit {
  const s = clause.toLowerCase()
  if (/(?:års|helårs|fuldtids)personer/.test(s)) return 'fullTimePersons'
  if (/(?:^|[^\p{L}])(?:personer|borgere|ledige|modtagere|unge|langtidsledighed\p{L}*|ledighed\p{L}*)(?:[^\p{L}]|$)|modtagere/u.test(s)) return 'persons'
  if (/varighed|uger/.test(s)) return 'weeks'
  return 'count'
}

type Spec = Omit<TargetSpec, 'source' | 'targetGroup' | 'indicator'>

function target(clause: string, spec: Spec, n: NumberHit): ClauseTarget {
  return { spec: { ...spec, indicator: indicatorOf(clause, spec.kind, spec.unit, n) }, strong: true, clause }
}
