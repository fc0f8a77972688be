import { formatNumber, type Lang } from './numbers'
import { formatPeriod } from './periods'

// One readable sentence per target, in the words plans use. The numbers in the
// attributes are the truth; the Danish sentence is read back only when a plan
// is imported (schema/import/target-parser.ts reads every sentence written here
// back to the same attributes), so each kind must have its own wording.

const UNIT_WORDS: Record<Lang, Record<string, string>> = {
  da: { persons: 'personer', fullTimePersons: 'årspersoner', percent: '%', weeks: 'uger', count: '' },
  en: { persons: 'persons', fullTimePersons: 'full-time persons', percent: '%', weeks: 'weeks', count: '' }
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
  const n = typeof value === 'number' ? formatNumber(value, lang) : '?'
  const word = UNIT_WORDS[lang][String(unit)] ?? String(unit ?? '')
  if (word === '%') return `${n} %`
  return word ? `${n} ${word}` : n
}
const period = (p: unknown, lang: Lang): string => (typeof p === 'string' && p ? formatPeriod(p, lang) : '?')
const words = (...parts: string[]) => parts.filter((p) => p !== '').join(' ')

/** The readable sentence for a target's attributes, in Danish or English. Never throws. */
export function targetSentence(attrs: Record<string, unknown>, lang: Lang = 'da'): string {
  const indicator = String(attrs.indicator ?? '').trim() || (lang === 'da' ? 'Målet' : 'The target')
  const cmp = String(attrs.comparator ?? '=')
  const bound = BOUND[lang][cmp] ?? ''
  const hasBaseline = typeof attrs.baselineValue === 'number' || (typeof attrs.baselinePeriod === 'string' && attrs.baselinePeriod !== '')
  const group = String(attrs.targetGroup ?? '').trim()
  const groupSuffix = group ? (lang === 'da' ? ` (målgruppe: ${group})` : ` (target group: ${group})`) : ''
  let sentence: string
  switch (attrs.kind) {
    case 'change': {
      const v = typeof attrs.targetValue === 'number' ? attrs.targetValue : null
      const down = v !== null && v < 0
      const verb = lang === 'da' ? (down ? 'reduceret' : 'øget') : (down ? 'reduced' : 'increased')
      // "At most −15" means a fall of at least 15: the bound flips with the sign.
      const changeBound = v !== null && v < 0 ? (BOUND[lang][cmp === '<=' ? '>=' : cmp === '>=' ? '<=' : '='] ?? '') : bound
      const size = amount(v === null ? null : Math.abs(v), attrs.unit, lang)
      sentence = lang === 'da'
        ? words(indicator, 'skal i', period(attrs.targetPeriod, lang), 'være', verb, 'med', changeBound, size, 'sammenlignet med', period(attrs.baselinePeriod, lang))
        : words(indicator, 'must by', period(attrs.targetPeriod, lang), 'be', verb, 'by', changeBound, size, 'compared with', period(attrs.baselinePeriod, lang))
      break
    }
    case 'rate': {
      const per = PER_WORDS[lang][String(attrs.per ?? '')]
      const rate = per ? words(amount(attrs.targetValue, attrs.unit, lang), lang === 'da' ? 'pr.' : 'per', per) : words(lang === 'da' ? 'løbende' : 'continuously', amount(attrs.targetValue, attrs.unit, lang))
      sentence = lang === 'da'
        ? words(indicator + ':', bound, rate, typeof attrs.targetPeriod === 'string' ? `i ${period(attrs.targetPeriod, lang)}` : '')
        : words(indicator + ':', bound, rate, typeof attrs.targetPeriod === 'string' ? `in ${period(attrs.targetPeriod, lang)}` : '')
      break
    }
    case 'milestone': {
      const done = attrs.done === true
      sentence = lang === 'da'
        ? words(indicator, '– gennemføres senest', period(attrs.targetPeriod, lang), done ? '(gennemført)' : '(ikke gennemført endnu)')
        : words(indicator, '– to be done by', period(attrs.targetPeriod, lang), done ? '(done)' : '(not done yet)')
      break
    }
    case 'share': {
      // Not "skal gå til" as for a level: the import parser must tell the two apart.
      const base = hasBaseline
        ? (lang === 'da'
            ? ` mod ${amount(attrs.baselineValue, attrs.unit, lang)} i ${period(attrs.baselinePeriod, lang)}`
            : ` compared with ${amount(attrs.baselineValue, attrs.unit, lang)} in ${period(attrs.baselinePeriod, lang)}`)
        : ''
      sentence = lang === 'da'
        ? words(indicator, 'skal udgøre', bound, amount(attrs.targetValue, attrs.unit, lang), 'i', period(attrs.targetPeriod, lang)) + base
        : words(indicator, 'must make up', bound, amount(attrs.targetValue, attrs.unit, lang), 'in', period(attrs.targetPeriod, lang)) + base
      break
    }
    case 'level':
    default: {
      const base = hasBaseline
        ? (lang === 'da'
            ? `fra ${amount(attrs.baselineValue, attrs.unit, lang)} i ${period(attrs.baselinePeriod, lang)} `
            : `from ${amount(attrs.baselineValue, attrs.unit, lang)} in ${period(attrs.baselinePeriod, lang)} `)
        : ''
      sentence = lang === 'da'
        ? words(indicator, 'skal gå', base + 'til', bound, amount(attrs.targetValue, attrs.unit, lang), 'i', period(attrs.targetPeriod, lang))
        : words(indicator, 'must go', base + 'to', bound, amount(attrs.targetValue, attrs.unit, lang), 'in', period(attrs.targetPeriod, lang))
      break
    }
  }
  return sentence + groupSuffix
}
