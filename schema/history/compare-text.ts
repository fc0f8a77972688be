import { alignSequences } from './sequence-align'
import type { BlockChange, TextPart } from './versions'

// The text comparison of two versions, on their ProseMirror JSON: which text
// blocks were added, removed or edited, with the words inserted and deleted.
// Blocks are grouped by their nearest container with an id (a focus area, a
// goal's cell; `doc` and `vision` otherwise) and aligned inside it, so text
// is matched by id where there is one and by position (longest common
// subsequence) within it. Targets and follow-ups are atoms with attributes
// only: comparePlans reports them. Pure.

/** A ProseMirror node as JSON (`Node.toJSON()`), the shape both sides are read in. */
export interface PmJson {
  type: string
  attrs?: Record<string, unknown>
  content?: PmJson[]
  text?: string
}

interface Block {
  /** Place in its document (text blocks counted in order). */
  at: number
  type: string
  text: string
  focusAreaId: string | null
  goalId: string | null
  column: string | null
}

interface Scope {
  focusAreaId: string | null
  goalId: string | null
  column: string | null
  key: string
  inList: boolean
}

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'focus_title'])

const idOf = (n: PmJson): string | null => (typeof n.attrs?.id === 'string' && n.attrs.id !== '' ? n.attrs.id : null)

function inlineText(n: PmJson): string {
  if (n.type === 'text') return n.text ?? ''
  if (n.type === 'hard_break') return '\n'
  return (n.content ?? []).map(inlineText).join('')
}

/** The text blocks of a document, grouped by scope key in document order. */
function blocksByScope(doc: PmJson): Map<string, Block[]> {
  const out = new Map<string, Block[]>()
  let at = 0
  const visit = (n: PmJson, scope: Scope): void => {
    if (TEXT_BLOCKS.has(n.type)) {
      const block = {
        at: at++,
        type: scope.inList ? 'list_item' : n.type,
        text: inlineText(n),
        focusAreaId: scope.focusAreaId,
        goalId: scope.goalId,
        column: scope.column
      }
      const list = out.get(scope.key)
      if (list) list.push(block)
      else out.set(scope.key, [block])
      return
    }
    let next = scope
    const id = idOf(n)
    if (n.type === 'focus_area') next = { ...scope, focusAreaId: id, goalId: null, column: null, key: `focus_area:${id ?? '?'}` }
    else if (n.type === 'goal') next = { ...scope, goalId: id, column: null, key: `goal:${id ?? '?'}` }
    else if (n.type === 'goal_cell') {
      const column = typeof n.attrs?.column === 'string' ? n.attrs.column : 'title'
      next = { ...scope, column, key: `${scope.key}/${column}` }
    } else if (n.type === 'vision') next = { ...scope, key: 'vision' }
    else if (n.type === 'bullet_list' || n.type === 'ordered_list') next = { ...scope, inList: true }
    else if (id !== null && n.type !== 'goal_table') next = { ...scope, key: `${n.type}:${id}` }
    for (const c of n.content ?? []) visit(c, next)
  }
  visit(doc, { focusAreaId: null, goalId: null, column: null, key: 'doc', inList: false })
  return out
}

/** Words and the spaces between them, as separate tokens. */
const tokens = (text: string): string[] => text.match(/\s+|[^\s]+/g) ?? []

/** The word-level difference between two texts, adjacent runs of the same kind merged. */
export function diffWords(before: string, after: string): TextPart[] {
  const a = tokens(before)
  const b = tokens(after)
  const parts: TextPart[] = []
  const push = (op: TextPart['op'], text: string) => {
    const last = parts[parts.length - 1]
    if (last && last.op === op) last.text += text
    else parts.push({ op, text })
  }
  for (const s of alignSequences(a, b)) {
    if (s.a !== null && s.b !== null) push('equal', a[s.a]!)
    else if (s.a !== null) push('delete', a[s.a]!)
    else push('insert', b[s.b!]!)
  }
  return parts
}

/** Below this share of kept text, two blocks in the same place count as one removed and one added. */
const MIN_SIMILARITY = 0.3

/** The share of both texts' characters (spaces aside) that the word difference keeps. */
function similarity(parts: readonly TextPart[]): number {
  let kept = 0
  let total = 0
  for (const p of parts) {
    const n = p.text.replace(/\s+/g, '').length
    total += p.op === 'equal' ? 2 * n : n
    if (p.op === 'equal') kept += 2 * n
  }
  return total === 0 ? 1 : kept / total
}

const added = (b: Block): BlockChange => ({
  kind: 'added',
  type: b.type,
  focusAreaId: b.focusAreaId,
  goalId: b.goalId,
  column: b.column,
  before: null,
  after: b.text,
  parts: b.text ? [{ op: 'insert', text: b.text }] : []
})
const removed = (b: Block): BlockChange => ({
  kind: 'removed',
  type: b.type,
  focusAreaId: b.focusAreaId,
  goalId: b.goalId,
  column: b.column,
  before: b.text,
  after: null,
  parts: b.text ? [{ op: 'delete', text: b.text }] : []
})

/** A change with its place in the `after` document (removed blocks: just after the block they followed). */
type Placed = { at: number; change: BlockChange }

/** Compare the blocks of one scope present in both versions; `start`: where a removal before every kept block goes. */
function compareScope(before: Block[], after: Block[], start: number, out: Placed[]): void {
  const steps = alignSequences(
    before.map((b) => b.text),
    after.map((b) => b.text)
  )
  let gone: Block[] = []
  let come: Block[] = []
  let place = start
  const flush = () => {
    // In a gap, removed and added blocks pair up in order as edits, unless a
    // pair shares too few words: that is a paragraph replaced by another.
    const pairs = Math.min(gone.length, come.length)
    for (let k = 0; k < pairs; k++) {
      const w = gone[k]!
      const n = come[k]!
      const parts = diffWords(w.text, n.text)
      if (similarity(parts) >= MIN_SIMILARITY)
        out.push({
          at: n.at,
          change: { kind: 'changed', type: n.type, focusAreaId: n.focusAreaId, goalId: n.goalId, column: n.column, before: w.text, after: n.text, parts }
        })
      else {
        out.push({ at: place + 0.5, change: removed(w) })
        out.push({ at: n.at, change: added(n) })
      }
    }
    for (const w of gone.slice(pairs)) out.push({ at: place + 0.5, change: removed(w) })
    for (const n of come.slice(pairs)) out.push({ at: n.at, change: added(n) })
    gone = []
    come = []
  }
  for (const s of steps) {
    if (s.a !== null && s.b !== null) {
      flush()
      place = after[s.b]!.at
    } else if (s.a !== null) gone.push(before[s.a]!)
    else come.push(after[s.b!]!)
  }
  flush()
}

/**
 * The text blocks added, removed or edited from `before` to `after` (two
 * ProseMirror documents as JSON), in the order of `after`, removed ones
 * where they were. Unchanged blocks are not listed.
 */
export function compareText(before: PmJson, after: PmJson): BlockChange[] {
  const was = blocksByScope(before)
  const now = blocksByScope(after)
  const out: Placed[] = []
  // A scope that is gone goes after the last block of the scope before it that still exists.
  let anchor = -1
  for (const [key, blocks] of was) {
    const kept = now.get(key)
    if (kept) anchor = kept[kept.length - 1]!.at
    else for (const b of blocks) out.push({ at: anchor + 0.5, change: removed(b) })
  }
  for (const [key, blocks] of now) {
    const old = was.get(key)
    if (old) compareScope(old, blocks, blocks[0]!.at - 1, out)
    else for (const b of blocks) out.push({ at: b.at, change: added(b) })
  }
  // Stable: changes at the same place keep the order they were found in.
  return out
    .map((p, i) => ({ ...p, i }))
    .sort((x, y) => x.at - y.at || x.i - y.i)
    .map((p) => p.change)
}
