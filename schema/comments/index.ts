// Comment threads and their anchors: pure Yjs, shared by server and client.
export { createAnchor, resolveAnchor } from './anchors'
export type { Anchor, ResolvedAnchor } from './anchors'
export { yTextRuns, textOffsetOfPos, posOfTextOffset } from './text-index'
export type { TextRun } from './text-index'
export {
  THREADS_MAP,
  readThread,
  listThreads,
  createThread,
  reply,
  editComment,
  deleteComment,
  setResolved,
  setHidden,
  recordDecision,
  mayChangeComment,
  mayResolve
} from './threads'
export type { Author, Suggestion, Decision, CommentEntry, Thread } from './threads'
export { checkField, isWriter, sameAuthor, mayModerate, MAX_COMMENT_CHARS, REQUIRED_THREAD_FIELDS, REQUIRED_COMMENT_FIELDS } from './rules'
export type { Writer, ThreadContext, CommentContext, Refusal } from './rules'
export { commentsReport } from './report'
export { suggestionTransaction, REFUSAL_TEXT } from './suggestions'
export type { SuggestionRefusal } from './suggestions'
export type { ThreadReport } from './report'
