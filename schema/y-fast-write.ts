import * as Y from 'yjs'
import type { Attrs, Fragment, Node as PMNode } from 'prosemirror-model'

// y-prosemirror writes every editor change with `updateYFragment`, which
// walks the body's top level, rebuilds the edited paragraph's whole string,
// `toDelta()`s it, diffs it and re-applies the formatting of the whole
// paragraph: per keystroke, the cost grows with the document and the
// paragraph (issue #17). The common change — text typed, deleted or replaced
// inside one paragraph — can be written as the one `delete` + `insert` it
// is. This module does that when it can prove the result is what
// `updateYFragment` would produce, and answers false otherwise, so the caller
// writes the change the full way. When in doubt it answers false.

/**
 * What y-prosemirror's binding keeps (`binding.mapping`): each Y type → the
 * ProseMirror node it was last written from or read into; a Y.XmlText → its
 * run of text nodes. y-prosemirror deletes the entries of every type a remote
 * change touched, and of all their ancestors.
 */
export type YPmMapping = Map<Y.AbstractType<any>, PMNode | readonly PMNode[]>

/** A change handed to `writeEditFast`. */
export interface FastEdit {
  /** The Y.XmlFragment the document is bound to. */
  root: Y.XmlFragment
  /** y-prosemirror's mapping for `root`; updated as `updateYFragment` would. */
  mapping: YPmMapping
  /** The document the Y state was last written from or read into (`mapping.get(root)`). */
  prev: PMNode
  /** The document to write. */
  next: PMNode
}

/**
 * Write `next` into the Y body in O(edit) when the change from `prev` is text
 * typed, deleted or replaced inside one textblock that holds only text, with
 * the inserted text one run of uniform marks: one `Y.XmlText` delete + insert
 * (the insert's formatting given explicitly, so it never inherits its
 * neighbours'), and the mapping updated as `updateYFragment` would update it.
 * Returns true when written (or when there was nothing to write), false when
 * the caller must write the change the full way; nothing is written then.
 * Call it inside a Y transaction, so the change is one update.
 */
export function writeEditFast({ root, mapping, prev, next }: FastEdit): boolean {
  if (mapping.get(root) !== prev) return false
  if (prev === next) return true
  if (!prev.sameMarkup(next)) return false
  const path = changedPath(prev, next)
  if (path === null) return false
  if (path.prev.length === 1) {
    // Every child the same node: nothing for Y to learn.
    mapping.set(root, next)
    return true
  }
  const block = path.prev[path.prev.length - 1]!
  const nextBlock = path.next[path.next.length - 1]!
  if (!onlyText(block.content) || !onlyText(nextBlock.content)) return false
  const start = block.content.findDiffStart(nextBlock.content)
  const end = block.content.findDiffEnd(nextBlock.content)
  if (start === null || end === null) return false
  // "aa" → "aaa": the end found from the right overlaps the start found from
  // the left; move both ends right by the overlap (keeps the tails equal).
  const overlap = Math.max(0, start - Math.min(end.a, end.b))
  const endA = end.a + overlap
  const endB = end.b + overlap

  const ytypes = mappedPath(root, mapping, path)
  if (!ytypes) return false
  const yBlock = ytypes[ytypes.length - 1]!
  const ytext = yBlock.length === 1 ? yBlock.get(0) : null
  if (!(ytext instanceof Y.XmlText) || ytext.length !== block.content.size || !textMapped(mapping, ytext, block)) return false

  // Offsets in a text-only block are indices in its Y.XmlText.
  const offset = start
  const removed = endA - start
  const inserted = nextBlock.content.cut(offset, offset + (endB - start))
  if (inserted.childCount > 1) return false
  const text = inserted.firstChild?.text ?? ''
  const attributes = text ? attributesOf(inserted.firstChild!) : {}
  if (attributes === null) return false
  if (removed === 0 && text === '') return false
  // Never a boundary between the halves of a surrogate pair (Yjs would store
  // each lone half as U+FFFD); ProseMirror's diff keeps pairs whole, this is
  // a guard.
  if (
    isHighSurrogate(block.textBetween(Math.max(0, offset - 1), offset)) ||
    isLowSurrogate(block.textBetween(offset + removed, Math.min(block.content.size, offset + removed + 1)))
  )
    return false
  if (removed > 0 && text !== '') {
    // Text kept but marked differently (bold on a word) makes the range start
    // or end with the same letter: y-prosemirror formats that text in place,
    // where deleting and re-typing it would move comments anchored to it.
    const old = block.textBetween(offset, offset + removed)
    if (old.codePointAt(0) === text.codePointAt(0) || lastCodePoint(old) === lastCodePoint(text)) return false
  }

  if (removed > 0) ytext.delete(offset, removed)
  if (text !== '') ytext.insert(offset, text, attributes)

  if (nextBlock.childCount === 0) mapping.delete(ytext)
  else mapping.set(ytext, childrenOf(nextBlock.content))
  mapping.set(root, next)
  for (let d = 1; d < path.next.length; d++) mapping.set(ytypes[d - 1]!, path.next[d]!)
  return true
}

/**
 * The document a Y body holds according to the mapping, when every top-level
 * Y element is mapped to a node (null otherwise). A remote change deletes
 * the root's mapping; its unchanged children keep theirs and the changed ones
 * were mapped again as they were read, so the body is again known without
 * walking it.
 */
export function docMappedTo(root: Y.XmlFragment, mapping: YPmMapping, next: PMNode): PMNode | null {
  const nodes: PMNode[] = []
  for (let item = root._start; item !== null; item = item.right) {
    if (item.deleted) continue
    if (!(item.content instanceof Y.ContentType)) return null
    const node = mapping.get(item.content.type)
    if (node === undefined || Array.isArray(node)) return null
    nodes.push(node as PMNode)
  }
  try {
    return next.type.create(next.attrs, nodes, next.marks)
  } catch {
    return null
  }
}

/** The nodes from the root down to the one textblock a change lies in, in both documents, and the child index taken at each depth. */
interface ChangedPath {
  prev: PMNode[]
  next: PMNode[]
  indices: number[]
}

// Where prev and next differ, when that is inside one textblock at the same
// place in both, with the same node types and attributes all the way down;
// null otherwise. A path of the root alone: no child differs. Children are
// compared by identity (the mapping needs the same nodes), from both ends,
// so unchanged siblings cost a pointer comparison each.
function changedPath(prev: PMNode, next: PMNode): ChangedPath | null {
  const path: ChangedPath = { prev: [prev], next: [next], indices: [] }
  let a = prev
  let b = next
  for (;;) {
    const count = a.childCount
    if (b.childCount !== count) return null
    let left = 0
    while (left < count && a.child(left) === b.child(left)) left++
    if (left === count) return path.prev.length === 1 ? path : null
    let right = count - 1
    while (right > left && a.child(right) === b.child(right)) right--
    if (right !== left) return null
    a = a.child(left)
    b = b.child(left)
    if (!a.sameMarkup(b) || a.isText || a.isLeaf) return null
    path.prev.push(a)
    path.next.push(b)
    path.indices.push(left)
    if (a.isTextblock) return path
  }
}

const lastCodePoint = (text: string): number | undefined =>
  isLowSurrogate(text.slice(-1)) ? text.codePointAt(text.length - 2) : text.codePointAt(text.length - 1)
const isHighSurrogate = (unit: string): boolean => unit.length === 1 && unit.charCodeAt(0) >= 0xd800 && unit.charCodeAt(0) <= 0xdbff
const isLowSurrogate = (unit: string): boolean => unit.length === 1 && unit.charCodeAt(0) >= 0xdc00 && unit.charCodeAt(0) <= 0xdfff

function onlyText(content: Fragment): boolean {
  for (let i = 0; i < content.childCount; i++) if (!content.child(i).isText) return false
  return true
}

function childrenOf(content: Fragment): PMNode[] {
  const nodes: PMNode[] = []
  for (let i = 0; i < content.childCount; i++) nodes.push(content.child(i))
  return nodes
}

// The Y elements from the root down to the changed textblock, each mapped by
// identity to the previous document's node there (so Y indices are
// ProseMirror indices and nothing changed remotely since); null otherwise.
function mappedPath(root: Y.XmlFragment, mapping: YPmMapping, path: ChangedPath): Y.XmlElement[] | null {
  const elements: Y.XmlElement[] = []
  let parent: Y.XmlFragment = root
  for (let d = 0; d < path.indices.length; d++) {
    if (parent.length !== path.prev[d]!.childCount) return null
    const child: unknown = parent.get(path.indices[d]!)
    if (!(child instanceof Y.XmlElement) || mapping.get(child) !== path.prev[d + 1]) return null
    elements.push(child)
    parent = child
  }
  return elements
}

// Whether the Y.XmlText holds exactly the textblock's text nodes. Its
// element is mapped to the block, so nothing changed it since the block was
// read from it or written into it (a remote change to the text drops the
// element's mapping too). y-prosemirror maps a text only when it writes it,
// not when it reads it: unmapped is fine, mapped must be to these nodes.
function textMapped(mapping: YPmMapping, ytext: Y.XmlText, block: PMNode): boolean {
  const mapped = mapping.get(ytext)
  if (mapped === undefined) return true
  if (!Array.isArray(mapped) || mapped.length !== block.childCount) return false
  for (let i = 0; i < mapped.length; i++) if (mapped[i] !== block.child(i)) return false
  return true
}

// y-prosemirror's attributes for a text node's marks (its `marksToAttributes`),
// or null for a mark it would store under a hashed name (one that does not
// exclude itself): the full write handles those.
function attributesOf(node: PMNode): Record<string, Attrs> | null {
  const attributes: Record<string, Attrs> = {}
  for (const mark of node.marks) {
    if (!mark.type.excludes(mark.type) || mark.type.name === 'ychange') return null
    attributes[mark.type.name] = mark.attrs
  }
  return attributes
}
