import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from './private-files'
import { digest, prepareRoomStatements, readRoomRows } from './room-rows'
import { migrateSqlite } from './sqlite-migrations'
import { WalFlush } from './wal-flush'
import { sortConflicts, type Conflict } from '../../schema'
import { mergeConflict } from '../conflicts/conflict-merge'
import type { VersionInfo } from '../../schema/history'
import { versionInfo, type VersionRow } from './version-rows'
import type {
  ClientAuthor,
  CommitRows,
  InviteChange,
  InviteRecord,
  MemberRecord,
  OfflineCompaction,
  PlanListing,
  PlanListingMeta,
  PlanRecord,
  PlanTouch,
  SessionRecord,
  Store,
  StoredRange,
  StoredRoom,
  StoredRoomSize,
  UserRecord,
  VersionRecord
} from './store'

// SQLite in WAL mode with synchronous=FULL for every write but the group
// commit's: appendUpdates commits with synchronous=NORMAL (stored: it
// survives a crash of the process, and every reader, other processes
// included, sees it), and onDisk() flushes the log before the group commit
// acknowledges (wal-flush.ts says why). The work is synchronous inside (better-sqlite3); the contract's
// promises are resolved ones, so SQLite costs a microtask per call, not a
// thread hop.
// Every row carries a checksum; a row that fails it makes its room refuse to
// load (never served empty, never overwritten by a compaction).
//
// Several server processes may share the file (a cluster on one machine,
// server/cluster/): writes that read first run as BEGIN IMMEDIATE (a deferred
// transaction that reads and then writes fails with SQLITE_BUSY at once when
// another process committed in between, whatever the busy timeout), and every
// connection waits up to BUSY_TIMEOUT_MS for another process's write lock.

/**
 * How long a write waits for another process's transaction before failing.
 * A group commit holds the lock for one fsync (milliseconds); a failure here
 * closes a room's sockets, so the wait is generous.
 */
const BUSY_TIMEOUT_MS = 30_000

/** The SQLite file of a data directory. */
export const databasePath = (dataDir: string): string => join(dataDir, 'faellesplan.sqlite')

// A plan created before plan_listing existed has no row there until its first change: defaults fill in.
const PLAN_COLUMNS = `p.id, p.title, p.created_at AS createdAt, COALESCE(l.municipality, '') AS municipality, COALESCE(l.period, '') AS period,
  COALESCE(l.status, 'draft') AS status, l.changed_at AS changedAt, l.changed_by AS changedBy, l.deleted_at AS deletedAt
  FROM plans p LEFT JOIN plan_listing l ON l.id = p.id`

const INVITE_COLUMNS =
  'id, plan, role, grp AS "group", name, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, last_seen_at AS lastSeenAt, kind'
const USER_COLUMNS = 'id, issuer, subject, email, name, created_at AS createdAt, last_login_at AS lastLoginAt'
const VERSION_COLUMNS = 'id, name, kind, author, created, stage, summary'
const MEMBER_COLUMNS = 'm.user_id AS user, m.plan, m.role, m.grp AS "group", m.created_by AS createdBy, m.created_at AS createdAt'

/** The embedded default store: one SQLite file under DATA_DIR. */
export class SqliteStore implements Store {
  readonly engine = 'sqlite' as const
  private readonly db: Database.Database
  /** The database file (read-only connections elsewhere open it too: the read workers). */
  readonly file: string
  private readonly stmts
  /** Whether this opening created the database (the data directory's first start). */
  readonly created: boolean

  /** Flushes the log for onDisk(); null when the operator chose synchronous=NORMAL (no flush before acknowledging). */
  private readonly walFlush: WalFlush | null
  private readonly commitSynchronous: { normal: Database.Statement; back: Database.Statement }

  constructor(dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL') {
    ensurePrivateDir(dataDir)
    const file = (this.file = databasePath(dataDir))
    this.created = !existsSync(file)
    ensurePrivateFile(file)
    for (const extra of ['-wal', '-shm']) tightenIfPresent(file + extra)
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous}`)
    migrateSqlite(this.db)
    this.walFlush = synchronous === 'FULL' ? new WalFlush(`${file}-wal`) : null
    this.commitSynchronous = { normal: this.db.prepare('PRAGMA synchronous = NORMAL'), back: this.db.prepare(`PRAGMA synchronous = ${synchronous}`) }
    this.stmts = {
      ...prepareRoomStatements(this.db),
      insert: this.db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)'),
      lastRowOf: this.db.prepare(
        'SELECT MAX(COALESCE((SELECT MAX(id) FROM updates WHERE room = ?), 0), COALESCE((SELECT upto FROM snapshots WHERE room = ?), 0)) AS id'
      ),
      upsertSnapshot: this.db.prepare(
        'INSERT INTO snapshots (room, data, sum, upto) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto'
      ),
      // Only forward: a state compacted up to an earlier row than the stored one may lack rows that compaction deleted.
      advanceSnapshot: this.db.prepare(
        'INSERT INTO snapshots (room, data, sum, upto) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto WHERE excluded.upto > snapshots.upto'
      ),
      deleteUpto: this.db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?'),
      snapshotMark: this.db.prepare('SELECT sum, upto FROM snapshots WHERE room = ?'),
      roomSizes: this.db.prepare(`
        SELECT room, SUM(snapshotBytes) AS snapshotBytes, SUM(logBytes) AS logBytes, SUM(rows) AS rows FROM (
          SELECT room, LENGTH(data) AS snapshotBytes, 0 AS logBytes, 0 AS rows FROM snapshots
          UNION ALL SELECT room, 0, SUM(LENGTH(data)), COUNT(*) FROM updates GROUP BY room
        ) GROUP BY room ORDER BY room`),
      listPlans: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at IS NULL ORDER BY p.created_at`),
      getPlan: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE p.id = ?`),
      listDeleted: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at >= ? ORDER BY l.deleted_at DESC`),
      insertPlan: this.db.prepare('INSERT INTO plans (id, title, created_at) VALUES (?, ?, ?)'),
      insertListing: this.db.prepare('INSERT INTO plan_listing (id, municipality, period, status) VALUES (@id, @municipality, @period, @status)'),
      setTitle: this.db.prepare('UPDATE plans SET title = ? WHERE id = ? AND title <> ?'),
      touchListing: this.db
        .prepare(`INSERT INTO plan_listing (id, municipality, period, status, changed_at, changed_by) VALUES (@id, @municipality, @period, @status, @changedAt, @changedBy)
        ON CONFLICT(id) DO UPDATE SET municipality = excluded.municipality, period = excluded.period, status = excluded.status,
        changed_at = excluded.changed_at, changed_by = COALESCE(excluded.changed_by, plan_listing.changed_by)`),
      setDeleted: this.db.prepare(`INSERT INTO plan_listing (id, municipality, period, status, deleted_at) VALUES (?, '', '', 'draft', ?)
        ON CONFLICT(id) DO UPDATE SET deleted_at = excluded.deleted_at`),
      insertInvite: this.db.prepare(
        'INSERT INTO invites (id, plan, role, grp, name, created_by, created_at, expires_at, revoked_at, kind) VALUES (@id, @plan, @role, @group, @name, @createdBy, @createdAt, @expiresAt, @revokedAt, @kind)'
      ),
      getInvite: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = ?`),
      listInvites: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE plan = ? AND kind = 'invite' ORDER BY created_at DESC`),
      listApiTokens: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE kind = 'api' ORDER BY created_at DESC`),
      upsertUser: this.db
        .prepare(`INSERT INTO users (id, issuer, subject, email, name, created_at, last_login_at) VALUES (@id, @issuer, @subject, @email, @name, @createdAt, @lastLoginAt)
        ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, name = excluded.name, last_login_at = excluded.last_login_at`),
      userBySubject: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE issuer = ? AND subject = ?`),
      getUser: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
      usersByEmail: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower(?) ORDER BY last_login_at DESC`),
      getMember: this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.user_id = ? AND m.plan = ?`),
      listMembers: this.db.prepare(
        `SELECT ${MEMBER_COLUMNS}, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.plan = ? ORDER BY u.name`
      ),
      putMember: this.db
        .prepare(`INSERT INTO members (user_id, plan, role, grp, created_by, created_at) VALUES (@user, @plan, @role, @group, @createdBy, @createdAt)
        ON CONFLICT (user_id, plan) DO UPDATE SET role = excluded.role, grp = excluded.grp`),
      removeMember: this.db.prepare('DELETE FROM members WHERE user_id = ? AND plan = ?'),
      revokeInvite: this.db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      changeInvite: this.db.prepare('UPDATE invites SET role = coalesce(@role, role), grp = coalesce(@group, grp) WHERE id = @id AND revoked_at IS NULL'),
      inviteSeen: this.db.prepare('UPDATE invites SET last_seen_at = ? WHERE id = ?'),
      liveInvite: this.db.prepare('SELECT 1 AS ok FROM invites WHERE id = ? AND revoked_at IS NULL'),
      insertSession: this.db.prepare(
        'INSERT INTO sessions (id, invite_id, claims, created_at, expires_at, revoked_at) VALUES (@id, @inviteId, @claims, @createdAt, @expiresAt, @revokedAt)'
      ),
      liveSession: this.db
        .prepare(`SELECT s.id, s.invite_id AS inviteId, s.claims, s.created_at AS createdAt, s.expires_at AS expiresAt, s.revoked_at AS revokedAt
        FROM sessions s LEFT JOIN invites i ON i.id = s.invite_id
        WHERE s.id = ? AND s.revoked_at IS NULL AND (s.invite_id IS NULL OR (i.id IS NOT NULL AND i.revoked_at IS NULL))`),
      revokeSession: this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      // The first connection to send a client id names it; a later relay of the same items does not rename it.
      insertAuthor: this.db.prepare(
        'INSERT OR IGNORE INTO client_authors (room, client_id, name, sub, first_seen) VALUES (@room, @clientId, @name, @sub, @firstSeen)'
      ),
      getAuthor: this.db.prepare('SELECT room, client_id AS clientId, name, sub, first_seen AS firstSeen FROM client_authors WHERE room = ? AND client_id = ?'),
      roomAuthors: this.db.prepare('SELECT room, client_id AS clientId, name, sub, first_seen AS firstSeen FROM client_authors WHERE room = ?'),
      putConflict: this.db
        .prepare(`INSERT INTO conflicts (id, plan, node_id, field, created, open, data) VALUES (@id, @plan, @nodeId, @field, @created, @open, @data)
        ON CONFLICT(id) DO UPDATE SET open = excluded.open, data = excluded.data`),
      openConflicts: this.db.prepare('SELECT data FROM conflicts WHERE plan = ? AND open = 1'),
      allConflicts: this.db.prepare('SELECT data FROM conflicts WHERE plan = ?'),
      getConflict: this.db.prepare('SELECT data FROM conflicts WHERE plan = ? AND id = ?'),
      insertVersion: this.db.prepare(`INSERT INTO versions (id, plan, name, kind, author, created, stage, state, plan_json, summary, period)
        VALUES (@id, @plan, @name, @kind, @author, @created, @stage, @state, @planJson, @summary, @period) ON CONFLICT (plan, period) DO NOTHING`),
      listVersions: this.db.prepare(`SELECT ${VERSION_COLUMNS} FROM versions WHERE plan = ? ORDER BY created DESC, seq DESC`),
      versionInfo: this.db.prepare(`SELECT ${VERSION_COLUMNS} FROM versions WHERE plan = ? AND id = ?`),
      versionPlanJson: this.db.prepare('SELECT plan_json AS planJson FROM versions WHERE plan = ? AND id = ?'),
      version: this.db.prepare(`SELECT ${VERSION_COLUMNS}, plan, state, plan_json AS planJson FROM versions WHERE plan = ? AND id = ?`),
      deleteVersion: this.db.prepare('DELETE FROM versions WHERE plan = ? AND id = ?')
    }
  }

  async loadRoom(room: string): Promise<StoredRoom> {
    // One read transaction: the snapshot and the rows after it come from the
    // same moment, even if another process (npm run rooms -- --compact)
    // compacts the room between the two reads.
    return this.db.transaction(() => readRoomRows(this.stmts, room))()
  }

  async loadUpdatesSince(room: string, afterId: number): Promise<StoredRoom> {
    return this.db.transaction(() => readRoomRows(this.stmts, room, afterId))()
  }

  async appendUpdates(
    batch: ReadonlyArray<{ room: string; update: Uint8Array }>,
    touches: readonly PlanTouch[] = [],
    rows?: CommitRows
  ): Promise<Map<string, StoredRange>> {
    const ranges = new Map<string, StoredRange>()
    this.commitSynchronous.normal.run()
    try {
      this.appendRows(batch, touches, rows, ranges)
    } finally {
      this.commitSynchronous.back.run()
    }
    return ranges
  }

  onDisk(): Promise<void> {
    return this.walFlush?.flush() ?? Promise.resolve()
  }

  private appendRows(
    batch: ReadonlyArray<{ room: string; update: Uint8Array }>,
    touches: readonly PlanTouch[],
    rows: CommitRows | undefined,
    ranges: Map<string, StoredRange>
  ): void {
    this.db
      .transaction(() => {
        for (const { room, update } of batch) {
          // Read inside the write lock: no other process can append between this and our rows.
          const prevId = ranges.get(room)?.prevId ?? (this.stmts.lastRowOf.get(room, room) as { id: number }).id
          const r = this.stmts.insert.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength), digest(update))
          ranges.set(room, { prevId, lastId: Number(r.lastInsertRowid) })
        }
        // In the same transaction: the list never shows a change that was not stored, and costs no extra fsync.
        for (const t of touches) this.writeTouch(t)
        for (const a of rows?.authors ?? []) this.stmts.insertAuthor.run(a)
        for (const c of rows?.conflicts ?? []) this.writeConflict(c)
      })
      .immediate()
  }

  /** Write over the stored row by the merge rules (server/conflicts/conflict-merge.ts): names and lost writes united, a resolution kept. */
  private writeConflict(incoming: Conflict, depth = 0): void {
    const row = this.stmts.getConflict.get(incoming.plan, incoming.id) as { data: string } | undefined
    const [c, split] = mergeConflict(row ? (JSON.parse(row.data) as Conflict) : null, incoming)
    this.putConflictRow(c!)
    // A split-off record merges with its own stored row; bounded, since each level holds fewer writes.
    if (split && depth < 4) this.writeConflict(split, depth + 1)
  }

  private putConflictRow(c: Conflict): void {
    this.stmts.putConflict.run({
      id: c.id,
      plan: c.plan,
      nodeId: c.nodeId,
      field: c.field,
      created: c.created,
      open: c.resolved === null ? 1 : 0,
      data: JSON.stringify(c)
    })
  }

  async clientAuthor(room: string, clientId: number): Promise<ClientAuthor | null> {
    return (this.stmts.getAuthor.get(room, clientId) as ClientAuthor | undefined) ?? null
  }

  async listClientAuthors(room: string): Promise<ClientAuthor[]> {
    return this.stmts.roomAuthors.all(room) as ClientAuthor[]
  }

  async listConflicts(plan: string, all = false): Promise<Conflict[]> {
    const rows = (all ? this.stmts.allConflicts : this.stmts.openConflicts).all(plan) as Array<{ data: string }>
    return sortConflicts(rows.map((r) => JSON.parse(r.data) as Conflict))
  }

  async getConflict(plan: string, id: string): Promise<Conflict | null> {
    const row = this.stmts.getConflict.get(plan, id) as { data: string } | undefined
    return row ? (JSON.parse(row.data) as Conflict) : null
  }

  async putConflict(conflict: Conflict): Promise<void> {
    this.db.transaction(() => this.writeConflict(conflict)).immediate()
  }

  private writeTouch(t: PlanTouch): void {
    this.stmts.setTitle.run(t.title, t.id, t.title)
    this.stmts.touchListing.run({ id: t.id, municipality: t.municipality, period: t.period, status: t.status, changedAt: t.changedAt, changedBy: t.changedBy })
  }

  async touchPlan(touch: PlanTouch): Promise<void> {
    this.db.transaction(() => this.writeTouch(touch))()
  }

  async setPlanDeleted(id: string, at: string | null): Promise<boolean> {
    if (!this.stmts.getPlan.get(id)) return false
    this.stmts.setDeleted.run(id, at)
    return true
  }

  async listDeletedPlans(since: string): Promise<PlanListing[]> {
    return this.stmts.listDeleted.all(since) as PlanListing[]
  }

  async compact(room: string, state: Uint8Array, uptoId: number): Promise<void> {
    this.db
      .transaction(() => {
        if (this.stmts.advanceSnapshot.run(room, Buffer.from(state), digest(state), uptoId).changes > 0) this.stmts.deleteUpto.run(room, uptoId)
      })
      .immediate()
  }

  /** Every room in the file with its stored size, by name. */
  async roomSizes(): Promise<StoredRoomSize[]> {
    return this.stmts.roomSizes.all() as StoredRoomSize[]
  }

  /** See Store.compactOffline: merged outside the write lock, written only if nobody compacted meanwhile. */
  async compactOffline(room: string, merge: (stored: StoredRoom) => Uint8Array): Promise<OfflineCompaction> {
    const read = this.db.transaction(() => ({ snapshot: this.snapshotMark(room), stored: readRoomRows(this.stmts, room) }))()
    if (read.stored.updates.length === 0) return 'nothing-to-do'
    const state = merge(read.stored)
    return this.db
      .transaction((): OfflineCompaction => {
        const now = this.snapshotMark(room)
        if (now?.upto !== read.snapshot?.upto || now?.sum !== read.snapshot?.sum) return 'changed-meanwhile'
        this.stmts.upsertSnapshot.run(room, Buffer.from(state), digest(state), read.stored.lastId)
        this.stmts.deleteUpto.run(room, read.stored.lastId)
        return 'compacted'
      })
      .immediate()
  }

  private snapshotMark(room: string): { upto: number; sum: string } | undefined {
    return this.stmts.snapshotMark.get(room) as { upto: number; sum: string } | undefined
  }

  async listPlans(): Promise<PlanListing[]> {
    return this.stmts.listPlans.all() as PlanListing[]
  }

  async getPlan(id: string): Promise<PlanListing | null> {
    return (this.stmts.getPlan.get(id) as PlanListing | undefined) ?? null
  }

  async createPlan(plan: PlanRecord, initialState: Uint8Array, meta?: PlanListingMeta): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertPlan.run(plan.id, plan.title, plan.createdAt)
      if (meta) this.stmts.insertListing.run({ id: plan.id, municipality: meta.municipality, period: meta.period, status: meta.status })
      this.stmts.insert.run(plan.id, Buffer.from(initialState), digest(initialState))
    })()
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    this.createInviteNow(invite)
  }

  /** createInvite, done when it returns (in-process test servers mint links synchronously with it). */
  createInviteNow(invite: InviteRecord): void {
    this.stmts.insertInvite.run({ ...invite, kind: invite.kind ?? 'invite' })
  }

  async listApiTokens(): Promise<InviteRecord[]> {
    return this.stmts.listApiTokens.all() as InviteRecord[]
  }

  async upsertUser(user: UserRecord): Promise<UserRecord> {
    this.stmts.upsertUser.run(user)
    return this.stmts.userBySubject.get(user.issuer, user.subject) as UserRecord
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return (this.stmts.getUser.get(id) as UserRecord | undefined) ?? null
  }

  async findUsersByEmail(email: string): Promise<UserRecord[]> {
    return this.stmts.usersByEmail.all(email) as UserRecord[]
  }

  async getMember(user: string, plan: string): Promise<MemberRecord | null> {
    return (this.stmts.getMember.get(user, plan) as MemberRecord | undefined) ?? null
  }

  async listMembers(plan: string): Promise<Array<MemberRecord & { name: string; email: string | null }>> {
    return this.stmts.listMembers.all(plan) as Array<MemberRecord & { name: string; email: string | null }>
  }

  async putMember(member: MemberRecord): Promise<void> {
    this.stmts.putMember.run(member)
  }

  async removeMember(user: string, plan: string): Promise<boolean> {
    return this.stmts.removeMember.run(user, plan).changes > 0
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    return this.getInviteNow(id)
  }

  /** getInvite, answered when it returns (see createInviteNow). */
  getInviteNow(id: string): InviteRecord | null {
    return (this.stmts.getInvite.get(id) as InviteRecord | undefined) ?? null
  }

  async listInvites(plan: string): Promise<InviteRecord[]> {
    return this.stmts.listInvites.all(plan) as InviteRecord[]
  }

  async revokeInvite(id: string, at: string): Promise<boolean> {
    return this.stmts.revokeInvite.run(at, id).changes > 0
  }

  async changeInvite(id: string, change: InviteChange): Promise<InviteRecord | null> {
    const changed = this.stmts.changeInvite.run({ id, role: change.role ?? null, group: change.group ?? null }).changes > 0
    return changed ? this.getInvite(id) : null
  }

  async inviteSeen(id: string, at: string): Promise<void> {
    this.stmts.inviteSeen.run(at, id)
  }

  async invalidInvites(ids: readonly string[]): Promise<string[]> {
    return ids.filter((id) => !this.stmts.liveInvite.get(id))
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.stmts.insertSession.run(session)
  }

  async getLiveSession(id: string): Promise<SessionRecord | null> {
    return (this.stmts.liveSession.get(id) as SessionRecord | undefined) ?? null
  }

  async revokeSession(id: string, at: string): Promise<void> {
    this.stmts.revokeSession.run(at, id)
  }

  async addVersion(v: VersionRecord): Promise<boolean> {
    return (
      this.stmts.insertVersion.run({
        id: v.id,
        plan: v.plan,
        name: v.name,
        kind: v.kind,
        author: v.author,
        created: v.created,
        stage: v.stage,
        state: Buffer.from(v.state.buffer, v.state.byteOffset, v.state.byteLength),
        planJson: v.planJson,
        summary: JSON.stringify(v.summary),
        period: v.period ?? null
      }).changes === 1
    )
  }

  async listVersions(plan: string): Promise<VersionInfo[]> {
    return (this.stmts.listVersions.all(plan) as VersionRow[]).map(versionInfo)
  }

  async getVersionInfo(plan: string, id: string): Promise<VersionInfo | null> {
    const row = this.stmts.versionInfo.get(plan, id) as VersionRow | undefined
    return row ? versionInfo(row) : null
  }

  async getVersionPlanJson(plan: string, id: string): Promise<string | null> {
    return (this.stmts.versionPlanJson.get(plan, id) as { planJson: string } | undefined)?.planJson ?? null
  }

  async getVersion(plan: string, id: string): Promise<VersionRecord | null> {
    const row = this.stmts.version.get(plan, id) as (VersionRow & { plan: string; state: Buffer; planJson: string }) | undefined
    return row ? { ...versionInfo(row), plan: row.plan, state: new Uint8Array(row.state), planJson: row.planJson } : null
  }

  async deleteVersions(plan: string, ids: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of ids) this.stmts.deleteVersion.run(plan, id)
    })()
  }

  async close(): Promise<void> {
    await this.walFlush?.close()
    this.db.close()
  }
}
