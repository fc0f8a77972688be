import type { Node as PMNode } from 'prosemirror-model'
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { buildEmptyGoal } from '../build'
import { isNode } from '../plan-schema'

// Rows of a goal table are shown in the order of their `order` attribute, not
// their position among the Yjs siblings. A move is then one attribute write,
// which merges with anything a peer types into the row at the same time; a
// delete-and-reinsert would silently drop that typing. Ties (two peers
// inserting at the same spot) fall back to document position.

/** A goal row with where it sits in the table's content and its sort key. */
export interface OrderedGoal {
  node: PMNode
  /** Offset of the row inside the table's content. */
  offset: number
  /** Index among the table's children (document order). */
  index: number
  key: number
}

const keyOf = (node: PMNode, index: number): number => (typeof node.attrs.order === 'number' && Number.isFinite(node.attrs.order) ? node.attrs.order : index)

/** The table's goal rows in display order. */
export function orderedGoals(table: PMNode): OrderedGoal[] {
  const rows: OrderedGoal[] = []
  table.forEach((node, offset, index) => rows.push({ node, offset, index, key: keyOf(node, index) }))
  return rows.sort((a, b) => a.key - b.key || a.index - b.index)
}

/** A key strictly between two keys, or null when floating point has run out of room. */
function between(lo: number | null, hi: number | null): number | null {
  const k = lo === null && hi === null ? 0 : lo === null ? hi! - 1 : hi === null ? lo + 1 : (lo + hi) / 2
  return (lo !== null && k <= lo) || (hi !== null && k >= hi) ? null : k
}

/** Renumber every row 0, 1, 2 … in display order (used when keys get too close). */
function renumber(tr: Transaction, tablePos: number, table: PMNode): void {
  orderedGoals(table).forEach((row, i) => {
    if (row.node.attrs.order !== i) tr.setNodeAttribute(tablePos + 1 + row.offset, 'order', i)
  })
}

/**
 * Move the row shown at display index `from` so it is shown at index `to`,
 * by writing its `order` only. Returns null when there is nothing to move.
 */
export function moveGoal(state: EditorState, tablePos: number, from: number, to: number): Transaction | null {
  let table = state.doc.nodeAt(tablePos)
  if (!table || !isNode(table, 'goal_table')) return null
  const tr = state.tr
  let rows = orderedGoals(table)
  if (from === to || !rows[from] || to < 0 || to >= rows.length) return null
  const pick = () => {
    const rest = rows.filter((_, i) => i !== from)
    return between(rest[to - 1]?.key ?? null, rest[to]?.key ?? null)
  }
  let key = pick()
  if (key === null) {
    renumber(tr, tablePos, table)
    table = tr.doc.nodeAt(tablePos)!
    rows = orderedGoals(table)
    key = pick()!
  }
  const moving = rows[from]!
  return tr.setNodeAttribute(tablePos + 1 + moving.offset, 'order', key)
}

/** Insert a new empty goal row shown at display index `at` (default: last). */
export function insertGoal(state: EditorState, tablePos: number, at?: number, goal: PMNode = buildEmptyGoal()): Transaction | null {
  let table = state.doc.nodeAt(tablePos)
  if (!table || !isNode(table, 'goal_table')) return null
  const tr = state.tr
  let rows = orderedGoals(table)
  const index = at === undefined ? rows.length : Math.max(0, Math.min(at, rows.length))
  let key = between(rows[index - 1]?.key ?? null, rows[index]?.key ?? null)
  if (key === null) {
    renumber(tr, tablePos, table)
    table = tr.doc.nodeAt(tablePos)!
    rows = orderedGoals(table)
    key = between(rows[index - 1]?.key ?? null, rows[index]?.key ?? null)!
  }
  // Place it after its display predecessor in the document too, so document
  // order and display order agree as long as nobody moved anything.
  const after = rows[index - 1]
  const pos = tablePos + 1 + (after ? after.offset + after.node.nodeSize : 0)
  tr.insert(pos, goal.type.create({ ...goal.attrs, order: key }, goal.content))
  // Put the cursor in the new row's first cell, where the person will type.
  return tr.setSelection(TextSelection.near(tr.doc.resolve(pos + 1), 1))
}

/** Delete the row shown at display index `index`. */
export function deleteGoal(state: EditorState, tablePos: number, index: number): Transaction | null {
  const table = state.doc.nodeAt(tablePos)
  if (!table || !isNode(table, 'goal_table')) return null
  const row = orderedGoals(table)[index]
  if (!row) return null
  const from = tablePos + 1 + row.offset
  return state.tr.delete(from, from + row.node.nodeSize)
}
