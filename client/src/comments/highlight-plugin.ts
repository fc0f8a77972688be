import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
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

export const commentHighlightKey = new PluginKey<CommentRange[]>('commentHighlights')

/**
 * Highlight commented text. The comments panel pushes the resolved ranges in
 * with a transaction meta; positions are computed against the current doc.
 */
export function commentHighlightPlugin(): Plugin<CommentRange[]> {
  return new Plugin<CommentRange[]>({
    key: commentHighlightKey,
    state: {
      init: () => [],
      apply: (tr, ranges) => (tr.getMeta(commentHighlightKey) as CommentRange[] | undefined) ?? ranges
    },
    props: {
      decorations(state) {
        const ranges = commentHighlightKey.getState(state) ?? []
        const decos = ranges.flatMap((r) => {
          if (r.path) {
            const pos = posOfPath(state.doc, r.path)
            const node = pos === null ? null : state.doc.nodeAt(pos)
            return node ? [Decoration.node(pos!, pos! + node.nodeSize, { class: r.active ? 'comment-node-range active' : 'comment-node-range' })] : []
          }
          const from = posOfTextOffset(state.doc, r.start, 1)
          const to = posOfTextOffset(state.doc, r.end, -1)
          return to > from ? [Decoration.inline(from, to, { class: r.active ? 'comment-range active' : 'comment-range', 'data-thread': r.id })] : []
        })
        return DecorationSet.create(state.doc, decos)
      }
    }
  })
}
