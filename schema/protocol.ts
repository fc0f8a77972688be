// The wire contract shared by server and client: room names, roles, close
// codes and our own message types on top of the y-websocket protocol.

import { SCHEMA_VERSION } from './version'

/** Roles a token can carry, from most to least powerful. */
export const ROLES = ['admin', 'editor', 'commenter', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Groups a token can carry (who the person is in the plan process). */
export const GROUPS = ['administration', 'committee', 'council'] as const
export type Group = (typeof GROUPS)[number]

/** The payload of a signed access token. `exp` is seconds since the epoch. */
export interface TokenClaims {
  /** The plan id the token opens, or `*` (administrators only) for every plan. */
  plan: string
  role: Role
  name: string
  group: Group
  exp: number
  /** Who the token was issued to (one invite, one person): tells apart two people with the same name. */
  sub?: string
  /**
   * Set for a person signed in with the organisation's OpenID Connect
   * provider: their user id (also `sub`). Their access to a plan is their
   * membership row, looked up at every use, not `plan`.
   */
  user?: string
}

/** Suffix of the room that holds a plan's comment threads. */
export const COMMENTS_SUFFIX = '.comments'

/** The room that holds a plan's comment threads (its body's room is the plan id). */
export const commentsRoomOf = (planId: string): string => planId + COMMENTS_SUFFIX

/** Both rooms of a plan: its body, then its comments. */
export const roomsOfPlan = (planId: string): [body: string, comments: string] => [planId, commentsRoomOf(planId)]

/** Plan ids are short, URL-safe and can never form a path. */
export const PLAN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/

export const isValidPlanId = (id: unknown): id is string => typeof id === 'string' && PLAN_ID_PATTERN.test(id)

/** Which document a room name refers to, or null when the name is not a valid room. */
export function parseRoomName(room: string): { planId: string; kind: 'body' | 'comments' } | null {
  const kind = room.endsWith(COMMENTS_SUFFIX) ? 'comments' : 'body'
  const planId = kind === 'comments' ? room.slice(0, -COMMENTS_SUFFIX.length) : room
  return isValidPlanId(planId) ? { planId, kind } : null
}

/** Whether a role may change the given document. The server enforces this; the client only mirrors it. */
export function mayWrite(role: Role, kind: 'body' | 'comments'): boolean {
  if (role === 'admin' || role === 'editor') return true
  if (role === 'commenter') return kind === 'comments'
  return false
}

/**
 * Message types of the y-websocket protocol (0 sync, 1 awareness, 2 auth,
 * 3 query-awareness) plus ours. A stock y-websocket client has no handler for
 * ours and prints "Unable to compute message" for each, so the server sends
 * ours only to a client that declared its schema (SCHEMA_PARAM).
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client: what of the document is durably stored. Payload: a
   * Yjs state vector (varUint8Array). A client whose own state vector is
   * covered by it knows every change it made is saved. Sent after each group
   * commit that stored something from this connection, and after the initial
   * sync. */
  persisted: 100,
  /** Client → server: the schema version the client understands (varUint).
   * Only the previous release sent it (after connecting); the server takes it
   * as a declaration like SCHEMA_PARAM so its open tabs keep working across a
   * deploy. Ours now declare in the URL. */
  schemaVersion: 101,
  /** Server → client: the document's schema version (varUint), sent on connect to a body room. */
  documentSchema: 102
} as const

/**
 * Query parameter of the sync URL by which a client declares, before any
 * message, the plan schema version it understands, and thereby that it
 * handles our message types. A body writer that has not declared is refused
 * at its first change (`client-outdated`): the server cannot tell it from a
 * client too old to know the document's nodes.
 */
export const SCHEMA_PARAM = 'schema'

/** The query parameters with which our own clients declare SCHEMA_VERSION. */
export const declareSchemaParams = (): Record<string, string> => ({ [SCHEMA_PARAM]: String(SCHEMA_VERSION) })

/** The schema version a sync URL's SCHEMA_PARAM declares, or null when it declares none (a missing or malformed value). */
export function declaredSchemaOf(value: string | null): number | null {
  if (value === null || !/^[0-9]{1,6}$/.test(value)) return null
  return Number(value)
}

/** A reason the server gives when it closes a socket. Codes 4000-4999 are ours. */
export interface CloseReason {
  code: number
  reason: string
}

/** WebSocket close codes shared by both ends so the client can tell the user why. */
export const Close = {
  BadRequest: { code: 4400, reason: 'bad-request' },
  Unauthorized: { code: 4401, reason: 'unauthorized' },
  TokenExpired: { code: 4402, reason: 'token-expired' },
  /** The invitation behind the link was revoked by an administrator. */
  AccessRevoked: { code: 4410, reason: 'access-revoked' },
  /**
   * An administrator changed the invitation's role or group: reconnect, and the new access applies.
   * Outside 4400-4499 on purpose: stock y-websocket clients never retry those. 205 as in HTTP's Reset Content.
   */
  AccessChanged: { code: 4205, reason: 'access-changed' },
  Forbidden: { code: 4403, reason: 'forbidden' },
  NotFound: { code: 4404, reason: 'not-found' },
  ReadOnly: { code: 4405, reason: 'read-only' },
  /** A comment change the sender may not make (someone else's comment, a forged author, a decision by a commenter). */
  NotPermitted: { code: 4406, reason: 'not-permitted' },
  Malformed: { code: 4422, reason: 'malformed-message' },
  RateLimited: { code: 4429, reason: 'rate-limited' },
  /** Too many open connections for this link (token); retried with backoff. */
  TooManyConnections: { code: 4430, reason: 'too-many-connections' },
  /** The client's schema is older than the document's: its edits could delete what it does not know. */
  OutdatedClient: { code: 4426, reason: 'client-outdated' },
  /** The client did not read what the server sent fast enough. */
  SlowConsumer: { code: 4408, reason: 'slow-consumer' },
  /** The room is at its size budget: the update was not applied or stored. Final until someone deletes content or an operator raises the budget. */
  RoomFull: { code: 4413, reason: 'room-full' },
  RoomUnavailable: { code: 4500, reason: 'room-unavailable' },
  ShuttingDown: { code: 4503, reason: 'server-shutting-down' }
} as const satisfies Record<string, CloseReason>

export type CloseName = keyof typeof Close

/** Find the named close reason for a code, if it is one of ours. */
export function closeNameOf(code: number): CloseName | null {
  for (const [name, value] of Object.entries(Close)) if (value.code === code) return name as CloseName
  return null
}
