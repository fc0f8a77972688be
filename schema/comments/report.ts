import type * as Y from 'yjs'
import { isNodeAnchor, nodeContext, resolveAnchor, type NodeAnchorType } from './anchors'
import { yTextRuns } from './text-index'
import { listThreads, type Author, type CommentEntry, type Decision, type Suggestion } from './threads'

/** A thread as `comments.json` reports it: anchor resolved to the words and the goal it sits in. */
export interface ThreadReport {
  id: string
  status: 'open' | 'resolved'
  attached: boolean
  /** The text the thread was made about. */
  quote: string
  /** The text its range holds now ('' when detached). */
  currentText: string
  /** Flattened text offsets of the range now, for placing footnotes. */
  start: number
  end: number
  focusAreaId: string | null
  goalId: string | null
  /** For a comment on a whole node: which kind, and its id when it has one (a figures cell has none). */
  node: { type: NodeAnchorType; id: string | null } | null
  createdBy: Author
  createdAt: string
  resolvedBy: Author | null
  suggestion: Suggestion | null
  decision: Decision | null
  /** Hidden by an administrator: still reported, with who hid it and when. */
  hidden: { by: Author; at: string } | null
  comments: CommentEntry[]
}

/**
 * Every thread with its anchor resolved against the current body, in
 * document order; detached threads come last, oldest first.
 */
export function commentsReport(body: Y.XmlFragment, comments: Y.Doc): ThreadReport[] {
  const { runs } = yTextRuns(body)
  const reports = listThreads(comments).map((t): ThreadReport => {
    const r = resolveAnchor(body, t.anchor)
    const run = r.attached && !r.path ? runs.find((x) => r.start >= x.start && r.start < x.start + x.length) : undefined
    const context = r.path ? nodeContext(body, r.path) : { focusAreaId: run?.focusAreaId ?? null, goalId: run?.goalId ?? null }
    return {
      id: t.id,
      status: t.status,
      attached: r.attached,
      quote: t.anchor.quote,
      currentText: r.text,
      start: r.start,
      end: r.end,
      focusAreaId: context.focusAreaId,
      goalId: context.goalId,
      node: isNodeAnchor(t.anchor) ? { type: t.anchor.node, id: typeof t.anchor.id === 'string' ? t.anchor.id : null } : null,
      createdBy: t.createdBy,
      createdAt: t.createdAt,
      resolvedBy: t.resolvedBy,
      suggestion: t.suggestion,
      decision: t.decision,
      hidden: t.hidden,
      comments: t.comments
    }
  })
  return reports.sort((a, b) => (a.attached !== b.attached ? (a.attached ? -1 : 1) : a.attached ? a.start - b.start : a.createdAt < b.createdAt ? -1 : 1))
}
