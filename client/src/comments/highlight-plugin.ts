import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { posOfPath, posOfTextOffset } from '../../../schema/comments'

/** A commented range in flattened text offsets, and whether it is the one in focus. */
export interface CommentRange {
  id: string
  start: number
  end: number
  active: boolean
  /** For a comment on a whole node: where the node is (its child indices); the node is marked, not text. */
  path?: number[] | null
}

export const commentHighlightKey = new PluginKey<Highlights>('commentHighlights')

/** The ranges the panel pushed last, and their decorations in the current document. */
interface Highlights {
  ranges: readonly CommentRange[]
  set: DecorationSet
}

/** The decorations of the ranges, placed in `doc`. */
function place(doc: PMNode, ranges: readonly CommentRange[]): DecorationSet {
  const decos = ranges.flatMap((r) => {
    if (r.path) {
      const pos = posOfPath(doc, r.path)
      const node = pos === null ? null : doc.nodeAt(pos)
      return node ? [Decoration.node(pos!, pos! + node.nodeSize, { class: r.active ? 'comment-node-range active' : 'comment-node-range' })] : []
    }
    const from = posOfTextOffset(doc, r.start, 1)
    const to = posOfTextOffset(doc, r.end, -1)
    return to > from ? [Decoration.inline(from, to, { class: r.active ? 'comment-range active' : 'comment-range', 'data-thread': r.id })] : []
  })
  return DecorationSet.create(doc, decos)
}

/**
 * Highlight commented text. The comments panel pushes the resolved ranges in
 * with a transaction meta; they are placed in the document then. Placing
 * walks the document once per range; done at every keystroke, that cost the
 * typist milliseconds in a large plan with many threads, so this editor's
 * own changes move the decorations instead. A change from Yjs (someone
 * else's, an undo) replaces the whole document in y-prosemirror, which
 * would carry no decoration over: then they are placed again.
 */
export function commentHighlightPlugin(): Plugin<Highlights> {
  return new Plugin<Highlights>({
    key: commentHighlightKey,
    state: {
      init: () => ({ ranges: [], set: DecorationSet.empty }),
      apply: (tr, prev) => {
        const ranges = tr.getMeta(commentHighlightKey) as CommentRange[] | undefined
        if (ranges) return { ranges, set: place(tr.doc, ranges) }
        if (!tr.docChanged || prev.ranges.length === 0) return prev
        if (tr.getMeta(ySyncPluginKey) !== undefined) return { ranges: prev.ranges, set: place(tr.doc, prev.ranges) }
        return { ranges: prev.ranges, set: prev.set.map(tr.mapping, tr.doc) }
      }
    },
    props: {
      decorations: (state) => commentHighlightKey.getState(state)?.set
    }
  })
}
