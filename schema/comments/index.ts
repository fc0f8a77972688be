// Comment threads and their anchors: pure Yjs, shared by server and client.
export { createAnchor, createNodeAnchor, resolveAnchor, isNodeAnchor, NODE_ANCHOR_TYPES } from './anchors'
export type { Anchor, TextAnchor, NodeAnchor, NodeAnchorType, ResolvedAnchor } from './anchors'
export { yTextRuns, textOffsetOfPos, posOfTextOffset, pathOfPos, posOfPath } from './text-index'
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
export {
  checkField,
  isAnchor,
  isWriter,
  sameAuthor,
  mayModerate,
  MAX_COMMENT_CHARS,
  SUGGESTIBLE_TARGET_FIELDS,
  REQUIRED_THREAD_FIELDS,
  REQUIRED_COMMENT_FIELDS
} from './rules'
export type { Writer, ThreadContext, CommentContext, Refusal } from './rules'
export { commentsReport } from './report'
export { suggestionTransaction, REFUSAL_TEXT } from './suggestions'
export type { SuggestionRefusal } from './suggestions'
export type { ThreadReport } from './report'
