import type { Node as PMNode } from 'prosemirror-model'
import { onlyTextEdits } from './text-edits'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { isNode, nodeName, planSchema } from '../plan-schema'
import { GOAL_COLUMNS } from '../vocabulary'

// The schema accepts any merge of valid edits (see plan-schema.ts); this step
// makes such merges pleasant again: a cell emptied by two concurrent deletes
// gets a paragraph to type in, a goal that lost a column gets it back, and the
// empty duplicates concurrent repairs may create are removed. Every rule only
// inserts empty structure or deletes structure that holds no text and no atom,
// so a repair can never lose anything a person wrote. Rules depend only on
// the document, so peers that repair the same merged state agree.

type Op = { pos: number; kind: 'insert'; node: PMNode } | { pos: number; kind: 'delete'; end: number }

const s = planSchema
const emptyParagraph = () => s.node('paragraph')
const isBlank = (node: PMNode): boolean => {
  let blank = node.textContent.trim() === ''
  node.descendants((d) => {
    if (d.isAtom && !d.isText && !isNode(d, 'hard_break')) blank = false
    return blank
  })
  return blank
}

/** Find the repairs a plan document needs; positions refer to `doc`. */
export function findRepairs(doc: PMNode): Op[] {
  const ops: Op[] = []
  if (doc.childCount === 0) ops.push({ pos: 0, kind: 'insert', node: emptyParagraph() })
  doc.descendants((node, pos) => {
    const inside = pos + 1
    const end = pos + node.nodeSize - 1
    switch (nodeName(node)) {
      case 'goal_cell':
      case 'vision':
      case 'list_item':
        if (node.childCount === 0) ops.push({ pos: inside, kind: 'insert', node: emptyParagraph() })
        break
      case 'focus_area': {
        let titles = 0
        node.forEach((child, offset) => {
          if (!isNode(child, 'focus_title')) return
          titles++
          if (titles > 1 && child.content.size === 0) ops.push({ pos: inside + offset, kind: 'delete', end: inside + offset + child.nodeSize })
        })
        if (titles === 0) ops.push({ pos: inside, kind: 'insert', node: s.node('focus_title') })
        if (node.childCount === titles) ops.push({ pos: end, kind: 'insert', node: emptyParagraph() })
        break
      }
      case 'goal': {
        const seen = new Set<string>()
        node.forEach((cell, offset) => {
          const column = String(cell.attrs.column)
          if (seen.has(column) && isBlank(cell)) ops.push({ pos: inside + offset, kind: 'delete', end: inside + offset + cell.nodeSize })
          seen.add(column)
        })
        for (const column of GOAL_COLUMNS) {
          if (!seen.has(column)) ops.push({ pos: end, kind: 'insert', node: s.node('goal_cell', { column }, [emptyParagraph()]) })
        }
        return true
      }
      case 'figures_table': {
        let width = 0
        node.forEach((row) => {
          if (isNode(row, 'figures_head') && width === 0) width = row.childCount
        })
        node.forEach((row, offset) => {
          if (!isNode(row, 'figures_row') || row.childCount >= width) return
          const rowEnd = inside + offset + row.nodeSize - 1
          for (let i = row.childCount; i < width; i++) ops.push({ pos: rowEnd, kind: 'insert', node: s.node('figures_cell') })
        })
        return false
      }
    }
    return true
  })
  return ops
}

/** A transaction applying the needed repairs to a state, or null when the plan is fine. */
export function repairTransaction(state: EditorState): Transaction | null {
  const ops = findRepairs(state.doc)
  if (ops.length === 0) return null
  const tr = state.tr
  // Back to front, so earlier positions stay valid; at one position, inserts
  // keep their order because each goes in before the previous one's content.
  for (const op of [...ops].sort((a, b) => b.pos - a.pos)) {
    if (op.kind === 'insert') tr.insert(op.pos, op.node)
    else tr.delete(op.pos, op.end)
  }
  return tr.setMeta('addToHistory', false)
}

export const repairKey = new PluginKey('repairPlan')

/** Run `repairTransaction` after every document change (local or merged from peers). */
export function repairPlugin(): Plugin {
  return new Plugin({
    key: repairKey,
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged) || transactions.every((tr) => !tr.docChanged || onlyTextEdits(tr))) return null
      return repairTransaction(state)
    }
  })
}
