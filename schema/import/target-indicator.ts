import type { TargetKind, Unit } from '../vocabulary'
import { COMPARATIVE_AFTER, DOWN, UP, findPeriods, mask, wordsBefore, type NumberHit, type PeriodHit } from './target-phrases'

// The indicator of a target read from free text: what it measures, in the
// sentence's own words. The subject before the verb when there is one
// ("Antal borgere på ledighedsydelse skal …"); otherwise built from what follows
// the number ("Minimum 90 % af de jobparate … skal være i gang …" → "Andel af de
// jobparate …, der er i gang …"; "15 nye jobåbninger pr. måned" → "Nye jobåbninger").

/** Where a subject ends, strongest sign first: a modal verb, then "er", a change verb, "fra <tal>". */
const SUBJECT_ENDS = [/\s(?:skal|må|bør|vil|kan)\s/i, /\s(?:er|bliver)\s/i, new RegExp(`\\s(?:${DOWN}|${UP})(?![\\p{L}])`, 'iu'), /,?\s+fra\s+\d/i]
/** Not what a target measures: filler words, periods, bounds, and the actors who do the work ("Jobcentret vil gennemføre 2.000 besøg"). */
const NOT_A_SUBJECT =
  /^(?:jobcentret|jobcenteret|jobcentrene|kommunen|afdelingen|der|det|man|vi|ultimo|primo|medio|i|fra|for|ved|minimum|mindst|min|maks|max|maksimalt|maksimum|højst|gennem|senest|\d)(?![\p{L}])/iu

/** The subject of a clause, before its verb: "Langtidsledigheden", "Antal borgere på ledighedsydelse". */
export function subjectOf(clause: string, periods: PeriodHit[], limit: number): string | null {
  const text = stripLead(clause)
  const offset = clause.length - text.length
  let end = -1
  for (const re of SUBJECT_ENDS) {
    const m = re.exec(text)
    if (m && m.index + offset <= limit) {
      end = m.index
      break
    }
  }
  // No verb: "At antallet af langvarige sygedagpengesager under 220 sager i 2015".
  if (end < 0) end = limit - offset
  if (end <= 0) return null
  // "Jobcentret skal sikre, at 85 % af de ledige …": the actor is not what is measured.
  if (/^\s*(?:skal|vil|må)\s+(?:sikre|sørge for|arbejde for),?\s+at\s/i.test(text.slice(end))) return null
  let subject = text.slice(0, end)
  if (NOT_A_SUBJECT.test(subject) || !/\p{L}/u.test(subject)) return null
  // Periods inside the subject say when, not what: "Gennemsnitligt antal sager gennem 2015".
  const inside = periods.filter((p) => p.start >= offset && p.end <= offset + end)
  for (const p of [...inside].reverse()) {
    const from = p.start - offset
    const head = subject.slice(0, from).replace(/\s(?:i|for hele|hele|gennem|i løbet af|ved udgangen af|pr\.?)\s*$/i, ' ')
    subject = head + subject.slice(p.end - offset)
  }
  subject = subject
    .replace(/\s+/g, ' ')
    .replace(/[\s,:;–-]+$/, '')
    .replace(/\s+(?:til|på|med|under|over)$/i, '')
    .trim()
  // "Reduktion af antallet af borgere på sygedagpenge med 10 %": the change is the target, the rest the subject.
  subject = subject.replace(/^(?:reduktion|nedbringelse|nedgang|fald|stigning|forøgelse|øgning)\s+(?:af|i)\s+/i, '')
  if (subject === '' || /\d\s*%/.test(subject)) return null
  return capitalise(subject)
}

/** "At øge den procentvise andel …" → "den procentvise andel …". */
export function stripLead(text: string): string {
  return text
    .replace(/^(?:(?:målet|målsætningen|ambitionen) er|det er (?:målet|et mål)),?\s+(?=at\s)/i, '')
    .replace(/^at\s+/i, '')
    .replace(/^(?:øge|nedbringe|reducere|begrænse|fastholde|sikre|hæve|sænke|forkorte|mindske|fortsætte)\s+(?=(?:den|det|de|antallet|andelen)\s)/i, '')
}

/** What the target measures, in words taken from the sentence. */
export function indicatorOf(clause: string, kind: TargetKind, unit: Unit, n: NumberHit): string {
  const periods = findPeriods(clause)
  const subject = subjectOf(clause, periods, n.boundStart)
  if (subject) return subject
  const after = dropPeriods(clause.slice(n.unitEnd), periods, n.unitEnd)
  const comparative = kind === 'change' ? COMPARATIVE_AFTER.exec(after) : null
  if (comparative) {
    const rest = after
      .slice(comparative[0].length)
      .replace(/^\s*end\s*/i, '')
      .trim()
    if (/^\p{L}/u.test(rest)) return capitalise(rest)
  }
  if (unit === 'percent') {
    const of = /^\s*af\s+(.+?)\s+(skal|må|bør|vil)(?:\s+(.*))?$/i.exec(after) ?? /^\s*af\s+(.+?)\s+(er|være)(?:\s+(.*))?$/i.exec(after)
    if (of) return capitalise(`andel af ${of[1]}, der ${predicate(of[2]!, of[3] ?? '')}`.trim())
    const be = /^\s*(?:(?:skal|må|bør)\s+)?(?:være|er)\s+(.+)$/i.exec(after)
    if (be) return capitalise(`andel ${be[1]}`)
    if (/^\s*af\s/i.test(after)) return capitalise(`andel ${after.trim()}`)
    const rest = after.trim()
    // "Fra første henvendelse er 50 % i job …": the verb came before the number.
    const verb = /(?:^|\s)(er|skal være|være)\s+$/i.exec(wordsBefore(clause, n.boundStart))?.[1]
    return rest ? capitalise(`andel der ${verb ? 'er ' : ''}${rest}`) : 'Andel'
  }
  const noun = after
    .replace(/(?:^|\s)(?:pr\.?|om|hver|hvert)\s+(?:uge|ugen|måned|måneden|md\.?|kvartal|kvartalet|år|året)(?![\p{L}])/giu, ' ')
    .replace(/,?(?:^|\s)(?:er|skal være|være)\s+løbende(?:\s|$)/i, ' ')
    .replace(/(?:^|\s)løbende(?:\s|$)/i, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (noun && n.reading.kind === 'unit' && (n.reading.explicit || /^\p{L}/u.test(noun))) {
    const word = clause.slice(n.end, n.unitEnd).trim()
    return capitalise(word && !noun.toLowerCase().startsWith(word.toLowerCase()) ? `${word} ${noun}` : noun)
  }
  // Keep the counted word, drop the number: "Der skal løbende kunne tilbydes virksomhedspraktik til 50 unge".
  const residue = dropPeriods(mask(clause, [{ start: n.boundStart, end: n.end }]).replace(/§+/g, ' '), periods, 0)
    .replace(/^(?:der|det)\s+(?:skal|må|bør)\s+/i, '')
    .replace(/(?:^|\s)(?:løbende|kunne)(?=\s)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return capitalise(residue)
}

function predicate(verb: string, rest: string): string {
  const v = verb.toLowerCase()
  if (v === 'være' || (v !== 'er' && /^være\s/i.test(rest))) return `er ${rest.replace(/^være\s+/i, '')}`
  return `${v} ${rest}`
}

/** Remove period phrases ("i 2015", "ultimo 2015") from a slice of a clause that starts at `offset`. */
function dropPeriods(text: string, periods: PeriodHit[], offset: number): string {
  let out = text
  for (const p of [...periods].reverse()) {
    const start = p.start - offset
    const end = p.end - offset
    if (start < 0 || end > out.length) continue
    const head = out
      .slice(0, start)
      .replace(/(?:(?:^|\s)(?:i|for hele|hele|gennem|i løbet af|ved udgangen af|inden udgangen af|inden|senest|sammenlignet med|i forhold til|end))+\s*$/i, ' ')
    out = head + out.slice(end)
  }
  return out.replace(/\s+/g, ' ').replace(/^[\s,]+|[\s,]+$/g, '')
}

/** The first letter in upper case. */
export const capitalise = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : s)
