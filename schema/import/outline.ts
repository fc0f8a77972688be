import type { ImportBlock } from './types'
import { runsText, squash } from './inline'

// Reading a document's outline from its headings: which heading is the
// document's title, and which level of headings names the focus areas.

/** What the headings of a document say about its structure. */
export interface Outline {
  /** Index in `blocks` of the heading that is the document's title, or null. */
  titleIndex: number | null
  /** The heading level whose headings become focus areas, or null (no focus areas). */
  focusLevel: number | null
}

const VISION = /^(?:\d+(?:\.\d+)*\.?\s+)?(?:vores\s+|vi\s+)?(vision|mission)(?:\s*(?:,|og|&)\s*(?:vision|mission|værdier))*\s*:?$/iu
// A heading may say more: "Samlet vision for social- og arbejdsmarkedsområdet".
const VISION_HEADING =
  /^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?:samlet|samlede|fælles|overordnet|overordnede|vores|kommunens|jobcentrets|udvalgets)\s+)?(vision|visioner|mission)(?:\s|:|$)/iu
const MAX_VISION_HEADING_LENGTH = 80

/** Whether a short paragraph introduces the vision ("Vision", "Mission og vision:"). */
export const introducesVision = (text: string): boolean => VISION.test(squash(text))

/** Whether a heading introduces the vision ("Vision", "2. Mission og Vision", "Samlet vision for …"). */
export const isVisionHeading = (text: string): boolean => {
  const t = squash(text)
  return VISION.test(t) || (t.length <= MAX_VISION_HEADING_LENGTH && VISION_HEADING.test(t))
}

// Sections every document has that are not focus areas of the plan.
const FRONT_OR_BACK_MATTER =
  /^(?:\d+(?:\.\d+)*\.?\s+)?(?:indhold|indholdsfortegnelse|indledning|forord|resumé|resume|sammenfatning|sammendrag|baggrund|bilag(?:\s+\d+)?|underskrift(?:er)?|referencer|litteratur|kilder)\s*:?$/iu

// The lines a signature block is made of: place and date ("Lemvig den",
// "Silkeborg, den 12. marts 2015"), "På kommunalbestyrelsens vegne", "Dato:",
// a line to sign on. Short lines above text, so they look like headings.
const SIGNATURE = [
  /^\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*)?,?\s+(?:den|d\.)(?:\s+\d{1,2}\.?(?:\s*\p{L}+\.?)?(?:\s+\d{4})?)?\s*$/u,
  /^(?:på|for)\s+[\p{L}\s-]+\s+vegne\s*:?$/iu,
  /^(?:dato|sted|sted\s+og\s+dato|underskrift|navn)\s*:?[\s_.]*$/iu,
  /^[_.\s-]{5,}$/u
]

/** Whether a line belongs to a signature block ("Lemvig den", "På kommunalbestyrelsens vegne"): never a heading or focus area. */
export const isSignatureLine = (text: string): boolean => {
  const t = squash(text)
  return SIGNATURE.some((re) => re.test(t))
}

/** Whether a heading names front or back matter ("Indhold", "1. Indledning", "Bilag 2") or signs the document, which is no focus area. */
export const isFrontOrBackMatter = (text: string): boolean => FRONT_OR_BACK_MATTER.test(squash(text)) || isSignatureLine(text)

/** Whether a paragraph states the vision itself: "Vision: Vi understøtter alle borgere …". */
export const statesVision = (text: string): boolean => /^(vision|mission)\s*:\s*\S/iu.test(squash(text))

/**
 * Find the title heading and the focus-area level. The title is the first
 * heading when no other heading shares its level and nothing but empty
 * blocks comes before it, or other headings follow; or when it opens the
 * document and the next heading is of a higher level. Focus areas are the
 * highest level of the remaining headings that has several headings; with
 * none such, the highest level that has any. Vision headings and front or
 * back matter ("Indledning", "Bilag") do not count: they are no focus areas.
 * `noTitle`: the document is known to have no title heading (our own export, unframed).
 */
export function readOutline(blocks: readonly ImportBlock[], options: { noTitle?: boolean } = {}): Outline {
  const headings: Array<{ index: number; level: number }> = []
  blocks.forEach((block, index) => {
    if (block.type === 'heading' && squash(runsText(block.runs)) !== '') headings.push({ index, level: block.level })
  })
  if (headings.length === 0) return { titleIndex: null, focusLevel: null }
  const minLevel = Math.min(...headings.map((h) => h.level))
  const first = headings[0]!
  const contentBefore = blocks.slice(0, first.index).some((b) => b.type !== 'heading' && squash(textOf(b)) !== '')
  const uniqueTop = first.level === minLevel && headings.filter((h) => h.level === minLevel).length === 1 && (headings.length > 1 || !contentBefore)
  // A heading that opens the document and is followed by a more important
  // heading heads nothing: it is the title (a Word "Title" styled small).
  const opener = !contentBefore && headings.length > 1 && headings[1]!.level < first.level
  const titleIndex = !options.noTitle && (uniqueTop || opener) && !isVisionHeading(textOf(blocks[first.index]!)) ? first.index : null
  const rest = headings.filter((h) => h.index !== titleIndex && !isVisionHeading(textOf(blocks[h.index]!)) && !isFrontOrBackMatter(textOf(blocks[h.index]!)))
  if (rest.length === 0) return { titleIndex, focusLevel: null }
  const counts = new Map<number, number>()
  for (const h of rest) counts.set(h.level, (counts.get(h.level) ?? 0) + 1)
  const levels = [...counts.keys()].sort((a, b) => a - b)
  const focusLevel = levels.find((l) => counts.get(l)! >= 2) ?? levels[0]!
  return { titleIndex, focusLevel }
}

const textOf = (block: ImportBlock): string => (block.type === 'heading' || block.type === 'paragraph' ? runsText(block.runs) : '')

// A Word user often makes a heading by making a short paragraph bold rather
// than by choosing a heading style. Such a paragraph (every letter bold, at
// most this many characters, no closing full stop, followed by something)
// is read as a heading one level below the document's deepest real one.
const MAX_BOLD_HEADING_LENGTH = 80

const isBoldHeading = (block: ImportBlock): boolean => {
  if (block.type !== 'paragraph') return false
  const text = squash(runsText(block.runs))
  if (text === '' || text.length > MAX_BOLD_HEADING_LENGTH || /[.!?,;]$/u.test(text)) return false
  return block.runs.every((r) => r.text.trim() === '' || r.bold === true)
}

/** The blocks with bold one-line paragraphs read as headings (see above). Other blocks are returned as they are. */
export function promoteBoldHeadings(blocks: readonly ImportBlock[]): ImportBlock[] {
  const levels = blocks.flatMap((b) => (b.type === 'heading' ? [b.level] : []))
  const level = levels.length ? Math.max(...levels) + 1 : 2
  return blocks.map((block, i) => {
    if (!isBoldHeading(block) || block.type !== 'paragraph') return block
    const next = blocks.slice(i + 1).find((b) => b.type !== 'paragraph' || squash(runsText(b.runs)) !== '')
    if (next === undefined || isBoldHeading(next)) return block
    return { type: 'heading', level, runs: block.runs.map((r) => ({ ...r, bold: false })) }
  })
}
