// Splits running Danish text into sentences. Plans are full of full stops that
// do not end a sentence: abbreviations ("pr. måned", "maks. 12%", "f.eks.",
// "i f.t. 2014"), ordinals ("3. kvartal", "31. december", "9. eller 10. klasse")
// and numbers ("12.500", "10,4"). A full stop ends a sentence only when
// whitespace and a capital letter, a digit or a quote follow it, and the word
// before it is not an abbreviation. Ordinals are followed by a lower-case word
// ("3. kvartal"), so "overstige 35. Der skal …" does end a sentence.

/** Abbreviations that are always followed by more of the same sentence. */
const ALWAYS_CONTINUED = new Set([
  'pr',
  'maks',
  'max',
  'min',
  'ca',
  'f.eks',
  'eks',
  'ex',
  'bl.a',
  'jf',
  'jvf',
  'inkl',
  'ekskl',
  'nr',
  'kl',
  'stk',
  'mht',
  'vedr',
  'i.f.t',
  'f.t',
  'ift',
  'iht',
  'dvs',
  'hhv',
  'ang',
  'evt',
  'gns',
  'ca',
  'mv',
  'pga',
  'p.g.a',
  'ifm',
  'tlf',
  'att'
])

const NEXT_STARTS_SENTENCE = /^[A-ZÆØÅ0-9"“”„'‘’«•–-]/

/**
 * Text copied out of a PDF often loses the full stops between goals: "… pr. måned
 * Der må maksimalt være 80 personer …". These words do not start a word inside a
 * sentence with a capital, so a lower-case word followed by one starts a new sentence.
 */
const RUN_ON = /(?<=[\p{Ll}*])\s+(?=(?:Der|Det|At|Målet|Andelen|Antallet|Antal|Ultimo|Minimum|Mindst|Maksimalt|Højst)\s+\p{Ll})/gu

/** Split text into sentences, each trimmed and written as the source wrote it (final full stop kept). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = []
  for (const line of text.split(/\r?\n|\u2028|\u2029|•/).flatMap((l) => l.split(RUN_ON))) {
    let start = 0
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!
      if (ch !== '.' && ch !== '!' && ch !== '?') continue
      const rest = line.slice(i + 1)
      const gap = /^\s+/.exec(rest)
      if (!gap) continue
      if (!NEXT_STARTS_SENTENCE.test(rest.slice(gap[0].length))) continue
      if (ch === '.' && !endsSentence(line.slice(start, i))) continue
      push(sentences, line.slice(start, i + 1))
      start = i + 1 + gap[0].length
    }
    push(sentences, line.slice(start))
  }
  return sentences
}

function push(into: string[], sentence: string): void {
  const s = sentence.trim()
  if (s !== '') into.push(s)
}

/** Whether a full stop after this text ends a sentence, judged by the word it follows. */
function endsSentence(before: string): boolean {
  const word = /(\S+)$/.exec(before)?.[1] ?? ''
  const bare = word.replace(/^[("“”„'‘’]+/, '').toLowerCase()
  if (ALWAYS_CONTINUED.has(bare)) return false
  // "f.eks", "bl.a", "i.f.t": a word with dots inside is an abbreviation.
  if (/^[a-zæøå]{1,4}(\.[a-zæøå]{1,4})+$/.test(bare)) return false
  // A single letter ("A.", "B.") numbers a list item.
  if (/^[a-zæøå]$/.test(bare)) return false
  return true
}
