import fc from 'fast-check'
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { GOAL_COLUMNS, yBodyToPlanNode } from '../../schema'
import { buildGoal } from '../../schema/build'
import { deleteGoal, insertGoal, moveGoal, orderedGoals } from '../../schema/editing'
import { editBody } from './pm-edit'

// Random structural edits to the first goal table of a plan, made through the
// editor's path (ProseMirror → y-prosemirror), with a ledger of every piece of
// text typed and everything deliberately deleted, so a test can prove that
// no text nobody deleted has disappeared.
//
// Every typed piece is a token ⟦core⟧ with a unique core.
// y-prosemirror turns a ProseMirror change into Yjs operations by diffing
// strings, so when a token is typed next to another, the characters they
// share at the join may be attributed to either token; cores begin and end
// with a character unique to them, so only the delimiters are ever shared and
// the ledger checks cores.

const TOKEN = /⟦[^⟦⟧]*⟧/g
// Each token's core starts and ends with a character no neighbouring token
// shares (CJK ideographs, one per token in turn), so a shared prefix or
// suffix between adjacent tokens can never reach into a core.
let nextMark = 0
const mark = () => String.fromCodePoint(0x4e00 + (nextMark++ % 20000))
const core = (token: string) => token.slice(1, -1)
const tokensIn = (text: string): string[] => text.match(TOKEN) ?? []

/** One edit a peer makes. Indices are taken modulo what exists at the time. */
export type GoalTableEdit =
  | { kind: 'type'; row: number; col: number; at: number }
  | { kind: 'delText'; row: number; col: number; a: number; b: number }
  | { kind: 'split'; row: number; col: number; at: number }
  | { kind: 'insertRow'; at: number }
  | { kind: 'deleteRow'; row: number }
  | { kind: 'moveRow'; from: number; to: number }
  | { kind: 'setTarget'; row: number; value: number }

const frac = fc.double({ min: 0, max: 1, noNaN: true })
const row = fc.nat(7)
const col = fc.nat(3)

/** fast-check arbitrary of edits, weighted towards typing. */
export const goalTableEditArb: fc.Arbitrary<GoalTableEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), row, col, at: frac }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delText' as const), row, col, a: frac, b: frac }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('split' as const), row, col, at: frac }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insertRow' as const), at: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteRow' as const), row }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moveRow' as const), from: row, to: row }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setTarget' as const), row, value: fc.integer({ min: -1000, max: 100000 }) }) }
)

/** A random edit from a plain random source (for tests that are not fast-check properties). */
export function randomGoalTableEdit(rand: () => number): GoalTableEdit {
  const n = (k: number) => Math.floor(rand() * k)
  const r = rand()
  if (r < 0.35) return { kind: 'type', row: n(8), col: n(4), at: rand() }
  if (r < 0.5) return { kind: 'delText', row: n(8), col: n(4), a: rand(), b: rand() }
  if (r < 0.57) return { kind: 'split', row: n(8), col: n(4), at: rand() }
  if (r < 0.7) return { kind: 'insertRow', at: n(9) }
  if (r < 0.77) return { kind: 'deleteRow', row: n(8) }
  if (r < 0.9) return { kind: 'moveRow', from: n(8), to: n(8) }
  return { kind: 'setTarget', row: n(8), value: n(100000) - 1000 }
}

function findTable(doc: PMNode): { pos: number; node: PMNode } | null {
  let found: { pos: number; node: PMNode } | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (node.type.name === 'goal_table') {
      found = { pos, node }
      return false
    }
    return true
  })
  return found
}

function textblockIn(rowNode: PMNode, rowPos: number, column: string): { pos: number; node: PMNode } | null {
  let hit: { pos: number; node: PMNode } | null = null
  rowNode.forEach((cell, cellOffset) => {
    if (hit || cell.attrs.column !== column) return
    cell.descendants((node, p) => {
      if (hit) return false
      if (node.isTextblock) {
        hit = { pos: rowPos + 1 + cellOffset + 1 + p, node }
        return false
      }
      return true
    })
  })
  return hit
}

/** Applies edits for several peers and keeps the ledger of typed and deleted text. */
export class GoalTableEditor {
  private readonly tokenRow = new Map<string, string>()
  private readonly deletedTokens = new Set<string>()
  private readonly deletedRows = new Set<string>()
  private counter = 0
  // Ledgers may follow each other on one document (several rounds against
  // one server): a prefix per ledger keeps their tokens apart.
  private readonly prefix = Math.random().toString(36).slice(2, 6)

  /** Start the ledger from a document's existing tokens (typed by nobody in this test). */
  constructor(initial?: Y.Doc) {
    if (initial) {
      yBodyToPlanNode(initial).doc.descendants((n) => {
        if (n.type.name === 'goal') for (const t of tokensIn(n.textContent)) this.tokenRow.set(t, n.attrs.id)
        return true
      })
    }
  }

  /** Number of tokens typed so far. */
  get typed(): number {
    return this.counter
  }

  /** Apply one edit on `ydoc` as peer `peer`, through ProseMirror and y-prosemirror. */
  apply(ydoc: Y.Doc, peer: number, c: GoalTableEdit, origin: unknown = 'local'): void {
    editBody(
      ydoc,
      (state) => {
        const table = findTable(state.doc)
        return table ? this.transaction(state, table, peer, c) : null
      },
      origin
    )
  }

  private transaction(state: EditorState, table: { pos: number; node: PMNode }, peer: number, c: GoalTableEdit): Transaction | null {
    const rowAt = (index: number) => {
      const rows = orderedGoals(table.node)
      if (rows.length === 0) return null
      const r = rows[index % rows.length]!
      return { node: r.node, pos: table.pos + 1 + r.offset, display: index % rows.length }
    }
    const token = () => {
      const m = mark()
      return `⟦${m}${this.prefix}p${peer}-${String(this.counter++).padStart(5, '0')}${m}⟧`
    }
    const cutsOf = (text: string) => [0, ...[...text.matchAll(TOKEN)].map((m) => m.index! + m[0].length)]
    switch (c.kind) {
      case 'type': {
        const r = rowAt(c.row)
        const block = r && textblockIn(r.node, r.pos, GOAL_COLUMNS[c.col % 4]!)
        if (!r || !block) return null
        // Between tokens only, so a token's characters stay together.
        const cuts = cutsOf(block.node.textContent)
        const t = token()
        this.tokenRow.set(t, r.node.attrs.id)
        return state.tr.insertText(t, block.pos + 1 + cuts[Math.floor(c.at * cuts.length) % cuts.length]!)
      }
      case 'delText': {
        const r = rowAt(c.row)
        const block = r && textblockIn(r.node, r.pos, GOAL_COLUMNS[c.col % 4]!)
        if (!r || !block || block.node.content.size === 0) return null
        const size = block.node.content.size
        const from = Math.floor(Math.min(c.a, c.b) * size)
        const to = Math.min(size, Math.max(from + 1, Math.floor(Math.max(c.a, c.b) * size)))
        const text = block.node.textContent
        for (const m of text.matchAll(TOKEN)) if (m.index! < to && m.index! + m[0].length > from) this.deletedTokens.add(m[0])
        // A token whose delimiter another peer deleted no longer matches TOKEN,
        // but its core is intact: find it by the core. (Regression: fast-check
        // counterexample with a delete of "⟦" merged, then a delete of the core's first letter.)
        for (const t of this.tokenRow.keys()) {
          const i = text.indexOf(core(t))
          if (i >= 0 && i < to && i + core(t).length > from) this.deletedTokens.add(t)
        }
        return state.tr.delete(block.pos + 1 + from, block.pos + 1 + to)
      }
      case 'split': {
        const r = rowAt(c.row)
        const block = r && textblockIn(r.node, r.pos, GOAL_COLUMNS[c.col % 4]!)
        if (!r || !block) return null
        const cuts = cutsOf(block.node.textContent)
        return state.tr.split(block.pos + 1 + cuts[Math.floor(c.at * cuts.length) % cuts.length]!)
      }
      case 'insertRow': {
        const t = token()
        const goal = buildGoal({ title: t })
        this.tokenRow.set(t, goal.attrs.id)
        return insertGoal(state, table.pos, c.at % (table.node.childCount + 1), goal)
      }
      case 'deleteRow': {
        const r = rowAt(c.row)
        if (!r) return null
        this.deletedRows.add(r.node.attrs.id)
        return deleteGoal(state, table.pos, r.display)
      }
      case 'moveRow': {
        const n = table.node.childCount
        return n < 2 ? null : moveGoal(state, table.pos, c.from % n, c.to % n)
      }
      case 'setTarget': {
        const r = rowAt(c.row)
        if (!r) return null
        let targetPos = -1
        r.node.descendants((n, p) => {
          if (targetPos < 0 && n.type.name === 'target') targetPos = r.pos + 1 + p
          return targetPos < 0
        })
        return targetPos < 0 ? null : state.tr.setNodeAttribute(targetPos, 'targetValue', c.value)
      }
    }
  }

  /** Tokens nobody deleted (neither the text nor its row) that are missing from `finalText`. */
  lostTokens(finalText: string): string[] {
    return [...this.tokenRow].filter(([t, rowId]) => !this.deletedTokens.has(t) && !this.deletedRows.has(rowId) && !finalText.includes(core(t))).map(([t]) => t)
  }
}
