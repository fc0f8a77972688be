import type { Group, Role } from '../protocol'
import { COMPARATORS } from '../vocabulary'
import { isPeriod } from '../periods'
import { NODE_ANCHOR_TYPES } from './anchors'

// Who may write which field of a thread or a comment, and what a value must
// look like. The server applies these to every update of a `.comments` room
// before it is stored (server/sync/comment-guard.ts); the client uses the same
// functions to decide which buttons to show. One home for the rules, so the
// two never disagree.

/** The person writing, as the server knows them from their token. */
export interface Writer {
  name: string
  group: Group
  role: Role
  /** The token's subject, when it has one: tells apart two people with the same name. */
  uid?: string
}

/** Longest comment text and longest anchor quote, in characters. */
export const MAX_COMMENT_CHARS = 10_000
export const MAX_QUOTE_CHARS = 20_000
/** A timestamp may run ahead of the server's clock by this much (clock skew). */
const FUTURE_SLACK_MS = 10 * 60_000
/** Largest JSON value of one field. */
const MAX_VALUE_BYTES = 64 * 1024

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether an author value names exactly this writer (and nobody else could have written it). */
export function isWriter(v: unknown, w: Writer): boolean {
  if (!isPlainObject(v)) return false
  const keys = Object.keys(v)
  const expected = w.uid === undefined ? 2 : 3
  return keys.length === expected && v.name === w.name && v.group === w.group && (w.uid === undefined || v.uid === w.uid)
}

/** Whether an author value recorded on a comment is this person (uid decides when both have one). */
export function sameAuthor(v: unknown, w: { name: string; group: Group; uid?: string }): boolean {
  if (!isPlainObject(v)) return false
  if (typeof v.uid === 'string' || w.uid !== undefined) return v.uid === w.uid
  return v.name === w.name && v.group === w.group
}

const isTime = (v: unknown, now: number): boolean =>
  typeof v === 'string' && v.length <= 40 && Number.isFinite(Date.parse(v)) && Date.parse(v) <= now + FUTURE_SLACK_MS

const isShortString = (v: unknown, max = 100): v is string => typeof v === 'string' && v.length > 0 && v.length <= max

const fitsSize = (v: unknown): boolean => {
  try {
    return JSON.stringify(v).length <= MAX_VALUE_BYTES
  } catch {
    return false
  }
}

/** Editors and administrators decide; commenters only propose and discuss. */
export const mayModerate = (role: Role): boolean => role === 'admin' || role === 'editor'

/** Where a field is being written: a thread or a comment, just created or already stored. */
export interface ThreadContext {
  kind: 'thread'
  /** Created in the same update (its creator is the writer). */
  isNew: boolean
  /** The key the thread is stored under. */
  key: string
}
export interface CommentContext {
  kind: 'comment'
  isNew: boolean
  /** The stored author of an existing comment. */
  author: unknown
}

/** Why a write was refused (for the log and the close reason's detail). */
export type Refusal = string

/**
 * Check one write of `field` (value `undefined` = the field is deleted or
 * overwritten). Returns null when allowed, else why not.
 */
export function checkField(ctx: ThreadContext | CommentContext, field: string, value: unknown, w: Writer, now = Date.now()): Refusal | null {
  const deleting = value === undefined
  if (!deleting && !fitsSize(value)) return `${field} is too large`
  if (ctx.kind === 'thread') {
    switch (field) {
      case 'id':
        return ctx.isNew && !deleting && value === ctx.key ? null : 'a thread id is set once, to its key'
      case 'createdBy':
        return ctx.isNew && isWriter(value, w) ? null : 'a thread is created by its sender'
      case 'createdAt':
        return ctx.isNew && isTime(value, now) ? null : 'createdAt is set once, to a time'
      case 'anchor':
        return ctx.isNew && isAnchor(value) ? null : 'an anchor is set once: words (start, end, quote) or a node (node, at, id, quote)'
      case 'suggestion':
        return ctx.isNew && isSuggestion(value) ? null : 'a suggestion is made with its thread'
      case 'comments':
        // The Y.Array itself is checked by its type, not here.
        return ctx.isNew && !deleting ? null : "a thread's comments are never replaced"
      case 'status':
        if (ctx.isNew && value === 'open') return null
        if (!mayModerate(w.role)) return 'only editors resolve or reopen threads'
        return deleting || value === 'open' || value === 'resolved' ? null : 'status is open or resolved'
      case 'resolvedBy':
        if (!mayModerate(w.role)) return 'only editors resolve or reopen threads'
        return deleting || isWriter(value, w) ? null : 'a thread is resolved by its sender'
      case 'resolvedAt':
        if (!mayModerate(w.role)) return 'only editors resolve or reopen threads'
        return deleting || isTime(value, now) ? null : 'resolvedAt is a time'
      case 'decision':
        if (!mayModerate(w.role)) return 'only editors decide suggestions'
        return deleting || isDecisionBy(value, w, now) ? null : 'a decision is made by its sender'
      case 'hidden':
        if (w.role !== 'admin') return 'only administrators hide threads'
        return deleting || (isPlainObject(value) && Object.keys(value).length === 2 && isWriter(value.by, w) && isTime(value.at, now))
          ? null
          : 'a thread is hidden by its sender'
      default:
        return `unknown thread field ${field.slice(0, 40)}`
    }
  }
  const own = ctx.isNew || sameAuthor(ctx.author, w)
  switch (field) {
    case 'id':
      return ctx.isNew && isShortString(value) ? null : 'a comment id is set once'
    case 'author':
      return ctx.isNew && isWriter(value, w) ? null : 'a comment is written by its sender'
    case 'at':
      return ctx.isNew && isTime(value, now) ? null : 'a comment time is set once'
    case 'text':
      if (!own) return 'only the author changes a comment'
      return deleting || (typeof value === 'string' && value.length <= MAX_COMMENT_CHARS) ? null : 'comment text is a string of bounded length'
    case 'editedAt':
      if (!own) return 'only the author changes a comment'
      return deleting || isTime(value, now) ? null : 'editedAt is a time'
    case 'deleted':
      if (!own) return 'only the author deletes a comment'
      return deleting || value === true ? null : 'deleted is true'
    default:
      return `unknown comment field ${field.slice(0, 40)}`
  }
}

const hasKeys = (v: Record<string, unknown>, keys: readonly string[]): boolean => {
  const own = Object.keys(v)
  return own.length === keys.length && keys.every((k) => own.includes(k))
}

/**
 * Whether a value is an anchor a client may store: on words (the relative
 * positions are read defensively, so only the shape is checked) or on a whole
 * goal, target, follow-up or figures cell. Nothing else: a thread's anchor is
 * what every reader resolves, so an unknown shape would be a thread nobody
 * can place.
 */
export function isAnchor(v: unknown): boolean {
  if (!isPlainObject(v) || typeof v.quote !== 'string' || v.quote.length > MAX_QUOTE_CHARS) return false
  if ('node' in v)
    return (
      hasKeys(v, ['node', 'at', 'id', 'quote']) &&
      (NODE_ANCHOR_TYPES as readonly unknown[]).includes(v.node) &&
      isPlainObject(v.at) &&
      (v.id === null || isShortString(v.id, 200))
    )
  return hasKeys(v, ['start', 'end', 'quote'])
}

function isSuggestion(v: unknown): boolean {
  if (!isPlainObject(v)) return false
  if (v.kind === 'text') return typeof v.text === 'string' && v.text.length <= MAX_COMMENT_CHARS
  return (
    v.kind === 'target' &&
    hasKeys(v, ['kind', 'targetId', 'attrs', 'base']) &&
    isShortString(v.targetId, 200) &&
    isTargetValues(v.attrs) &&
    isTargetValues(v.base) &&
    hasKeys(v.base, Object.keys(v.attrs))
  )
}

/** The target fields a commenter may propose new values for (an editor accepting applies them as they are). */
export const SUGGESTIBLE_TARGET_FIELDS = ['targetValue', 'targetPeriod', 'comparator'] as const

const isTargetValues = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) &&
  Object.keys(v).length > 0 &&
  Object.entries(v).every(([k, x]) => {
    if (k === 'targetValue') return x === null || (typeof x === 'number' && Number.isFinite(x))
    if (k === 'targetPeriod') return x === null || isPeriod(x)
    if (k === 'comparator') return (COMPARATORS as readonly unknown[]).includes(x)
    return false
  })

function isDecisionBy(v: unknown, w: Writer, now: number): boolean {
  if (!isPlainObject(v) || !(v.outcome === 'accepted' || v.outcome === 'rejected') || !isWriter(v.by, w) || !isTime(v.at, now)) return false
  // An accepted text may say where it now stands: a word anchor, nothing else.
  if ('applied' in v)
    return v.outcome === 'accepted' && hasKeys(v, ['outcome', 'by', 'at', 'applied']) && isAnchor(v.applied) && !('node' in (v.applied as object))
  return hasKeys(v, ['outcome', 'by', 'at'])
}

/** Fields a new thread and a new comment must carry (so nothing shows up as "?"). */
export const REQUIRED_THREAD_FIELDS: readonly string[] = ['id', 'anchor', 'createdBy', 'createdAt', 'status', 'comments']
export const REQUIRED_COMMENT_FIELDS: readonly string[] = ['id', 'author', 'at', 'text']
