import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CorruptRoomError, type InviteRecord, type MemberRecord, type PlanRecord, type SessionRecord, type Store, type StoredRoom, type UserRecord } from './store'

// SQLite in WAL mode with synchronous=FULL: a commit is on disk before
// appendUpdates returns, so an update is durable before anyone is told of it.
// Every row carries a checksum; a row that fails it makes its room refuse to
// load (never served empty, never overwritten by a compaction).

const digest = (data: Uint8Array): string => createHash('sha1').update(data).digest('base64')

const INVITE_COLUMNS = 'id, plan, role, grp AS "group", name, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt, kind'
const USER_COLUMNS = 'id, issuer, subject, email, name, created_at AS createdAt, last_login_at AS lastLoginAt'
const MEMBER_COLUMNS = 'm.user_id AS user, m.plan, m.role, m.grp AS "group", m.created_by AS createdBy, m.created_at AS createdAt'

/** The embedded default store: one SQLite file under DATA_DIR. */
export class SqliteStore implements Store {
  private readonly db: Database.Database
  private readonly stmts
  /** Whether this opening created the database (the data directory's first start). */
  readonly created: boolean

  constructor(dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL') {
    mkdirSync(dataDir, { recursive: true })
    const file = join(dataDir, 'faellesplan.sqlite')
    this.created = !existsSync(file)
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous}`)
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS plans (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL, sum TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS updates_room ON updates (room, id);
      CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, sum TEXT NOT NULL, upto INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS invites (
        id TEXT PRIMARY KEY, plan TEXT NOT NULL, role TEXT NOT NULL, grp TEXT NOT NULL, name TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
      );
      CREATE INDEX IF NOT EXISTS invites_plan ON invites (plan, created_at);
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, invite_id TEXT, claims TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
      );
      CREATE TABLE IF NOT EXISTS users (
        id TEXT PRIMARY KEY, issuer TEXT NOT NULL, subject TEXT NOT NULL, email TEXT, name TEXT NOT NULL,
        created_at TEXT NOT NULL, last_login_at TEXT NOT NULL, UNIQUE (issuer, subject)
      );
      CREATE INDEX IF NOT EXISTS users_email ON users (lower(email));
      CREATE TABLE IF NOT EXISTS members (
        user_id TEXT NOT NULL, plan TEXT NOT NULL, role TEXT NOT NULL, grp TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (user_id, plan)
      );
      CREATE INDEX IF NOT EXISTS members_plan ON members (plan);
    `)
    // Personal API tokens are invitation rows of kind 'api' (verified and revoked the same way); added to older databases here.
    if (!(this.db.prepare('PRAGMA table_info(invites)').all() as Array<{ name: string }>).some((c) => c.name === 'kind')) {
      this.db.exec("ALTER TABLE invites ADD COLUMN kind TEXT NOT NULL DEFAULT 'invite'")
    }
    this.stmts = {
      snapshot: this.db.prepare('SELECT data, sum, upto FROM snapshots WHERE room = ?'),
      updates: this.db.prepare('SELECT id, data, sum FROM updates WHERE room = ? AND id > ? ORDER BY id'),
      insert: this.db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)'),
      upsertSnapshot: this.db.prepare('INSERT INTO snapshots (room, data, sum, upto) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto'),
      deleteUpto: this.db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?'),
      countPending: this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?'),
      listPlans: this.db.prepare('SELECT id, title, created_at AS createdAt FROM plans ORDER BY created_at'),
      getPlan: this.db.prepare('SELECT id, title, created_at AS createdAt FROM plans WHERE id = ?'),
      insertPlan: this.db.prepare('INSERT INTO plans (id, title, created_at) VALUES (?, ?, ?)'),
      insertInvite: this.db.prepare('INSERT INTO invites (id, plan, role, grp, name, created_by, created_at, expires_at, revoked_at, kind) VALUES (@id, @plan, @role, @group, @name, @createdBy, @createdAt, @expiresAt, @revokedAt, @kind)'),
      getInvite: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = ?`),
      listInvites: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE plan = ? AND kind = 'invite' ORDER BY created_at DESC`),
      listApiTokens: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE kind = 'api' ORDER BY created_at DESC`),
      upsertUser: this.db.prepare(`INSERT INTO users (id, issuer, subject, email, name, created_at, last_login_at) VALUES (@id, @issuer, @subject, @email, @name, @createdAt, @lastLoginAt)
        ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, name = excluded.name, last_login_at = excluded.last_login_at`),
      userBySubject: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE issuer = ? AND subject = ?`),
      getUser: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
      usersByEmail: this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower(?) ORDER BY last_login_at DESC`),
      getMember: this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.user_id = ? AND m.plan = ?`),
      listMembers: this.db.prepare(`SELECT ${MEMBER_COLUMNS}, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.plan = ? ORDER BY u.name`),
      putMember: this.db.prepare(`INSERT INTO members (user_id, plan, role, grp, created_by, created_at) VALUES (@user, @plan, @role, @group, @createdBy, @createdAt)
        ON CONFLICT (user_id, plan) DO UPDATE SET role = excluded.role, grp = excluded.grp`),
      removeMember: this.db.prepare('DELETE FROM members WHERE user_id = ? AND plan = ?'),
      revokeInvite: this.db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      liveInvite: this.db.prepare('SELECT 1 AS ok FROM invites WHERE id = ? AND revoked_at IS NULL'),
      insertSession: this.db.prepare('INSERT INTO sessions (id, invite_id, claims, created_at, expires_at, revoked_at) VALUES (@id, @inviteId, @claims, @createdAt, @expiresAt, @revokedAt)'),
      liveSession: this.db.prepare(`SELECT s.id, s.invite_id AS inviteId, s.claims, s.created_at AS createdAt, s.expires_at AS expiresAt, s.revoked_at AS revokedAt
        FROM sessions s LEFT JOIN invites i ON i.id = s.invite_id
        WHERE s.id = ? AND s.revoked_at IS NULL AND (s.invite_id IS NULL OR (i.id IS NOT NULL AND i.revoked_at IS NULL))`),
      revokeSession: this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    }
  }

  loadRoom(room: string): StoredRoom {
    const snap = this.stmts.snapshot.get(room) as { data: Buffer; sum: string; upto: number } | undefined
    if (snap && digest(snap.data) !== snap.sum) throw new CorruptRoomError(room, 'snapshot checksum mismatch')
    const rows = this.stmts.updates.all(room, snap?.upto ?? 0) as Array<{ id: number; data: Buffer; sum: string }>
    for (const row of rows) if (digest(row.data) !== row.sum) throw new CorruptRoomError(room, `update row ${row.id} checksum mismatch`)
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      updates: rows.map((r) => new Uint8Array(r.data)),
      lastId: rows.length ? rows[rows.length - 1]!.id : snap?.upto ?? 0
    }
  }

  appendUpdates(batch: ReadonlyArray<{ room: string; update: Uint8Array }>): Map<string, number> {
    const last = new Map<string, number>()
    this.db.transaction(() => {
      for (const { room, update } of batch) {
        const r = this.stmts.insert.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength), digest(update))
        last.set(room, Number(r.lastInsertRowid))
      }
    })()
    return last
  }

  compact(room: string, state: Uint8Array, uptoId: number): void {
    this.db.transaction(() => {
      this.stmts.upsertSnapshot.run(room, Buffer.from(state), digest(state), uptoId)
      this.stmts.deleteUpto.run(room, uptoId)
    })()
  }

  pendingRows(room: string): number {
    return (this.stmts.countPending.get(room) as { n: number }).n
  }

  listPlans(): PlanRecord[] {
    return this.stmts.listPlans.all() as PlanRecord[]
  }

  getPlan(id: string): PlanRecord | null {
    return (this.stmts.getPlan.get(id) as PlanRecord | undefined) ?? null
  }

  createPlan(plan: PlanRecord, initialState: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.insertPlan.run(plan.id, plan.title, plan.createdAt)
      this.stmts.insert.run(plan.id, Buffer.from(initialState), digest(initialState))
    })()
  }

  createInvite(invite: InviteRecord): void {
    this.stmts.insertInvite.run({ ...invite, kind: invite.kind ?? 'invite' })
  }

  listApiTokens(): InviteRecord[] {
    return this.stmts.listApiTokens.all() as InviteRecord[]
  }

  upsertUser(user: UserRecord): UserRecord {
    this.stmts.upsertUser.run(user)
    return this.stmts.userBySubject.get(user.issuer, user.subject) as UserRecord
  }

  getUser(id: string): UserRecord | null {
    return (this.stmts.getUser.get(id) as UserRecord | undefined) ?? null
  }

  findUsersByEmail(email: string): UserRecord[] {
    return this.stmts.usersByEmail.all(email) as UserRecord[]
  }

  getMember(user: string, plan: string): MemberRecord | null {
    return (this.stmts.getMember.get(user, plan) as MemberRecord | undefined) ?? null
  }

  listMembers(plan: string): Array<MemberRecord & { name: string; email: string | null }> {
    return this.stmts.listMembers.all(plan) as Array<MemberRecord & { name: string; email: string | null }>
  }

  putMember(member: MemberRecord): void {
    this.stmts.putMember.run(member)
  }

  removeMember(user: string, plan: string): boolean {
    return this.stmts.removeMember.run(user, plan).changes > 0
  }

  getInvite(id: string): InviteRecord | null {
    return (this.stmts.getInvite.get(id) as InviteRecord | undefined) ?? null
  }

  listInvites(plan: string): InviteRecord[] {
    return this.stmts.listInvites.all(plan) as InviteRecord[]
  }

  revokeInvite(id: string, at: string): boolean {
    return this.stmts.revokeInvite.run(at, id).changes > 0
  }

  invalidInvites(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.stmts.liveInvite.get(id))
  }

  createSession(session: SessionRecord): void {
    this.stmts.insertSession.run(session)
  }

  getLiveSession(id: string): SessionRecord | null {
    return (this.stmts.liveSession.get(id) as SessionRecord | undefined) ?? null
  }

  revokeSession(id: string, at: string): void {
    this.stmts.revokeSession.run(at, id)
  }

  close(): void {
    this.db.close()
  }
}
