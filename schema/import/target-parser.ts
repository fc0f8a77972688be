import type { TargetSpec } from '../target-model'
import { parseNumber } from '../numbers'
import { parsePeriod } from '../periods'

// TEMPORARY STUB (engineer F) until engineer A's parser arrives on import-core.
// Only the level sentence targetSentence renders.

const UNIT: Record<string, TargetSpec['unit']> = { personer: 'persons', årspersoner: 'fullTimePersons', '%': 'percent', uger: 'weeks' }

export function parseTargetSentence(sentence: string): TargetSpec | null {
  const m = /^(.+?) skal gå (?:fra ([\d.,]+) (personer|årspersoner|%|uger) i (.+?) )?til (?:(højst|mindst) )?([\d.,]+) (personer|årspersoner|%|uger) i (.+?)(?: \(målgruppe: (.+)\))?\.?$/.exec(sentence.trim())
  if (!m) return null
  const tv = parseNumber(m[6]!)
  const tp = parsePeriod(m[8]!)
  if (tv === null || tp === null) return null
  return {
    kind: 'level',
    indicator: m[1]!,
    targetGroup: m[9] ?? '',
    unit: UNIT[m[7]!]!,
    baseline: m[2] ? { value: parseNumber(m[2]), period: parsePeriod(m[4]!) } : null,
    target: { value: tv, period: tp, comparator: m[5] === 'mindst' ? '>=' : m[5] === 'højst' ? '<=' : '=' },
    source: sentence
  }
}

export function findTargets(text: string): { sentence: string; target: TargetSpec }[] {
  const out: { sentence: string; target: TargetSpec }[] = []
  const re = /[^.!?\n]+(?:\([^)]*\))?[.!?]?/g
  for (const m of text.matchAll(/(?:[^.!?\n(]|\([^)]*\)|\.(?=\d))+[.!?]?/g)) {
    const sentence = m[0].trim()
    const target = parseTargetSentence(sentence)
    if (target) out.push({ sentence, target })
  }
  void re
  return out
}
