import { Lexer, type Token, type Tokens } from 'marked'
import { blockText, paragraphOf } from './blocks'
import type { ImportBlock, ImportRun, ImportSource } from './types'

// Markdown → ImportSource with marked's lexer (pure JS, no DOM), GFM on:
// headings, paragraphs, nested lists, pipe tables, bold, italic, links.
// Everything else is read for its text: a block quote's paragraphs, a code
// block as a paragraph, an image as its alt text. A `<br>` inside a table
// cell (how our own Markdown export separates a cell's blocks) starts a new
// paragraph in that cell.

interface Marks {
  bold?: boolean
  italic?: boolean
  href?: string
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }
const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[e.toLowerCase()] ?? whole
  })

const BR = /^<br\s*\/?>$/i
const TAG = /^<\/?[a-z][a-z0-9-]*(\s[^>]*)?\/?>$/i

// Our Markdown export (schema/export/markdown.ts) starts each target's sentence with
// this marker; it says "a target", it is not part of the sentence.
const TARGET_MARKER = /^\u{1F3AF}\s+/u

function withoutTargetMarker(block: ImportBlock): ImportBlock {
  if (block.type !== 'paragraph' || !TARGET_MARKER.test(block.runs[0]?.text ?? '')) return block
  const [first, ...rest] = block.runs
  const text = first!.text.replace(TARGET_MARKER, '')
  return { type: 'paragraph', runs: text ? [{ ...first!, text }, ...rest] : rest }
}

/** Read Markdown text. Never throws: marked's lexer accepts any string. */
export function markdownToImportSource(markdown: string): ImportSource {
  const warnings = new Set<string>()
  const tokens = new Lexer({ gfm: true }).lex(markdown.replace(/^\uFEFF/, ''))

  const inline = (list: readonly Token[] | undefined, marks: Marks, lines: ImportRun[][]): void => {
    for (const t of list ?? []) {
      const push = (text: string) => lines[lines.length - 1]!.push({ text, ...marks })
      switch (t.type) {
        case 'strong':
          inline((t as Tokens.Strong).tokens, { ...marks, bold: true }, lines)
          break
        case 'em':
          inline((t as Tokens.Em).tokens, { ...marks, italic: true }, lines)
          break
        case 'link':
          inline((t as Tokens.Link).tokens, { ...marks, href: (t as Tokens.Link).href }, lines)
          break
        case 'image':
          warnings.add('Billeder kan ikke importeres; deres alternative tekst er bevaret, hvor der var en.')
          if ((t as Tokens.Image).text) push(`[Billede: ${decodeEntities((t as Tokens.Image).text)}]`)
          break
        case 'br':
          lines.push([])
          break
        case 'html': {
          const raw = (t as Tokens.HTML).raw.trim()
          if (BR.test(raw)) lines.push([])
          else if (!TAG.test(raw)) push(decodeEntities(raw)) // a lone tag is markup; anything else is text someone wrote
          break
        }
        case 'codespan':
          push(decodeEntities((t as Tokens.Codespan).text))
          break
        case 'escape':
          push((t as Tokens.Escape).text)
          break
        default: {
          const nested = (t as { tokens?: Token[] }).tokens
          if (nested && nested.length) inline(nested, marks, lines)
          else push(decodeEntities((t as { text?: string }).text ?? t.raw))
        }
      }
    }
  }

  const paragraphs = (list: readonly Token[] | undefined): ImportBlock[] => {
    const lines: ImportRun[][] = [[]]
    inline(list, {}, lines)
    return lines
      .map(paragraphOf)
      .filter((b): b is ImportBlock => b !== null)
      .map(withoutTargetMarker)
  }

  const blocks = (list: readonly Token[]): ImportBlock[] => {
    const out: ImportBlock[] = []
    for (const t of list) {
      switch (t.type) {
        case 'space':
        case 'hr':
          break
        case 'heading': {
          const p = paragraphs((t as Tokens.Heading).tokens)
          const runs = p.flatMap((b, i) => (b.type === 'paragraph' ? (i ? [{ text: ' ' }, ...b.runs] : b.runs) : []))
          if (runs.length) out.push({ type: 'heading', level: (t as Tokens.Heading).depth, runs })
          break
        }
        case 'paragraph':
          out.push(...paragraphs((t as Tokens.Paragraph).tokens))
          break
        case 'text': // loose text inside a tight list item
          out.push(...paragraphs((t as Tokens.Text).tokens ?? [{ type: 'text', raw: t.raw, text: (t as Tokens.Text).text } as Token]))
          break
        case 'list': {
          const items = (t as Tokens.List).items.map((item) => blocks(item.tokens)).filter((item) => item.length > 0)
          if (items.length) out.push({ type: 'list', ordered: (t as Tokens.List).ordered, items })
          break
        }
        case 'table': {
          const table = t as Tokens.Table
          const rows = [table.header, ...table.rows].map((row) => row.map((cell) => paragraphs(cell.tokens)))
          out.push({ type: 'table', rows })
          break
        }
        case 'blockquote':
          out.push(...blocks((t as Tokens.Blockquote).tokens))
          break
        case 'code':
          for (const line of (t as Tokens.Code).text.split('\n')) {
            const p = paragraphOf([{ text: line }])
            if (p) out.push(p)
          }
          break
        case 'html': {
          const text = decodeEntities((t as Tokens.HTML).text.replace(/<[^>]*>/g, ' '))
          const p = paragraphOf([{ text }])
          if (p) out.push(p)
          break
        }
        default: {
          const nested = (t as { tokens?: Token[] }).tokens
          const p = nested
            ? paragraphs(nested)
            : [paragraphOf([{ text: decodeEntities((t as { text?: string }).text ?? t.raw) }])].filter((b): b is ImportBlock => b !== null)
          out.push(...p)
        }
      }
    }
    return out
  }

  const result = blocks(tokens)
  const first = result[0]
  const title = first?.type === 'heading' && first.level === 1 ? blockText(first).trim() : undefined
  const firstRaw =
    tokens
      .find((t) => t.type !== 'space')
      ?.raw.split('\n')
      .find((l) => l.trim() !== '') ?? ''
  const firstLine = decodeEntities(firstRaw.replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*/u, '').replace(/[*_`]/gu, '')).trim()
  return { format: 'markdown', ...(title ? { title } : {}), blocks: result, ...(firstLine ? { firstLine } : {}), warnings: [...warnings] }
}
