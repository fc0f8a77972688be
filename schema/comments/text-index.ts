import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'

// Comment anchors speak of "text offsets": positions in the plan's text read
// as one string, block boundaries and atoms counting zero. ProseMirror and the
// Yjs body agree on that string (each run of inline text is one Y.XmlText), so
// an offset computed on one side means the same place on the other.

/** One run of text in the Yjs body and where it starts in the flattened text. */
export interface TextRun {
  text: Y.XmlText
  start: number
  length: number
  /** The structured nodes the run sits in, for reports ("which goal is this comment on?"). */
  focusAreaId: string | null
  goalId: string | null
}

/** Every Y.XmlText of the body in document order, with flattened offsets. */
export function yTextRuns(body: Y.XmlFragment): { runs: TextRun[]; text: string } {
  const runs: TextRun[] = []
  const parts: string[] = []
  let offset = 0
  const idOf = (el: Y.XmlElement): string | null => {
    const id = el.getAttribute('id')
    return typeof id === 'string' ? id : null
  }
  const walk = (node: Y.XmlFragment | Y.XmlElement, focusAreaId: string | null, goalId: string | null): void => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        const s = (child.toDelta() as Array<{ insert: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')
        runs.push({ text: child, start: offset, length: s.length, focusAreaId, goalId })
        parts.push(s)
        offset += s.length
      } else if (child instanceof Y.XmlElement) {
        walk(child, child.nodeName === 'focus_area' ? idOf(child) : focusAreaId, child.nodeName === 'goal' ? idOf(child) : goalId)
      }
    }
  }
  walk(body, null, null)
  return { runs, text: parts.join('') }
}

/** The flattened text offset of a ProseMirror position (text before it, blocks and atoms counting zero). */
export const textOffsetOfPos = (doc: PMNode, pos: number): number => doc.textBetween(0, pos, '', '').length

/** The ProseMirror position of a flattened text offset (`bias` -1: at the end of the run before a block boundary). */
export function posOfTextOffset(doc: PMNode, offset: number, bias: -1 | 1 = 1): number {
  let remaining = offset
  let found = -1
  let lastEnd = 0
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (!node.isText) return true
    const len = node.text!.length
    if (remaining < len || (bias === -1 && remaining === len)) {
      found = pos + remaining
      return false
    }
    remaining -= len
    lastEnd = pos + len
    return false
  })
  return found >= 0 ? found : lastEnd
}

/**
 * The child indices from the document down to the node that starts at `pos`
 * (as createNodeAnchor takes them): ProseMirror's block children and the Yjs
 * body's elements are one to one above the textblocks.
 */
export function pathOfPos(doc: PMNode, pos: number): number[] {
  const $pos = doc.resolve(pos)
  const path: number[] = []
  for (let d = 0; d <= $pos.depth; d++) path.push($pos.index(d))
  return path
}

/** The position before the node at child indices `path`, or null when the document has no node there. */
export function posOfPath(doc: PMNode, path: readonly number[]): number | null {
  let node = doc
  let pos = 0
  for (let depth = 0; depth < path.length; depth++) {
    const i = path[depth]!
    if (i >= node.childCount) return null
    // Inside a node: its content starts one after its opening.
    if (depth > 0) pos += 1
    for (let k = 0; k < i; k++) pos += node.child(k).nodeSize
    node = node.child(i)
  }
  return path.length > 0 ? pos : null
}
