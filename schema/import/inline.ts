import { Fragment, type Mark, type Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { safeHref } from '../links'
import type { ImportBlock, ImportRun } from './types'

// Turning a reader's runs and blocks into plan nodes that hold only text:
// paragraphs and lists. Structure (goal tables, targets) is decided elsewhere;
// everything here keeps every character it is given.

const s = planSchema

/** The inline nodes of some runs: bold, italic and safe links kept; a refused link keeps its text. */
export function runsToInline(runs: readonly ImportRun[]): PMNode[] {
  const out: PMNode[] = []
  for (const run of runs) {
    const marks: Mark[] = []
    if (run.bold) marks.push(s.marks.strong!.create())
    if (run.italic) marks.push(s.marks.em!.create())
    if (run.href !== undefined) {
      const href = safeHref(run.href)
      if (href !== null) marks.push(s.marks.link!.create({ href }))
    }
    // A line break inside a run is a hard break: the schema's text nodes hold no newlines.
    run.text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .forEach((part, i) => {
        if (i > 0) out.push(s.nodes.hard_break!.create())
        if (part) out.push(s.text(part, marks))
      })
  }
  return out
}

/** The plain text of some runs. */
export const runsText = (runs: readonly ImportRun[]): string => runs.map((r) => r.text).join('')

/** The plain text of a block and everything in it, pieces separated by `separator`. */
export function blockText(block: ImportBlock, separator = '\n'): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return runsText(block.runs)
    case 'list':
      return block.items
        .map((item) => blocksText(item, separator))
        .filter((t) => t.trim() !== '')
        .join(separator)
    case 'table':
      return block.rows
        .map((row) =>
          row
            .map((cell) => blocksText(cell, separator))
            .filter((t) => t.trim() !== '')
            .join(separator)
        )
        .filter((t) => t !== '')
        .join(separator)
  }
}

/** The plain text of several blocks. */
export const blocksText = (blocks: readonly ImportBlock[], separator = '\n'): string =>
  blocks
    .map((b) => blockText(b, separator))
    .filter((t) => t.trim() !== '')
    .join(separator)

/** Text with runs of whitespace folded to one space, trimmed. */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** A paragraph of the given inline content. */
export const paragraphOf = (inline: readonly PMNode[] | Fragment): PMNode =>
  s.node('paragraph', null, inline instanceof Fragment ? inline : Fragment.fromArray([...inline]))

/** Bold text followed by inline content: how a table's column name is kept beside its text. */
export function labelled(label: string, inline: readonly PMNode[]): PMNode {
  const name = squash(label).replace(/\s*:$/u, '')
  if (name === '') return paragraphOf(inline)
  const strong = s.marks.strong!.create()
  return paragraphOf([s.text(`${name}:`, [strong]), ...(inline.length ? [s.text(' '), ...inline] : [])])
}

/**
 * Blocks as content a goal cell or list item can hold (paragraph, bullet and
 * ordered lists). A heading becomes a bold paragraph; a nested table becomes
 * one labelled paragraph per cell, so its text survives.
 */
export function textBlocks(blocks: readonly ImportBlock[]): PMNode[] {
  const out: PMNode[] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
        out.push(paragraphOf(runsToInline(block.runs)))
        break
      case 'heading':
        out.push(paragraphOf(runsToInline(block.runs.map((r) => ({ ...r, bold: true })))))
        break
      case 'list':
        out.push(listNode(block))
        break
      case 'table':
        out.push(...tableAsParagraphs(block.rows))
        break
    }
  }
  return out.filter((node) => !(node.type.name === 'paragraph' && node.content.size === 0))
}

/** A bullet or ordered list; an item that held nothing gets an empty paragraph (the schema wants one to type in). */
export function listNode(block: Extract<ImportBlock, { type: 'list' }>): PMNode {
  const items = block.items.map((item) => {
    const content = textBlocks(item).flatMap((node) =>
      node.type.name === 'paragraph' || node.type.name === 'bullet_list' || node.type.name === 'ordered_list' ? [node] : []
    )
    return s.node('list_item', null, content.length ? content : [paragraphOf([])])
  })
  return block.ordered ? s.node('ordered_list', { order: 1 }, items) : s.node('bullet_list', null, items)
}

/**
 * A table that is neither a goal table nor a måltal table, as paragraphs:
 * one per non-empty cell, prefixed by its column's header ("Ansvarlig: Jobcentret").
 * A header whose column is empty throughout is kept as a paragraph of its own.
 */
export function tableAsParagraphs(rows: readonly ImportBlock[][][]): PMNode[] {
  if (rows.length === 0) return []
  const hasHeader = rows.length > 1
  const header = hasHeader ? rows[0]!.map((cell) => squash(blocksText(cell, ' '))) : []
  const body = hasHeader ? rows.slice(1) : rows
  const out: PMNode[] = []
  const usedColumns = new Set<number>()
  for (const row of body) {
    row.forEach((cell, i) => {
      const content = textBlocks(cell)
      if (content.length === 0) return
      usedColumns.add(i)
      const label = header[i] ?? ''
      const [first, ...rest] = content
      if (first!.type.name === 'paragraph') out.push(labelled(label, childrenOf(first!)), ...rest)
      else out.push(...(label ? [labelled(label, [])] : []), ...content)
    })
  }
  const unused = header.filter((h, i) => h !== '' && !usedColumns.has(i))
  if (unused.length) out.unshift(paragraphOf([s.text(unused.join(' · '))]))
  return out
}

const childrenOf = (node: PMNode): PMNode[] => {
  const out: PMNode[] = []
  node.forEach((child) => out.push(child))
  return out
}
