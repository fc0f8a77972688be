import * as Y from 'yjs'
import { yTextRuns, type TextRun } from './text-index'

// An anchor is a pair of Yjs relative positions into the body plus the text
// they enclosed when the comment was made. Relative positions follow their
// characters through concurrent edits, offline too. Where they cannot (a
// split paragraph re-creates its tail as new Yjs items; a join does the
// same), the quote finds the words again. Only when the words are gone for
// good is the thread shown as detached — with the quote, never lost.

/** An anchor on words, as stored in a thread (JSON-safe). */
export interface TextAnchor {
  start: unknown
  end: unknown
  quote: string
}

/** The structured nodes a comment can be about as a whole (issue #15: a commenter without a mouse selection). */
export const NODE_ANCHOR_TYPES = ['goal', 'target', 'follow_up', 'figures_cell'] as const
export type NodeAnchorType = (typeof NODE_ANCHOR_TYPES)[number]

/**
 * An anchor on a whole node (a goal row, a target, a follow-up, a figures
 * cell): a Yjs relative position naming the node's own element (`at`), so it
 * follows the node wherever edits move it and detaches when it is deleted;
 * the node's id, when it has one, finds it again should the element be
 * re-created (a restore); `quote` is what the node said when the comment was
 * made (a goal's title, a target's sentence), shown when it is gone.
 */
export interface NodeAnchor {
  node: NodeAnchorType
  at: unknown
  id: string | null
  quote: string
}

/** An anchor as stored in a thread (JSON-safe). */
export type Anchor = TextAnchor | NodeAnchor

/** Whether an anchor is on a whole node rather than on words. */
export const isNodeAnchor = (a: Anchor): a is NodeAnchor => typeof a === 'object' && a !== null && 'node' in a

/** How an anchor resolves against the current body. */
export interface ResolvedAnchor {
  /** For a node anchor: the child indices from the body down to the node now (null for words, or when detached). */
  path?: number[] | null
  /** Flattened text offsets of the anchored range now (equal when detached). */
  start: number
  end: number
  /** The text the range holds now ('' when detached). */
  text: string
  /** Still on its words (possibly re-found by its quote). */
  attached: boolean
  /** Re-found by searching for the quote (the relative positions had drifted). */
  reanchored: boolean
}

function runAt(runs: TextRun[], offset: number, side: 'start' | 'end'): TextRun | undefined {
  return side === 'start'
    ? runs.find((r) => offset >= r.start && offset < r.start + r.length)
    : runs.find((r) => offset > r.start && offset <= r.start + r.length)
}

/**
 * Make an anchor for flattened offsets [start, end) of the body. The start
 * binds to the first character, the end to the last, so typing just outside
 * the range does not widen it and typing inside stays inside.
 */
export function createAnchor(body: Y.XmlFragment, start: number, end: number): TextAnchor | null {
  const { runs, text } = yTextRuns(body)
  if (end <= start) return null
  const a = runAt(runs, start, 'start')
  const b = runAt(runs, end, 'end')
  if (!a || !b) return null
  const rs = Y.createRelativePositionFromTypeIndex(a.text, start - a.start, 0)
  const re = Y.createRelativePositionFromTypeIndex(b.text, end - b.start, -1)
  return { start: Y.relativePositionToJSON(rs), end: Y.relativePositionToJSON(re), quote: text.slice(start, end) }
}

function absolute(doc: Y.Doc, runs: TextRun[], json: unknown): number | null {
  try {
    const rel = Y.createRelativePositionFromJSON(json)
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc)
    if (!abs) return null
    const run = runs.find((r) => r.text === abs.type)
    return run ? run.start + Math.min(abs.index, run.length) : null
  } catch {
    // catch: a stored anchor is untrusted JSON; a bad one reads as detached
    return null
  }
}

/** Where an anchor is now. Never throws. */
export function resolveAnchor(body: Y.XmlFragment, anchor: Anchor): ResolvedAnchor {
  if (isNodeAnchor(anchor)) return resolveNodeAnchor(body, anchor)
  const doc = body.doc
  const { runs, text } = yTextRuns(body)
  const s = doc ? absolute(doc, runs, anchor.start) : null
  const e = doc ? absolute(doc, runs, anchor.end) : null
  const quote = typeof anchor.quote === 'string' ? anchor.quote : ''
  if (s !== null && e !== null && e > s && text.slice(s, e) === quote) {
    return { start: s, end: e, text: quote, attached: true, reanchored: false }
  }
  // The positions drifted (split, join) or the words were edited: look for
  // the quote nearest to where the anchor still points.
  if (quote !== '') {
    const near = s ?? e ?? 0
    let best = -1
    for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
      if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i
    }
    if (best >= 0) return { start: best, end: best + quote.length, text: quote, attached: true, reanchored: true }
  }
  // The words were edited and a position drifted (typing inside, then a
  // split or a join re-created the characters it pointed at). Keep the end
  // whose character still exists; find the other by the quote's first or
  // last words, near where the anchor points; take everything between.
  if (quote.length >= 4 && doc) {
    const k = Math.min(16, Math.ceil(quote.length / 2))
    const prefix = quote.slice(0, k)
    const suffix = quote.slice(-k)
    const near = s ?? e ?? 0
    const deleted = Y.createDeleteSetFromStructStore(doc.store)
    const alive = (json: unknown): boolean => {
      try {
        const item = Y.createRelativePositionFromJSON(json).item
        return item !== null && !Y.isDeleted(deleted, item)
      } catch {
        return false
      }
    }
    let from = s !== null && alive(anchor.start) ? s : -1
    if (from < 0) {
      for (let i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
        if (from < 0 || Math.abs(i - near) < Math.abs(from - near)) from = i
      }
    }
    let to = e !== null && alive(anchor.end) && from >= 0 && e > from ? e : -1
    if (to < 0 && from >= 0) {
      const i = text.indexOf(suffix, from)
      to = i >= 0 ? i + suffix.length : -1
    }
    if (from >= 0 && to > from && to - from <= quote.length * 3 + 100) {
      return { start: from, end: to, text: text.slice(from, to), attached: true, reanchored: true }
    }
  }
  if (s !== null && e !== null && e > s) return { start: s, end: e, text: text.slice(s, e), attached: true, reanchored: false }
  const at = s ?? e ?? 0
  return { start: at, end: at, text: '', attached: false, reanchored: false }
}

/** The element at child indices `path` below the body (block containers map one to one onto ProseMirror's children). */
function elementAtPath(body: Y.XmlFragment, path: readonly number[]): Y.XmlElement | null {
  let node: Y.XmlFragment | Y.XmlElement = body
  for (const i of path) {
    const child: unknown = node.get(i)
    if (!(child instanceof Y.XmlElement)) return null
    node = child
  }
  return node === body ? null : (node as Y.XmlElement)
}

/**
 * Make an anchor on the node at `path` (ProseMirror child indices from the
 * document, see pathOfPos), which must be a `type`. Null when the body has no
 * such node there (the editor and the Y.Doc disagree for a moment).
 */
export function createNodeAnchor(body: Y.XmlFragment, path: readonly number[], type: NodeAnchorType, quote: string): NodeAnchor | null {
  const el = elementAtPath(body, path)
  if (!el || el.nodeName !== type || path.length === 0) return null
  const parent = el.parent as Y.XmlFragment | Y.XmlElement
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(parent, path[path.length - 1]!, 0))
  const id = el.getAttribute('id')
  return { node: type, at, id: typeof id === 'string' && id !== '' ? id : null, quote }
}

/** The child indices from the body down to `el`, or null when it is not (or no longer) in the body. */
function pathOf(body: Y.XmlFragment, el: Y.XmlElement): number[] | null {
  const path: number[] = []
  let node = el as unknown as Y.AbstractType<unknown>
  while (node !== body) {
    const item = node._item
    if (!item || item.deleted) return null
    const parent = item.parent as Y.AbstractType<unknown> | null
    if (!parent) return null
    let index = 0
    let found = false
    for (let n = parent._start; n !== null; n = n.right) {
      if (n === item) {
        found = true
        break
      }
      if (!n.deleted && n.countable) index += n.length
    }
    if (!found) return null
    path.unshift(index)
    node = parent
  }
  return path
}

/** The element a node anchor's relative position names, when it is alive and of its type. */
function elementOf(body: Y.XmlFragment, anchor: NodeAnchor): Y.XmlElement | null {
  const doc = body.doc
  if (!doc) return null
  try {
    const rel = Y.createRelativePositionFromJSON(anchor.at)
    if (!rel.item || rel.item.clock >= Y.getState(doc.store, rel.item.client)) return null
    const item = Y.getItem(doc.store, rel.item) as unknown
    if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentType)) return null
    const type = item.content.type
    return type instanceof Y.XmlElement && type.nodeName === anchor.node ? type : null
  } catch {
    // catch: a stored anchor is untrusted JSON; a bad one reads as detached
    return null
  }
}

/** The first live element of `type` with this id, in document order. */
function elementById(body: Y.XmlFragment, type: string, id: string): Y.XmlElement | null {
  for (const el of body.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === type && n.getAttribute('id') === id)) {
    return el as Y.XmlElement
  }
  return null
}

// Counted as yTextRuns counts (only string inserts), so offsets agree with text anchors'.
const textLength = (t: Y.XmlText): number =>
  (t.toDelta() as Array<{ insert: unknown }>).reduce((n, d) => n + (typeof d.insert === 'string' ? d.insert.length : 0), 0)

/** Flattened text offsets of the start and end of an element (atoms hold no text: start = end). */
function textRangeOf(body: Y.XmlFragment, el: Y.XmlElement): { start: number; end: number } {
  let offset = 0
  let start = -1
  let end = -1
  const walk = (node: Y.XmlFragment | Y.XmlElement): boolean => {
    for (const child of node.toArray()) {
      if (child === el) start = offset
      if (child instanceof Y.XmlText) offset += textLength(child)
      else if (child instanceof Y.XmlElement && walk(child)) return true
      if (child === el) {
        end = offset
        return true
      }
    }
    return false
  }
  walk(body)
  return start < 0 ? { start: 0, end: 0 } : { start, end }
}

function resolveNodeAnchor(body: Y.XmlFragment, anchor: NodeAnchor): ResolvedAnchor {
  const quote = typeof anchor.quote === 'string' ? anchor.quote : ''
  let el = elementOf(body, anchor)
  if (!el && typeof anchor.id === 'string' && NODE_ANCHOR_TYPES.includes(anchor.node)) el = elementById(body, anchor.node, anchor.id)
  const path = el ? pathOf(body, el) : null
  if (!el || !path) return { start: 0, end: 0, text: '', attached: false, reanchored: false, path: null }
  const { start, end } = textRangeOf(body, el)
  return { start, end, text: quote, attached: true, reanchored: false, path }
}

/** The focus area and goal that the node at `path` is, or sits in (for reports: "which goal is this comment on?"). */
export function nodeContext(body: Y.XmlFragment, path: readonly number[]): { focusAreaId: string | null; goalId: string | null } {
  let focusAreaId: string | null = null
  let goalId: string | null = null
  for (let i = 1; i <= path.length; i++) {
    const el = elementAtPath(body, path.slice(0, i))
    const id = el?.getAttribute('id')
    if (typeof id !== 'string') continue
    if (el!.nodeName === 'focus_area') focusAreaId = id
    if (el!.nodeName === 'goal') goalId = id
  }
  return { focusAreaId, goalId }
}
