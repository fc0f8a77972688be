import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CorruptRoomError, type InviteRecord, type PlanListing, type PlanListingMeta, type PlanRecord, type PlanTouch, type SessionRecord, type Store, type StoredRoom } from './store'

// SQLite in WAL mode with synchronous=FULL: a commit is on disk before
// appendUpdates returns, so an update is durable before anyone is told of it.
// Every row carries a checksum; a row that fails it makes its room refuse to
// load (never served empty, never overwritten by a compaction).

const digest = (data: Uint8Array): string => createHash('sha1').update(data).digest('base64')

// A plan created before plan_listing existed has no row there until its first change: defaults fill in.
const PLAN_COLUMNS = `p.id, p.title, p.created_at AS createdAt, COALESCE(l.municipality, '') AS municipality, COALESCE(l.period, '') AS period,
  COALESCE(l.status, 'draft') AS status, l.changed_at AS changedAt, l.changed_by AS changedBy, l.deleted_at AS deletedAt
  FROM plans p LEFT JOIN plan_listing l ON l.id = p.id`

const INVITE_COLUMNS = 'id, plan, role, grp AS "group", name, created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, revoked_at AS revokedAt'

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
      CREATE TABLE IF NOT EXISTS plan_listing (
        id TEXT PRIMARY KEY, municipality TEXT NOT NULL, period TEXT NOT NULL, status TEXT NOT NULL,
        changed_at TEXT, changed_by TEXT, deleted_at TEXT
      );
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY, invite_id TEXT, claims TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
      );
    `)
    this.stmts = {
      snapshot: this.db.prepare('SELECT data, sum, upto FROM snapshots WHERE room = ?'),
      updates: this.db.prepare('SELECT id, data, sum FROM updates WHERE room = ? AND id > ? ORDER BY id'),
      insert: this.db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)'),
      upsertSnapshot: this.db.prepare('INSERT INTO snapshots (room, data, sum, upto) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto'),
      deleteUpto: this.db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?'),
      countPending: this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?'),
      listPlans: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at IS NULL ORDER BY p.created_at`),
      getPlan: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE p.id = ?`),
      listDeleted: this.db.prepare(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at >= ? ORDER BY l.deleted_at DESC`),
      insertPlan: this.db.prepare('INSERT INTO plans (id, title, created_at) VALUES (?, ?, ?)'),
      insertListing: this.db.prepare('INSERT INTO plan_listing (id, municipality, period, status) VALUES (@id, @municipality, @period, @status)'),
      setTitle: this.db.prepare('UPDATE plans SET title = ? WHERE id = ? AND title <> ?'),
      touchListing: this.db.prepare(`INSERT INTO plan_listing (id, municipality, period, status, changed_at, changed_by) VALUES (@id, @municipality, @period, @status, @changedAt, @changedBy)
        ON CONFLICT(id) DO UPDATE SET municipality = excluded.municipality, period = excluded.period, status = excluded.status,
        changed_at = excluded.changed_at, changed_by = COALESCE(excluded.changed_by, plan_listing.changed_by)`),
      setDeleted: this.db.prepare(`INSERT INTO plan_listing (id, municipality, period, status, deleted_at) VALUES (?, '', '', 'draft', ?)
        ON CONFLICT(id) DO UPDATE SET deleted_at = excluded.deleted_at`),
      insertInvite: this.db.prepare('INSERT INTO invites (id, plan, role, grp, name, created_by, created_at, expires_at, revoked_at) VALUES (@id, @plan, @role, @group, @name, @createdBy, @createdAt, @expiresAt, @revokedAt)'),
      getInvite: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = ?`),
      listInvites: this.db.prepare(`SELECT ${INVITE_COLUMNS} FROM invites WHERE plan = ? ORDER BY created_at DESC`),
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

  appendUpdates(batch: ReadonlyArray<{ room: string; update: Uint8Array }>, touches: readonly PlanTouch[] = []): Map<string, number> {
    const last = new Map<string, number>()
    this.db.transaction(() => {
      for (const { room, update } of batch) {
        const r = this.stmts.insert.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength), digest(update))
        last.set(room, Number(r.lastInsertRowid))
      }
      // In the same transaction: the list never shows a change that was not stored, and costs no extra fsync.
      for (const t of touches) this.writeTouch(t)
    })()
    return last
  }

  private writeTouch(t: PlanTouch): void {
    this.stmts.setTitle.run(t.title, t.id, t.title)
    this.stmts.touchListing.run({ id: t.id, municipality: t.municipality, period: t.period, status: t.status, changedAt: t.changedAt, changedBy: t.changedBy })
  }

  touchPlan(touch: PlanTouch): void {
    this.db.transaction(() => this.writeTouch(touch))()
  }

  setPlanDeleted(id: string, at: string | null): boolean {
    if (!this.stmts.getPlan.get(id)) return false
    this.stmts.setDeleted.run(id, at)
    return true
  }

  listDeletedPlans(since: string): PlanListing[] {
    return this.stmts.listDeleted.all(since) as PlanListing[]
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

  listPlans(): PlanListing[] {
    return this.stmts.listPlans.all() as PlanListing[]
  }

  getPlan(id: string): PlanListing | null {
    return (this.stmts.getPlan.get(id) as PlanListing | undefined) ?? null
  }

  createPlan(plan: PlanRecord, initialState: Uint8Array, meta?: PlanListingMeta): void {
    this.db.transaction(() => {
      this.stmts.insertPlan.run(plan.id, plan.title, plan.createdAt)
      if (meta) this.stmts.insertListing.run({ id: plan.id, municipality: meta.municipality, period: meta.period, status: meta.status })
      this.stmts.insert.run(plan.id, Buffer.from(initialState), digest(initialState))
    })()
  }

  createInvite(invite: InviteRecord): void {
    this.stmts.insertInvite.run(invite)
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
