import type { ImportBlock, ImportSource } from './types'
import { isSignatureLine } from './outline'

// Plain text has no markup, so its structure is guessed from the lines:
// - a blank line ends a paragraph; lines of one paragraph are joined by a space;
// - a heading is a line in capitals ("BESKÆFTIGELSESPLAN 2016"), a numbered
//   short line without a full stop ("1. Indsatsområde", "2.1 Sygedagpenge"),
//   a Markdown-style "# Titel", or a short line without a full stop that
//   starts a paragraph and is followed by text, unless it belongs to a
//   signature block ("Lemvig den", "På kommunalbestyrelsens vegne");
// - lines starting with "-", "•", "*" or "–" are a bullet list, "1." or "1)"
//   lines that read as sentences an ordered list;
// - two or more lines split by tabs or " | " into the same number of cells
//   are a table; "• " inside a cell or paragraph starts a list.

const BULLET = /^\s*[-•*–]\s+(.*)$/u
// "1. X", "1) X", "2.1 X", "2.1. X"; one or two digits a part, so "2015 var"
// and "12.500 personer" are not numbered lines.
const NUMBERED = [/^\s*(\d{1,2}(?:\.\d{1,2})*)[.)]\s+(\S.*)$/u, /^\s*(\d{1,2}(?:\.\d{1,2})+)\s+(\S.*)$/u]
const MARKDOWN_HEADING = /^(#{1,6})\s+\S/u
const SENTENCE_END = /[.!?:;,]$/u
const MAX_HEADING_LENGTH = 80

type Line =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'numbered'; number: string; text: string; raw: string }
  | { kind: 'row'; cells: string[]; raw: string }
  | { kind: 'separator' }
  | { kind: 'heading'; level: number; text: string }

const isCaps = (text: string): boolean => {
  const letters = text.replace(/[^\p{L}]/gu, '')
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
}

function classify(raw: string): Line {
  // No regular expression here may start inside a run of spaces and scan
  // it again from each position: a line of many spaces would take quadratic
  // time (an upload could hold the server). Trimming is linear.
  const line = raw.trimEnd()
  if (line.trim() === '') return { kind: 'blank' }
  const md = MARKDOWN_HEADING.exec(line)
  if (md) {
    const text = line.slice(md[1]!.length).trim()
    // A closing run of hashes ("## Titel ##") is markup; "C#" is not.
    let end = text.length
    while (end > 0 && text[end - 1] === '#') end--
    const closed = end < text.length && end > 0 && /\s/u.test(text[end - 1]!)
    return { kind: 'heading', level: md[1]!.length, text: closed ? text.slice(0, end).trimEnd() : text }
  }
  if (line.includes('\t') || line.includes(' | ') || /^\s*\|/u.test(line)) {
    const cells =
      line.includes('\t') && !line.includes('|')
        ? line.split('\t').map((c) => c.trim())
        : line
            .trim()
            .replace(/^\|/u, '')
            .replace(/\|$/u, '')
            .split('|')
            .map((c) => c.trim())
    if (cells.every((c) => /^:?-{3,}:?$/u.test(c))) return { kind: 'separator' }
    if (cells.length >= 2) return { kind: 'row', cells, raw: line }
  }
  const bullet = BULLET.exec(line)
  if (bullet) return { kind: 'bullet', text: bullet[1]! }
  const numbered = NUMBERED.map((re) => re.exec(line)).find((m) => m !== null)
  if (numbered) {
    return { kind: 'numbered', number: numbered[1]!, text: numbered[2]!, raw: line.trim() }
  }
  const text = line.trim()
  if (isCaps(text) && text.length <= MAX_HEADING_LENGTH * 1.5 && !SENTENCE_END.test(text)) return { kind: 'heading', level: 1, text }
  return { kind: 'text', text }
}

const isShortTitle = (text: string): boolean => text.length <= MAX_HEADING_LENGTH && !SENTENCE_END.test(text) && /^[\p{Lu}\d]/u.test(text)

// An unnumbered line must look more like a title than a sentence that lost
// its full stop: few words, no sentence break inside, no table bar, and not
// a lettered point ("A. Borgere på ledighedsydelse").
const MAX_HEADING_WORDS = 10
const looksLikeHeading = (text: string): boolean =>
  isShortTitle(text) &&
  text.split(/\s+/u).length <= MAX_HEADING_WORDS &&
  !/[.!?]\s/u.test(text) &&
  !text.includes('|') &&
  !/^\p{Lu}[.)]\s/u.test(text) &&
  !isSignatureLine(text)

const paragraph = (text: string): ImportBlock => ({ type: 'paragraph', runs: [{ text }] })

/** A cell's or paragraph's text as blocks: text before the first "• " a paragraph, the bullets a list. */
function cellBlocks(text: string): ImportBlock[] {
  if (text === '') return []
  const parts = text.split(/•(?=\s)/u).map((part) => part.trim())
  if (parts.length < 2) return [paragraph(text)]
  const [lead, ...items] = parts
  return [...(lead!.trim() ? [paragraph(lead!.trim())] : []), { type: 'list', ordered: false, items: items.map((item) => [paragraph(item.trim())]) }]
}

/**
 * Read plain text into an ImportSource (see the rules at the top of this
 * file). Every character of the text that is not layout (line breaks,
 * indentation, bullet and table markers) is kept.
 */
export function textToImportSource(text: string): ImportSource {
  const lines = text
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map(classify)
  const maxDepth = Math.max(0, ...lines.map((l) => (l.kind === 'numbered' && isShortTitle(l.text) ? l.number.split('.').length : 0)))
  // Levels only matter relative to each other: the first line of the text,
  // if it is a heading, is the title (1); capitals 2; "1." 3, "1.1" 4 …;
  // other short lines below the deepest numbered level.
  const plainLevel = 3 + maxDepth
  const blocks: ImportBlock[] = []
  let buffer: string[] = []
  const flush = () => {
    // "• " inside a paragraph (a list flattened by a PDF copy) starts a list.
    if (buffer.length) blocks.push(...cellBlocks(buffer.join(' ')))
    buffer = []
  }
  const nextContent = (from: number): Line | undefined => lines.slice(from).find((l) => l.kind !== 'blank')
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    switch (line.kind) {
      case 'blank':
      case 'separator':
        flush()
        i++
        break
      case 'heading':
        flush()
        blocks.push({ type: 'heading', level: blocks.length === 0 && buffer.length === 0 ? 1 : line.level + 1, runs: [{ text: line.text }] })
        i++
        break
      case 'row': {
        let j = i
        const rows: string[][] = []
        while (j < lines.length) {
          const l = lines[j]!
          if (l.kind === 'separator') {
            j++
            continue
          }
          if (l.kind !== 'row' || l.cells.length !== line.cells.length) break
          rows.push(l.cells)
          j++
        }
        if (rows.length < 2) {
          buffer.push(line.raw.trim())
          i++
          break
        }
        flush()
        blocks.push({ type: 'table', rows: rows.map((row) => row.map(cellBlocks)) })
        i = j
        break
      }
      case 'bullet':
      case 'numbered': {
        if (line.kind === 'numbered' && isShortTitle(line.text)) {
          flush()
          blocks.push({ type: 'heading', level: 2 + line.number.split('.').length, runs: [{ text: line.raw }] })
          i++
          break
        }
        flush()
        const ordered = line.kind === 'numbered'
        const items: ImportBlock[][] = []
        while (i < lines.length) {
          const l = lines[i]!
          const item = l.kind === 'bullet' || l.kind === 'numbered' ? l : null
          if (item && (ordered ? item.kind === 'numbered' && !isShortTitle(item.text) : item.kind === 'bullet')) {
            items.push([paragraph(item.text)])
            i++
          } else break
        }
        blocks.push({ type: 'list', ordered, items })
        break
      }
      case 'text': {
        const prev = i > 0 ? lines[i - 1]! : undefined
        const startsParagraph = buffer.length === 0 || (prev?.kind === 'text' && SENTENCE_END.test(prev.text))
        const next = nextContent(i + 1)
        const followedByText =
          next !== undefined &&
          (next.kind === 'text' || next.kind === 'bullet' || next.kind === 'row' || (next.kind === 'numbered' && !isShortTitle(next.text)))
        // A next line in lower case continues a wrapped sentence: not a heading.
        const wrapped = lines[i + 1]?.kind === 'text' && /^\p{Ll}/u.test((lines[i + 1] as { text: string }).text)
        if (startsParagraph && looksLikeHeading(line.text) && followedByText && !wrapped) {
          flush()
          blocks.push({ type: 'heading', level: blocks.length === 0 ? 1 : plainLevel, runs: [{ text: line.text }] })
        } else if (startsParagraph && prev?.kind === 'text' && buffer.length) {
          // Lines that each end a sentence and are not separated by blank
          // lines are read as paragraphs of their own (text copied from PDFs).
          flush()
          buffer.push(line.text)
        } else buffer.push(line.text)
        i++
        break
      }
    }
  }
  flush()
  const first = lines.find((l) => l.kind !== 'blank' && l.kind !== 'separator')
  const firstLine =
    first === undefined ? '' : first.kind === 'row' ? first.cells.join(' ') : first.kind === 'numbered' ? first.raw : 'text' in first ? first.text : ''
  return { format: 'text', blocks, ...(firstLine.trim() ? { firstLine: firstLine.trim() } : {}), warnings: [] }
}
