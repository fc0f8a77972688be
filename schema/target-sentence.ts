import { formatNumber, type Lang } from './numbers'
import { formatPeriod } from './periods'
import { targetGroupLabel } from './target-groups'

// One readable sentence per target, in the words plans use. The numbers in the
// attributes are the truth; the Danish sentence is read back only when a plan
// is imported (schema/import/rendered-target.ts reads every sentence written
// here back to the same attributes), so each kind must have its own wording.
// A part that is missing is left out of the sentence or named in words
// ("et endnu ikke fastsat antal personer"), never shown as "?" (issue #15).

/** Unit words: singular, plural, and the phrase for a value not set yet. */
interface UnitWords {
  one: string
  many: string
  unset: string
}

const UNIT_WORDS: Record<Lang, Record<string, UnitWords>> = {
  da: {
    persons: { one: 'person', many: 'personer', unset: 'et endnu ikke fastsat antal personer' },
    fullTimePersons: { one: 'årsperson', many: 'årspersoner', unset: 'et endnu ikke fastsat antal årspersoner' },
    percent: { one: '%', many: '%', unset: 'en endnu ikke fastsat procentdel' },
    weeks: { one: 'uge', many: 'uger', unset: 'et endnu ikke fastsat antal uger' },
    count: { one: '', many: '', unset: 'et endnu ikke fastsat antal' }
  },
  en: {
    persons: { one: 'person', many: 'persons', unset: 'a number of persons not set yet' },
    fullTimePersons: { one: 'full-time person', many: 'full-time persons', unset: 'a number of full-time persons not set yet' },
    percent: { one: '%', many: '%', unset: 'a percentage not set yet' },
    weeks: { one: 'week', many: 'weeks', unset: 'a number of weeks not set yet' },
    count: { one: '', many: '', unset: 'a number not set yet' }
  }
}
const PER_WORDS: Record<Lang, Record<string, string>> = {
  da: { week: 'uge', month: 'måned', quarter: 'kvartal', year: 'år' },
  en: { week: 'week', month: 'month', quarter: 'quarter', year: 'year' }
}
const BOUND: Record<Lang, Record<string, string>> = {
  da: { '<=': 'højst', '>=': 'mindst', '=': '' },
  en: { '<=': 'at most', '>=': 'at least', '=': '' }
}

const amount = (value: unknown, unit: unknown, lang: Lang): string => {
  const words = UNIT_WORDS[lang][String(unit)]
  if (typeof value !== 'number') return words?.unset ?? UNIT_WORDS[lang].count!.unset
  const n = formatNumber(value, lang)
  if (!words) return unit === undefined || unit === null || unit === '' ? n : `${n} ${String(unit)}`
  const word = Math.abs(value) === 1 ? words.one : words.many
  return word ? `${n} ${word}` : n
}
const hasPeriod = (p: unknown): p is string => typeof p === 'string' && p !== ''
/** " i december 2015" (or the English "in …"), or nothing when there is no period. */
const inPeriod = (p: unknown, lang: Lang): string => (hasPeriod(p) ? ` ${lang === 'da' ? 'i' : 'in'} ${formatPeriod(p, lang)}` : '')
const words = (...parts: string[]) => parts.filter((p) => p !== '').join(' ')

/** The starting point of a level or share: its value and period, or "the level in <period>" when only the period is known. */
const from = (value: unknown, unit: unknown, p: unknown, lang: Lang): string =>
  typeof value === 'number' || !hasPeriod(p) ? amount(value, unit, lang) + inPeriod(p, lang) : (lang === 'da' ? 'niveauet' : 'the level') + inPeriod(p, lang)

/** The readable sentence for a target's attributes, in Danish or English. Never throws. */
export function targetSentence(attrs: Record<string, unknown>, lang: Lang = 'da'): string {
  const indicator = String(attrs.indicator ?? '').trim() || (lang === 'da' ? 'Målet' : 'The target')
  const cmp = String(attrs.comparator ?? '=')
  const bound = BOUND[lang][cmp] ?? ''
  const hasBaseline = typeof attrs.baselineValue === 'number' || hasPeriod(attrs.baselinePeriod)
  const group = targetGroupLabel(String(attrs.targetGroup ?? '').trim(), lang)
  const groupSuffix = group ? (lang === 'da' ? ` (målgruppe: ${group})` : ` (target group: ${group})`) : ''
  const target = words(bound, amount(attrs.targetValue, attrs.unit, lang)) + inPeriod(attrs.targetPeriod, lang)
  let sentence: string
  switch (attrs.kind) {
    case 'change': {
      const v = typeof attrs.targetValue === 'number' ? attrs.targetValue : null
      const down = v !== null && v < 0
      // Without a value the direction is not known either.
      const verb = lang === 'da' ? (v === null ? 'ændret' : down ? 'reduceret' : 'øget') : v === null ? 'changed' : down ? 'reduced' : 'increased'
      // "At most −15" means a fall of at least 15: the bound flips with the sign.
      const changeBound = down ? (BOUND[lang][cmp === '<=' ? '>=' : cmp === '>=' ? '<=' : '='] ?? '') : bound
      const size = words(changeBound, amount(v === null ? null : Math.abs(v), attrs.unit, lang))
      const when = inPeriod(attrs.targetPeriod, lang)
      const against = hasPeriod(attrs.baselinePeriod)
        ? ` ${lang === 'da' ? 'sammenlignet med' : 'compared with'} ${formatPeriod(attrs.baselinePeriod, lang)}`
        : ''
      sentence = lang === 'da' ? `${indicator} skal${when} være ${verb} med ${size}${against}` : `${indicator} must${when} be ${verb} by ${size}${against}`
      break
    }
    case 'rate': {
      const per = PER_WORDS[lang][String(attrs.per ?? '')]
      const value = amount(attrs.targetValue, attrs.unit, lang)
      const rate = per ? `${value} ${lang === 'da' ? 'pr.' : 'per'} ${per}` : `${lang === 'da' ? 'løbende' : 'continuously'} ${value}`
      sentence = `${indicator}: ${words(bound, rate)}${inPeriod(attrs.targetPeriod, lang)}`
      break
    }
    case 'milestone': {
      const done = attrs.done === true
      const by = hasPeriod(attrs.targetPeriod) ? ` ${lang === 'da' ? 'senest' : 'by'} ${formatPeriod(attrs.targetPeriod, lang)}` : ''
      sentence =
        lang === 'da'
          ? `${indicator} – gennemføres${by} ${done ? '(gennemført)' : '(ikke gennemført endnu)'}`
          : `${indicator} – to be done${by} ${done ? '(done)' : '(not done yet)'}`
      break
    }
    case 'share': {
      // Not "skal gå til" as for a level: the import parser must tell the two apart.
      const base = hasBaseline ? ` ${lang === 'da' ? 'mod' : 'compared with'} ${from(attrs.baselineValue, attrs.unit, attrs.baselinePeriod, lang)}` : ''
      sentence = lang === 'da' ? `${indicator} skal udgøre ${target}${base}` : `${indicator} must make up ${target}${base}`
      break
    }
    case 'level':
    default: {
      const base = hasBaseline ? `${lang === 'da' ? 'fra' : 'from'} ${from(attrs.baselineValue, attrs.unit, attrs.baselinePeriod, lang)} ` : ''
      sentence = lang === 'da' ? `${indicator} skal gå ${base}til ${target}` : `${indicator} must go ${base}to ${target}`
      break
    }
  }
  return sentence + groupSuffix
}
