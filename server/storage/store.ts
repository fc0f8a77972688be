// The storage contract the sync code depends on, implemented by SQLite
// (sqlite-store.ts, the embedded default) and PostgreSQL (postgres-store.ts).
// Every call returns a promise: a network database answers later, and the
// callers must never act on a write before it has resolved (a room
// broadcasts only after appendUpdates resolved, and acknowledges only after
// onDisk resolved too). SQLite
// does its work synchronously inside and returns resolved promises.
// test/server/storage-contract.test.ts runs one suite against both.
import type { Conflict, Group, Role } from '../../schema'
import type { VersionInfo } from '../../schema/history'

/** A plan's record in the plan list. */
export interface PlanRecord {
  id: string
  title: string
  createdAt: string
}

/** The plan-list copy of a plan's `Map('meta')` (the Y.Doc stays the source of truth). */
export interface PlanListingMeta {
  title: string
  municipality: string
  period: string
  status: string
}

/**
 * A plan as the plan list shows it: its record, the copy of its meta, when
 * its document last changed and by whom, and whether it was deleted.
 */
export interface PlanListing extends PlanRecord, PlanListingMeta {
  changedAt: string | null
  changedBy: string | null
  /** Set while the plan is deleted (kept, hidden and closed, until restored or purged). */
  deletedAt: string | null
}

/** What a stored change of a plan's body writes to its listing, in the same transaction. */
export interface PlanTouch extends PlanListingMeta {
  id: string
  changedAt: string
  /** The name of whoever sent the change; null keeps the previous name. */
  changedBy: string | null
}

/**
 * One invitation: one person's access to one plan (or `*`), as a row that
 * can be listed and revoked. The signed link carries its id (`sub`).
 */
export interface InviteRecord {
  id: string
  plan: string
  role: Role
  group: Group
  name: string
  /** Who issued it: a person's name, or `cli` / `server` for the command line and first start. */
  createdBy: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  /** When the link or its session last opened a socket or made a REST call (at most once a minute is written). */
  lastSeenAt?: string | null
  /** `invite` (a link for one person) or `api` (a personal API token for scripts); `invite` when absent. */
  kind?: InviteKind
}

/** What an administrator may change on an invitation after issuing it. */
export interface InviteChange {
  role?: Role
  group?: Group
}

/** What an invitation row is for. */
export type InviteKind = 'invite' | 'api'

/** A person who signed in with the organisation's OpenID Connect provider. */
export interface UserRecord {
  id: string
  /** The provider's issuer and its `sub` for this person: together, who they are. */
  issuer: string
  subject: string
  email: string | null
  name: string
  createdAt: string
  lastLoginAt: string
}

/** A signed-in person's role in one plan (plan roles live here, not at the provider). */
export interface MemberRecord {
  user: string
  plan: string
  role: Role
  group: Group
  createdBy: string
  createdAt: string
}

/** A browser's sign-in: the cookie's hash, what it was opened with, and until when. */
export interface SessionRecord {
  /** SHA-256 of the cookie value (the value itself is never stored). */
  id: string
  /** The invitation it was opened with, if any (revoking it ends the session). */
  inviteId: string | null
  /** The claims the session grants (JSON of TokenClaims). */
  claims: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
}

/** What is stored for a room: an optional compacted state and the updates after it, in order. */
export interface StoredRoom {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Id of the last stored row, for compaction. */
  lastId: number
}

/** Where a commit's rows of one room sit in its log: after `prevId` (the room's last row before them), up to `lastId`. */
export interface StoredRange {
  /** The room's last row id before this commit (its compacted state's, when every row was compacted; 0 for none). */
  prevId: number
  /** The id of the last row this commit stored for the room. */
  lastId: number
}

/** Who a Yjs client id of a room wrote for: the person whose connection first sent an update carrying it. */
export interface ClientAuthor {
  room: string
  clientId: number
  name: string
  /** The invitation or user the connection was opened with, when known. */
  sub: string | null
  firstSeen: string
}

/** Rows stored in the same transaction as a group commit's updates (so they never name an update that was not stored). */
export interface CommitRows {
  authors: ClientAuthor[]
  /** Conflicts created or changed, written whole. */
  conflicts: Conflict[]
}

/** Raised when stored bytes fail their checksum: the room must be refused, not served empty. */
export class CorruptRoomError extends Error {
  constructor(
    readonly room: string,
    detail: string
  ) {
    super(`Stored state of room ${room} is corrupt: ${detail}`)
  }
}

/** A stored version of a plan: its listing, the body's Yjs state (v2 update) and its extracted plan.json. */
export interface VersionRecord extends VersionInfo {
  plan: string
  state: Uint8Array
  planJson: string
  /**
   * The period an automatic version stands for (see versions.ts); a plan has at
   * most one version per period, whichever process takes it. Absent or null:
   * no such limit (named, status and restore versions).
   */
  period?: string | null
}

/** What a room holds in storage (for `npm run rooms`). */
export interface StoredRoomSize {
  room: string
  snapshotBytes: number
  logBytes: number
  /** Update rows after the snapshot. */
  rows: number
}

/** How an offline compaction of one room ended. */
export type OfflineCompaction = 'compacted' | 'nothing-to-do' | 'changed-meanwhile'

/** Raised when storage cannot be reached (PostgreSQL down): the write was not made, and nobody may be told it was. */
export class StorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`Storage is unavailable: ${detail}`)
  }
}

/** Durable storage of plans and their rooms' update logs. */
export interface Store {
  /** Which engine this is (logs, `npm run rooms`). */
  readonly engine: 'sqlite' | 'postgres'
  /** Whether opening created the database (the first start: the first-start link is printed then). */
  readonly created: boolean
  /** Load a room's stored state. Throws CorruptRoomError when a row fails its checksum. */
  loadRoom(room: string): Promise<StoredRoom>
  /**
   * What was stored for a room after row `afterId`, for a process that holds
   * the room up to there and missed what others stored since (server/cluster/).
   * When rows after `afterId` were compacted away, `snapshot` holds the
   * compacted state (and `updates` the rows after it); else it is null.
   * Throws CorruptRoomError like loadRoom.
   */
  loadUpdatesSince(room: string, afterId: number): Promise<StoredRoom>
  /**
   * Append updates (possibly for several rooms) in one transaction, with the
   * plan-list rows they change; returns, per room, where its rows landed
   * (several processes append to one log: `prevId` tells whether another
   * stored rows in between). Resolved means stored: it survives a crash of
   * this process and every reader sees it. Whether it also survives a power
   * cut is `onDisk()`'s answer.
   */
  appendUpdates(
    batch: ReadonlyArray<{ room: string; update: Uint8Array }>,
    touches?: readonly PlanTouch[],
    rows?: CommitRows
  ): Promise<Map<string, StoredRange>>
  /**
   * Resolves once everything appendUpdates resolved before this call is on
   * disk (survives a power cut); rejects when the disk refused. The group
   * commit broadcasts once a batch is stored and acknowledges it only after
   * this, so the disk's flush is not in the way of anyone's keystrokes.
   */
  onDisk(): Promise<void>
  /** Who wrote for a Yjs client id in a room, if the server ever learnt it. */
  clientAuthor(room: string, clientId: number): Promise<ClientAuthor | null>
  /** Every stored author of a room's client ids (read when the room loads: conflict detection asks synchronously). */
  listClientAuthors(room: string): Promise<ClientAuthor[]>
  /** A plan's conflicts, open first; resolved ones only with `all`. */
  listConflicts(plan: string, all?: boolean): Promise<Conflict[]>
  getConflict(plan: string, id: string): Promise<Conflict | null>
  /** Write a conflict whole (created or changed outside a group commit: a resolution through REST). */
  putConflict(conflict: Conflict): Promise<void>
  /**
   * Replace a room's rows up to `uptoId` by one compacted state, unless a
   * state compacted up to `uptoId` or later is already stored (another
   * process got there first: its rows up to there are gone, and this state
   * may not hold them).
   */
  compact(room: string, state: Uint8Array, uptoId: number): Promise<void>
  /** Plans that are not deleted, oldest first. */
  listPlans(): Promise<PlanListing[]>
  /** A plan, deleted or not (check `deletedAt` before serving it). */
  getPlan(id: string): Promise<PlanListing | null>
  createPlan(plan: PlanRecord, initialState: Uint8Array, meta?: PlanListingMeta): Promise<void>
  /** Write a plan's listing (title, meta, last change) outside a group commit. */
  touchPlan(touch: PlanTouch): Promise<void>
  /** Mark a plan deleted (`at`) or restore it (null); false when there is no such plan. */
  setPlanDeleted(id: string, at: string | null): Promise<boolean>
  /** Plans deleted at or after `since`, newest deletion first. */
  listDeletedPlans(since: string): Promise<PlanListing[]>
  createInvite(invite: InviteRecord): Promise<void>
  getInvite(id: string): Promise<InviteRecord | null>
  /** A plan's invitations, newest first (those for every plan, `*`, are listed under `*`). */
  listInvites(plan: string): Promise<InviteRecord[]>
  /** Mark an invitation revoked; false when there is none (or it already was). */
  revokeInvite(id: string, at: string): Promise<boolean>
  /** Change a live invitation's role or group; the row after the change, or null when there is none or it was revoked. */
  changeInvite(id: string, change: InviteChange): Promise<InviteRecord | null>
  /** Record that an invitation was used at `at`. */
  inviteSeen(id: string, at: string): Promise<void>
  /** Of these invitation ids, those revoked or unknown (what open sockets must lose). */
  invalidInvites(ids: readonly string[]): Promise<string[]>
  /** Personal API tokens (invitation rows of kind `api`), newest first. */
  listApiTokens(): Promise<InviteRecord[]>
  /** Record a sign-in: the user for (issuer, subject), created (with this id) or with name, e-mail and last sign-in refreshed. */
  upsertUser(user: UserRecord): Promise<UserRecord>
  getUser(id: string): Promise<UserRecord | null>
  /** Users who signed in with this e-mail address (case-insensitive). */
  findUsersByEmail(email: string): Promise<UserRecord[]>
  getMember(user: string, plan: string): Promise<MemberRecord | null>
  /** A plan's members with their names and e-mail addresses. */
  listMembers(plan: string): Promise<Array<MemberRecord & { name: string; email: string | null }>>
  /** Add a member, or change their role and group. */
  putMember(member: MemberRecord): Promise<void>
  /** Remove a member; false when there was none. */
  removeMember(user: string, plan: string): Promise<boolean>
  createSession(session: SessionRecord): Promise<void>
  /** A session that is not revoked and whose invitation (if any) is not revoked. */
  getLiveSession(id: string): Promise<SessionRecord | null>
  revokeSession(id: string, at: string): Promise<void>
  /** Store a version of a plan; false (nothing stored) when the plan already has a version of its `period`. */
  addVersion(version: VersionRecord): Promise<boolean>
  /** A plan's versions without their state, newest first. */
  listVersions(plan: string): Promise<VersionInfo[]>
  /** A version's listing, only if it belongs to `plan`. */
  getVersionInfo(plan: string, id: string): Promise<VersionInfo | null>
  /** A version's extracted plan.json text, only if it belongs to `plan`. */
  getVersionPlanJson(plan: string, id: string): Promise<string | null>
  /** A version with its state, only if it belongs to `plan`. */
  getVersion(plan: string, id: string): Promise<VersionRecord | null>
  /** Delete these versions of `plan` (thinning). */
  deleteVersions(plan: string, ids: readonly string[]): Promise<void>
  /** Every room in storage with its stored size, by name. */
  roomSizes(): Promise<StoredRoomSize[]>
  /**
   * Compact a room from another process than the server's (which may hold
   * the room in memory and append to its log meanwhile). `merge` turns what
   * is stored into one state; it runs outside any write lock, so a running
   * server is never kept waiting for it. The write then replaces only the
   * rows that were merged, and only if nobody compacted the room in between
   * (the snapshot is the one read): rows appended meanwhile stay, and the
   * server's own later compaction writes a state that holds everything
   * merged here (it has every row of its room) with a higher row id.
   * Throws CorruptRoomError like loadRoom: a damaged room is never compacted.
   */
  compactOffline(room: string, merge: (stored: StoredRoom) => Uint8Array): Promise<OfflineCompaction>
  close(): Promise<void>
}
