import * as Y from 'yjs'
import type { Group, Role } from '../protocol'
import { newId } from '../ids'
import type { Anchor, TextAnchor } from './anchors'
import { mayModerate, sameAuthor } from './rules'

// Comment threads live in the room `<planId>.comments`, in Map('threads'):
// threadId → Y.Map of the thread's fields, with its comments in a Y.Array of
// Y.Maps. Separate Y types per thread and per comment mean concurrent
// replies, edits and resolutions merge instead of overwriting each other.

/** Name of the Y.Map holding the threads. */
export const THREADS_MAP = 'threads'

/** Who did something, as shown next to it. */
export interface Author {
  name: string
  group: Group
  /** The token subject of the writer, when the token had one (see TokenClaims.sub). */
  uid?: string
}

/**
 * A proposed change attached to a thread: new text for the anchored words,
 * or new values for a target's fields (with the values they replace, so an
 * editor accepting it later can tell whether someone changed them meanwhile).
 */
export type Suggestion = { kind: 'text'; text: string } | { kind: 'target'; targetId: string; attrs: Record<string, unknown>; base: Record<string, unknown> }

/** What an editor decided about a suggestion. */
export interface Decision {
  outcome: 'accepted' | 'rejected'
  by: Author
  at: string
  /**
   * For an accepted text suggestion: an anchor on the text it put in the
   * plan, so every reader can tell whether it is still there (an undo takes
   * it out again, and the thread must not go on saying "Accepteret").
   */
  applied?: TextAnchor
}

/** One comment in a thread (plain data, read from Yjs). */
export interface CommentEntry {
  id: string
  author: Author
  at: string
  text: string
  editedAt: string | null
  deleted: boolean
}

/** A thread as plain data. */
export interface Thread {
  id: string
  anchor: Anchor
  createdBy: Author
  createdAt: string
  status: 'open' | 'resolved'
  resolvedBy: Author | null
  resolvedAt: string | null
  suggestion: Suggestion | null
  decision: Decision | null
  /** Set when an administrator hid the thread: it stays, shown as hidden by whom. */
  hidden: { by: Author; at: string } | null
  comments: CommentEntry[]
}

const now = () => new Date().toISOString()

const readAuthor = (v: unknown): Author => {
  const a = (v ?? {}) as Partial<Author>
  const author: Author = { name: typeof a.name === 'string' ? a.name : '?', group: (a.group ?? 'administration') as Group }
  if (typeof a.uid === 'string') author.uid = a.uid
  return author
}

function readComment(m: Y.Map<unknown>): CommentEntry {
  return {
    id: String(m.get('id') ?? ''),
    author: readAuthor(m.get('author')),
    at: String(m.get('at') ?? ''),
    text: m.get('deleted') === true ? '' : String(m.get('text') ?? ''),
    editedAt: typeof m.get('editedAt') === 'string' ? (m.get('editedAt') as string) : null,
    deleted: m.get('deleted') === true
  }
}

/** Read one thread's Y.Map into plain data (tolerant of missing fields). */
export function readThread(m: Y.Map<unknown>): Thread {
  const comments = m.get('comments')
  return {
    id: String(m.get('id') ?? ''),
    anchor: (m.get('anchor') ?? { start: null, end: null, quote: '' }) as Anchor,
    createdBy: readAuthor(m.get('createdBy')),
    createdAt: String(m.get('createdAt') ?? ''),
    status: m.get('status') === 'resolved' ? 'resolved' : 'open',
    resolvedBy: m.get('resolvedBy') ? readAuthor(m.get('resolvedBy')) : null,
    resolvedAt: typeof m.get('resolvedAt') === 'string' ? (m.get('resolvedAt') as string) : null,
    suggestion: (m.get('suggestion') as Suggestion | undefined) ?? null,
    decision: (m.get('decision') as Decision | undefined) ?? null,
    hidden: readHidden(m.get('hidden')),
    comments:
      comments instanceof Y.Array
        ? comments
            .toArray()
            .filter((c): c is Y.Map<unknown> => c instanceof Y.Map)
            .map(readComment)
        : []
  }
}

const readHidden = (v: unknown): Thread['hidden'] => {
  const h = v as { by?: unknown; at?: unknown } | null | undefined
  return h && typeof h === 'object' ? { by: readAuthor(h.by), at: typeof h.at === 'string' ? h.at : '' } : null
}

/** Every thread in the comments document, oldest first. */
export function listThreads(doc: Y.Doc): Thread[] {
  const threads: Thread[] = []
  doc.getMap(THREADS_MAP).forEach((v) => {
    if (v instanceof Y.Map) threads.push(readThread(v as Y.Map<unknown>))
  })
  return threads.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
}

const commentMap = (author: Author, text: string): Y.Map<unknown> => {
  const c = new Y.Map<unknown>()
  c.set('id', newId())
  c.set('author', { ...author })
  c.set('at', now())
  c.set('text', text)
  return c
}

/** Start a thread on an anchor with a first comment (and optionally a suggestion). Returns its id. */
export function createThread(doc: Y.Doc, input: { anchor: Anchor; author: Author; text: string; suggestion?: Suggestion }): string {
  const id = newId()
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    doc.getMap(THREADS_MAP).set(id, m)
    m.set('id', id)
    m.set('anchor', input.anchor)
    m.set('createdBy', { ...input.author })
    m.set('createdAt', now())
    m.set('status', 'open')
    if (input.suggestion) m.set('suggestion', input.suggestion)
    const comments = new Y.Array<Y.Map<unknown>>()
    m.set('comments', comments)
    comments.push([commentMap(input.author, input.text)])
  })
  return id
}

const threadMap = (doc: Y.Doc, id: string): Y.Map<unknown> => {
  const m = doc.getMap(THREADS_MAP).get(id)
  if (!(m instanceof Y.Map)) throw new RangeError(`There is no comment thread ${id}`)
  return m as Y.Map<unknown>
}

const commentIn = (doc: Y.Doc, threadId: string, commentId: string): Y.Map<unknown> => {
  const comments = threadMap(doc, threadId).get('comments') as Y.Array<Y.Map<unknown>>
  const c = comments.toArray().find((x) => x.get('id') === commentId)
  if (!c) throw new RangeError(`Thread ${threadId} has no comment ${commentId}`)
  return c
}

/** Add a reply to a thread. */
export function reply(doc: Y.Doc, threadId: string, author: Author, text: string): void {
  const comments = threadMap(doc, threadId).get('comments') as Y.Array<Y.Map<unknown>>
  comments.push([commentMap(author, text)])
}

/** Whether this person may edit or delete the comment (only its author). */
export const mayChangeComment = (c: CommentEntry, who: Author): boolean => sameAuthor(c.author, who)

/** Whether this person may resolve or reopen a thread: editors and administrators (the server enforces the same). */
export const mayResolve = (_t: Thread, _who: Author, role: Role): boolean => mayModerate(role)

/** Change the text of one's own comment. */
export function editComment(doc: Y.Doc, threadId: string, commentId: string, who: Author, text: string): void {
  const c = commentIn(doc, threadId, commentId)
  if (!mayChangeComment(readComment(c), who)) throw new RangeError('Only the author may edit a comment')
  doc.transact(() => {
    c.set('text', text)
    c.set('editedAt', now())
  })
}

/** Delete one's own comment (kept as a tombstone so replies keep their place). */
export function deleteComment(doc: Y.Doc, threadId: string, commentId: string, who: Author): void {
  const c = commentIn(doc, threadId, commentId)
  if (!mayChangeComment(readComment(c), who)) throw new RangeError('Only the author may delete a comment')
  doc.transact(() => {
    c.set('deleted', true)
    c.set('text', '')
  })
}

/** Resolve or reopen a thread. */
export function setResolved(doc: Y.Doc, threadId: string, who: Author, role: Role, resolved: boolean): void {
  const m = threadMap(doc, threadId)
  if (!mayResolve(readThread(m), who, role)) throw new RangeError('Only editors and administrators resolve or reopen a thread')
  doc.transact(() => {
    m.set('status', resolved ? 'resolved' : 'open')
    if (resolved) {
      m.set('resolvedBy', { ...who })
      m.set('resolvedAt', now())
    } else {
      m.delete('resolvedBy')
      m.delete('resolvedAt')
    }
  })
}

/** Hide a thread (administrators): it is kept, and shown as hidden by whom, never silently removed. */
export function setHidden(doc: Y.Doc, threadId: string, who: Author, hidden: boolean): void {
  const m = threadMap(doc, threadId)
  if (hidden) m.set('hidden', { by: { ...who }, at: now() })
  else m.delete('hidden')
}

/** Record an editor's decision on a thread's suggestion (and resolve the thread); `applied`: where an accepted text now stands. */
export function recordDecision(doc: Y.Doc, threadId: string, who: Author, outcome: Decision['outcome'], applied?: TextAnchor): void {
  const m = threadMap(doc, threadId)
  doc.transact(() => {
    const decision: Decision = { outcome, by: { ...who }, at: now() }
    if (applied && outcome === 'accepted') decision.applied = applied
    m.set('decision', decision)
    m.set('status', 'resolved')
    m.set('resolvedBy', { ...who })
    m.set('resolvedAt', now())
  })
}
