import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'
import { paragraphOf } from '../../schema/import'
import type { ImportBlock, ImportRun } from '../../schema/import'

// mammoth's HTML → ImportBlock[]. mammoth writes a small, regular HTML
// (h1–h6, p, ul/ol/li, table/tr/td/th, strong, em, a, img, br, sup/sub), so
// a walk over the parsed tree is enough. Every text node ends up in some
// block: an element we do not know is read for its text.

/** Marks that apply to the text inside an inline element. */
interface Marks {
  bold?: boolean
  italic?: boolean
  href?: string
}

/** What the walk reports besides the blocks. */
export interface HtmlReadResult {
  blocks: ImportBlock[]
  /** Danish, one per kind of thing that could not be kept as it was. */
  warnings: string[]
}

const HEADING = /^h([1-6])$/
const BLOCK_TAGS = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'div',
  'blockquote',
  'section',
  'article',
  'header',
  'footer',
  'body',
  'html',
  'pre',
  'dl',
  'dt',
  'dd',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6'
])

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style'
const isBlock = (n: ChildNode): boolean => isElement(n) && BLOCK_TAGS.has(n.name)

/**
 * Read mammoth's HTML into blocks. Never throws on odd HTML: unknown tags are
 * read for their text. A heading with `titleClass` gets level 0 (the reader
 * decides what a document title means for the levels below it).
 */
export function htmlToBlocks(html: string, options: { titleClass?: string } = {}): HtmlReadResult {
  const warnings = new Set<string>()
  const dom = parseDocument(html, { decodeEntities: true })

  // Inline content → runs; a <br> splits the paragraph (Word's line break inside one paragraph).
  const inline = (nodes: readonly ChildNode[], marks: Marks, lines: ImportRun[][]): void => {
    for (const n of nodes) {
      if (n.type === 'text') {
        lines[lines.length - 1]!.push({ text: n.data, ...marks })
        continue
      }
      if (!isElement(n)) continue // comments, processing instructions
      switch (n.name) {
        case 'br':
          lines.push([])
          break
        case 'strong':
        case 'b':
          inline(n.children, { ...marks, bold: true }, lines)
          break
        case 'em':
        case 'i':
          inline(n.children, { ...marks, italic: true }, lines)
          break
        case 'a': {
          const href = n.attribs.href
          // mammoth's own anchors (#footnote-1, #_Toc…) point inside the Word file, not at a page.
          inline(n.children, href && !href.startsWith('#') ? { ...marks, href } : marks, lines)
          break
        }
        case 'img': {
          const alt = (n.attribs.alt ?? '').trim()
          warnings.add('Billeder kan ikke importeres; deres alternative tekst er bevaret, hvor der var en.')
          if (alt) lines[lines.length - 1]!.push({ text: `[Billede: ${alt}]`, ...marks })
          break
        }
        case 'script':
        case 'style':
          break
        default:
          inline(n.children, marks, lines)
      }
    }
  }

  const paragraphs = (nodes: readonly ChildNode[]): ImportBlock[] => {
    const lines: ImportRun[][] = [[]]
    inline(nodes, {}, lines)
    return lines.map(paragraphOf).filter((b): b is ImportBlock => b !== null)
  }

  const headingOf = (level: number, nodes: readonly ChildNode[]): ImportBlock[] => {
    const lines: ImportRun[][] = [[]]
    inline(nodes, {}, lines)
    const runs = lines.flatMap((l, i) => (i === 0 ? l : [{ text: ' ' }, ...l]))
    const p = paragraphOf(runs)
    return p && p.type === 'paragraph' ? [{ type: 'heading', level, runs: p.runs }] : []
  }

  const elementsNamed = (nodes: readonly ChildNode[], names: readonly string[]): Element[] =>
    nodes.filter((n): n is Element => isElement(n) && names.includes(n.name))

  const tableOf = (table: Element): ImportBlock[] => {
    const rows: Element[] = []
    const collectRows = (nodes: readonly ChildNode[]) => {
      for (const n of nodes) {
        if (!isElement(n)) continue
        if (n.name === 'tr') rows.push(n)
        else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') collectRows(n.children)
      }
    }
    collectRows(table.children)
    // Text of the table outside any row (a caption, stray text) must not vanish: it goes before the table.
    const stray = table.children.filter((n) => !(isElement(n) && ['tr', 'thead', 'tbody', 'tfoot'].includes(n.name)))
    const cells = rows.map((tr) => elementsNamed(tr.children, ['td', 'th']).map((cell) => containerBlocks(cell.children)))
    return [...containerBlocks(stray), ...(cells.length ? [{ type: 'table' as const, rows: cells }] : [])]
  }

  // Block content of a container (body, li, td, div): inline stretches become paragraphs.
  const containerBlocks = (nodes: readonly ChildNode[]): ImportBlock[] => {
    const out: ImportBlock[] = []
    let pending: ChildNode[] = []
    const flush = () => {
      if (pending.length) out.push(...paragraphs(pending))
      pending = []
    }
    for (const n of nodes) {
      if (!isBlock(n)) {
        pending.push(n)
        continue
      }
      flush()
      const el = n as Element
      const h = HEADING.exec(el.name)
      if (h) {
        const isTitle = !!options.titleClass && (el.attribs.class ?? '').split(/\s+/).includes(options.titleClass)
        out.push(...headingOf(isTitle ? 0 : Number(h[1]), el.children))
      } else if (el.name === 'p' || el.name === 'dt' || el.name === 'dd' || el.name === 'pre') out.push(...paragraphs(el.children))
      else if (el.name === 'ul' || el.name === 'ol') {
        const items = el.children
          .filter((c) => !(c.type === 'text' && c.data.trim() === ''))
          .map((c) => (isElement(c) && c.name === 'li' ? containerBlocks(c.children) : containerBlocks([c])))
          .filter((item) => item.length > 0)
        if (items.length) out.push({ type: 'list', ordered: el.name === 'ol', items })
      } else if (el.name === 'table') out.push(...tableOf(el))
      else if (el.name === 'hr') continue
      else out.push(...containerBlocks(el.children)) // div, li outside a list, stray tr/td, …
    }
    flush()
    return out
  }

  const blocks = containerBlocks(dom.children)
  return { blocks, warnings: [...warnings] }
}
