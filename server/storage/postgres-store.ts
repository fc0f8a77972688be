import pg from 'pg'
import { DEFAULT_POSTGRES_OPTIONS, redactedUrl, type PostgresOptions } from './postgres-options'
import { sortConflicts, type Conflict } from '../../schema'
import { mergeConflict } from '../conflicts/conflict-merge'
import type { VersionInfo } from '../../schema/history'
import { versionInfo, type VersionRow } from './version-rows'
import { log } from '../log'
import { isSchemaName, migratePostgres } from './postgres-migrations'
import { checkRoomRows, digest, rowsNeeded } from './room-rows'
import {
  StorageUnavailableError,
  type ClientAuthor,
  type CommitRows,
  type InviteChange,
  type InviteRecord,
  type MemberRecord,
  type OfflineCompaction,
  type PlanListing,
  type PlanListingMeta,
  type PlanRecord,
  type PlanTouch,
  type SessionRecord,
  type Store,
  type StoredRange,
  type StoredRoom,
  type StoredRoomSize,
  type UserRecord,
  type VersionRecord
} from './store'

// PostgreSQL behind the same contract as SQLite, for production and for
// several server processes sharing one store. A group commit is one
// transaction (synchronous_commit stays on: COMMIT returns once the WAL is
// flushed), so an update is durable before appendUpdates resolves. Rows carry
// the same checksums; a room is read in one REPEATABLE READ transaction so a
// compaction in between cannot make rows vanish from the read.
//
// When PostgreSQL cannot be reached, calls fail with StorageUnavailableError
// (after at most `connectTimeoutMs` to get a connection and `queryTimeoutMs`
// per statement): writes are refused, never acknowledged, and the pool
// reconnects by itself once the database answers again.

// A plan created before its listing row existed reads its defaults, as in SQLite.
const PLAN_COLUMNS = `p.id, p.title, p.created_at AS "createdAt", COALESCE(l.municipality, '') AS municipality, COALESCE(l.period, '') AS period,
  COALESCE(l.status, 'draft') AS status, l.changed_at AS "changedAt", l.changed_by AS "changedBy", l.deleted_at AS "deletedAt"
  FROM plans p LEFT JOIN plan_listing l ON l.id = p.id`
const INVITE_COLUMNS = `id, plan, role, grp AS "group", name, created_by AS "createdBy", created_at AS "createdAt", expires_at AS "expiresAt",
  revoked_at AS "revokedAt", last_seen_at AS "lastSeenAt", kind`
const USER_COLUMNS = 'id, issuer, subject, email, name, created_at AS "createdAt", last_login_at AS "lastLoginAt"'
const MEMBER_COLUMNS = 'm.user_id AS "user", m.plan, m.role, m.grp AS "group", m.created_by AS "createdBy", m.created_at AS "createdAt"'
const AUTHOR_COLUMNS = 'room, client_id AS "clientId", name, sub, first_seen AS "firstSeen"'
const VERSION_COLUMNS = 'id, name, kind, author, created, stage, summary'

const bytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

// Errors that say the database could not be reached or went away (libpq class 08, shutdown 57P0x), not that a statement was wrong.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03'])
const isUnavailable = (e: unknown): boolean => {
  const code = (e as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  return /timeout|terminated|Connection ended|not queryable|connection.*(closed|lost)/i.test((e as Error).message ?? '')
}

const watched = new WeakSet<pg.ClientBase>()
/**
 * A connection that breaks while checked out of the pool emits 'error' with
 * no pool listener to take it, and an unheard 'error' ends the process. The
 * statement running on it fails too, and that is what the caller sees.
 */
function watchErrors(client: pg.ClientBase): void {
  if (watched.has(client)) return
  watched.add(client)
  client.on('error', (e: Error) => log('warn', 'postgres-connection-lost', { error: e.message }))
}

/** PostgreSQL storage: the same contract as SqliteStore. Open it with `PostgresStore.open`. */
export class PostgresStore implements Store {
  readonly engine = 'postgres' as const

  private constructor(
    private readonly pool: pg.Pool,
    /** Whether opening created the tables (the first start). */
    readonly created: boolean,
    /** The schema the tables are in (null: the connection's default). */
    readonly schema: string | null
  ) {}

  /**
   * Connect, create the schema if missing and run the migrations. Throws
   * StorageUnavailableError with a clear message when PostgreSQL does not
   * answer, DatabaseNewerError for a database a newer release migrated.
   */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const o = { ...DEFAULT_POSTGRES_OPTIONS, ...options }
    if (o.schema !== null && !isSchemaName(o.schema)) throw new RangeError(`DATABASE_SCHEMA must be a plain lower-case name (a-z, 0-9, _), not "${o.schema}"`)
    const pool = new pg.Pool({
      connectionString: o.url,
      max: o.poolSize,
      connectionTimeoutMillis: o.connectTimeoutMs,
      query_timeout: o.queryTimeoutMs,
      ...(o.schema !== null ? { options: `-c search_path=${o.schema}` } : {})
    })
    // An idle connection that breaks (the database restarts) is dropped from the pool; without a listener it would end the process.
    pool.on('error', (e) => log('warn', 'postgres-connection-lost', { error: e.message }))
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (e) {
      await pool.end().catch(() => {})
      throw new StorageUnavailableError(`PostgreSQL at ${redactedUrl(o.url)} does not answer (${(e as Error).message})`)
    }
    watchErrors(client)
    try {
      const ran = await migratePostgres(client, o.schema)
      client.release()
      return new PostgresStore(pool, ran.includes(1), o.schema)
    } catch (e) {
      client.release(true)
      await pool.end().catch(() => {})
      throw e
    }
  }

  /** Run `fn` in one transaction on one connection; a broken connection is not given back to the pool. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const c = await this.connect()
    try {
      await c.query(begin)
      const result = await fn(c)
      await c.query('COMMIT')
      c.release()
      return result
    } catch (e) {
      let broken = isUnavailable(e)
      if (!broken) await c.query('ROLLBACK').catch(() => (broken = true))
      c.release(broken)
      throw this.wrap(e)
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (e) {
      throw this.wrap(e)
    }
    watchErrors(client)
    return client
  }

  /** One statement outside a transaction. */
  private async q<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows
    } catch (e) {
      throw this.wrap(e)
    }
  }

  private wrap(e: unknown): Error {
    return isUnavailable(e) && !(e instanceof StorageUnavailableError) ? new StorageUnavailableError((e as Error).message) : (e as Error)
  }

  async loadRoom(room: string): Promise<StoredRoom> {
    return this.tx((c) => this.readRoom(c, room), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  }

  async loadUpdatesSince(room: string, afterId: number): Promise<StoredRoom> {
    return this.tx((c) => this.readRoom(c, room, afterId), 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  }

  /** COMMIT returned after PostgreSQL flushed its WAL: what appendUpdates stored is on disk already. */
  onDisk(): Promise<void> {
    return Promise.resolve()
  }

  async appendUpdates(
    batch: ReadonlyArray<{ room: string; update: Uint8Array }>,
    touches: readonly PlanTouch[] = [],
    rows?: CommitRows
  ): Promise<Map<string, StoredRange>> {
    return this.tx(async (c) => {
      const ranges = new Map<string, StoredRange>()
      if (batch.length) {
        const rooms = [...new Set(batch.map((b) => b.room))]
        // Held until COMMIT: another process appending to one of these rooms
        // waits, so a room's row ids follow the order its commits became
        // visible (ids are drawn from a sequence at insert time; without the
        // lock a later id could commit first, and a reader that saw it would
        // skip the earlier one for good), and prevId below is exact.
        await this.lockRooms(c, rooms)
        // After the locks, in a statement of its own: READ COMMITTED sees every commit of a previous holder.
        const prev = await c.query<{ room: string; prev: string }>(
          `SELECT r.room, GREATEST(COALESCE((SELECT MAX(u.id) FROM updates u WHERE u.room = r.room), 0),
                                   COALESCE((SELECT s.upto FROM snapshots s WHERE s.room = r.room), 0)) AS prev
           FROM unnest($1::text[]) AS r(room)`,
          [rooms]
        )
        const prevOf = new Map(prev.rows.map((r) => [r.room, Number(r.prev)]))
        // One statement for the whole batch; ids follow the batch's order (WITH ORDINALITY), so a room's rows keep their order.
        const inserted = await c.query<{ id: string; room: string }>(
          `INSERT INTO updates (room, data, sum)
           SELECT room, data, sum FROM unnest($1::text[], $2::bytea[], $3::text[]) WITH ORDINALITY AS u(room, data, sum, n) ORDER BY n
           RETURNING id, room`,
          [batch.map((b) => b.room), batch.map((b) => bytes(b.update)), batch.map((b) => digest(b.update))]
        )
        for (const r of inserted.rows) {
          const lastId = Math.max(ranges.get(r.room)?.lastId ?? 0, Number(r.id))
          ranges.set(r.room, { prevId: prevOf.get(r.room) ?? 0, lastId })
        }
      }
      // In the same transaction: the list never shows a change that was not stored.
      for (const t of touches) await this.writeTouch(c, t)
      const authors = rows?.authors ?? []
      if (authors.length) {
        // The first connection to send a client id names it; a later relay of the same items does not rename it.
        await c.query(
          `INSERT INTO client_authors (room, client_id, name, sub, first_seen)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT (room, client_id) DO NOTHING`,
          [authors.map((a) => a.room), authors.map((a) => a.clientId), authors.map((a) => a.name), authors.map((a) => a.sub), authors.map((a) => a.firstSeen)]
        )
      }
      // In id order: two commits writing the same conflicts lock their rows in one order.
      for (const conflict of [...(rows?.conflicts ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) await this.writeConflict(c, conflict)
      return ranges
    })
  }

  /**
   * Write over the stored row by the merge rules (server/conflicts/conflict-merge.ts):
   * names and lost writes united, a resolution kept. The row is inserted if
   * missing (waiting for another transaction inserting the same id), then
   * locked and merged, so two processes writing one conflict both count.
   */
  private async writeConflict(c: pg.ClientBase, incoming: Conflict, depth = 0): Promise<void> {
    const x = incoming
    await c.query(`INSERT INTO conflicts (id, plan, node_id, field, created, open, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`, [
      x.id,
      x.plan,
      x.nodeId,
      x.field,
      x.created,
      x.resolved === null ? 1 : 0,
      JSON.stringify(x)
    ])
    const { rows } = await c.query<{ data: string }>('SELECT data FROM conflicts WHERE id = $1 FOR UPDATE', [x.id])
    const [merged, split] = mergeConflict(rows[0] ? (JSON.parse(rows[0].data) as Conflict) : null, incoming)
    await c.query('UPDATE conflicts SET open = $2, data = $3 WHERE id = $1', [x.id, merged!.resolved === null ? 1 : 0, JSON.stringify(merged)])
    // A split-off record merges with its own stored row; bounded, since each level holds fewer writes.
    if (split && depth < 4) await this.writeConflict(c, split, depth + 1)
  }

  private async writeTouch(c: pg.ClientBase, t: PlanTouch): Promise<void> {
    await c.query('UPDATE plans SET title = $1 WHERE id = $2 AND title <> $1', [t.title, t.id])
    await c.query(
      `INSERT INTO plan_listing (id, municipality, period, status, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET municipality = excluded.municipality, period = excluded.period, status = excluded.status,
       changed_at = excluded.changed_at, changed_by = COALESCE(excluded.changed_by, plan_listing.changed_by)`,
      [t.id, t.municipality, t.period, t.status, t.changedAt, t.changedBy]
    )
  }

  async clientAuthor(room: string, clientId: number): Promise<ClientAuthor | null> {
    const [row] = await this.q<ClientAuthor>(`SELECT ${AUTHOR_COLUMNS} FROM client_authors WHERE room = $1 AND client_id = $2`, [room, clientId])
    return row ? { ...row, clientId: Number(row.clientId) } : null
  }

  async listClientAuthors(room: string): Promise<ClientAuthor[]> {
    const rows = await this.q<ClientAuthor>(`SELECT ${AUTHOR_COLUMNS} FROM client_authors WHERE room = $1`, [room])
    return rows.map((r) => ({ ...r, clientId: Number(r.clientId) }))
  }

  async listConflicts(plan: string, all = false): Promise<Conflict[]> {
    const rows = await this.q<{ data: string }>(`SELECT data FROM conflicts WHERE plan = $1${all ? '' : ' AND open = 1'}`, [plan])
    return sortConflicts(rows.map((r) => JSON.parse(r.data) as Conflict))
  }

  async getConflict(plan: string, id: string): Promise<Conflict | null> {
    const [row] = await this.q<{ data: string }>('SELECT data FROM conflicts WHERE plan = $1 AND id = $2', [plan, id])
    return row ? (JSON.parse(row.data) as Conflict) : null
  }

  async putConflict(conflict: Conflict): Promise<void> {
    await this.tx((c) => this.writeConflict(c, conflict))
  }

  async compact(room: string, state: Uint8Array, uptoId: number): Promise<void> {
    await this.tx(async (c) => {
      await this.lockRooms(c, [room])
      // Only forward: a state compacted up to an earlier row than the stored one may lack rows that compaction deleted.
      const advanced = await c.query(
        `INSERT INTO snapshots (room, data, sum, upto) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto WHERE excluded.upto > snapshots.upto`,
        [room, bytes(state), digest(state), uptoId]
      )
      if ((advanced.rowCount ?? 0) > 0) await c.query('DELETE FROM updates WHERE room = $1 AND id <= $2', [room, uptoId])
    })
  }

  /**
   * Lock rooms until the transaction ends: appends and compactions of one
   * room (from any process, and `npm run rooms -- --compact`) take turns.
   * Taken in the order of their keys, whatever the order of `rooms`, so two
   * transactions locking overlapping sets never wait on each other in a
   * circle (ORDER BY runs before the volatile lock calls are evaluated).
   */
  private async lockRooms(c: pg.ClientBase, rooms: readonly string[]): Promise<void> {
    await c.query(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext('faellesplan-room:' || r)::bigint AS k FROM unnest($1::text[]) AS r) keys ORDER BY k`,
      [rooms]
    )
  }

  async roomSizes(): Promise<StoredRoomSize[]> {
    const rows = await this.q<{ room: string; snapshotBytes: string; logBytes: string; rows: string }>(`
      SELECT room, SUM(snapshot_bytes) AS "snapshotBytes", SUM(log_bytes) AS "logBytes", SUM(n) AS rows FROM (
        SELECT room, octet_length(data)::bigint AS snapshot_bytes, 0::bigint AS log_bytes, 0::bigint AS n FROM snapshots
        UNION ALL SELECT room, 0, SUM(octet_length(data))::bigint, COUNT(*) FROM updates GROUP BY room
      ) s GROUP BY room ORDER BY room COLLATE "C"`)
    return rows.map((r) => ({ room: r.room, snapshotBytes: Number(r.snapshotBytes), logBytes: Number(r.logBytes), rows: Number(r.rows) }))
  }

  async compactOffline(room: string, merge: (stored: StoredRoom) => Uint8Array): Promise<OfflineCompaction> {
    const read = await this.tx(async (c) => {
      const mark = (await c.query<{ sum: string; upto: string }>('SELECT sum, upto FROM snapshots WHERE room = $1', [room])).rows[0]
      return { mark, stored: await this.readRoom(c, room) }
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    if (read.stored.updates.length === 0) return 'nothing-to-do'
    const state = merge(read.stored)
    return this.tx(async (c): Promise<OfflineCompaction> => {
      await this.lockRooms(c, [room])
      const now = (await c.query<{ sum: string; upto: string }>('SELECT sum, upto FROM snapshots WHERE room = $1', [room])).rows[0]
      if (now?.upto !== read.mark?.upto || now?.sum !== read.mark?.sum) return 'changed-meanwhile'
      await c.query(
        'INSERT INTO snapshots (room, data, sum, upto) VALUES ($1, $2, $3, $4) ON CONFLICT (room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto',
        [room, bytes(state), digest(state), read.stored.lastId]
      )
      await c.query('DELETE FROM updates WHERE room = $1 AND id <= $2', [room, read.stored.lastId])
      return 'compacted'
    })
  }

  /** The room's rows (after `afterId`: see rowsNeeded), checksums checked. */
  private async readRoom(c: pg.ClientBase, room: string, afterId = 0): Promise<StoredRoom> {
    const found = (await c.query<{ data: Buffer; sum: string; upto: string }>('SELECT data, sum, upto FROM snapshots WHERE room = $1', [room])).rows[0]
    const { snap, fromId } = rowsNeeded(found ? { data: found.data, sum: found.sum, upto: Number(found.upto) } : undefined, afterId)
    const rows = (
      await c.query<{ id: string; data: Buffer; sum: string }>('SELECT id, data, sum FROM updates WHERE room = $1 AND id > $2 ORDER BY id', [room, fromId])
    ).rows
    return checkRoomRows(
      room,
      snap,
      rows.map((r) => ({ id: Number(r.id), data: r.data, sum: r.sum })),
      fromId
    )
  }

  async listPlans(): Promise<PlanListing[]> {
    return this.q<PlanListing>(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at IS NULL ORDER BY p.created_at, p.seq`)
  }

  async getPlan(id: string): Promise<PlanListing | null> {
    return (await this.q<PlanListing>(`SELECT ${PLAN_COLUMNS} WHERE p.id = $1`, [id]))[0] ?? null
  }

  async createPlan(plan: PlanRecord, initialState: Uint8Array, meta?: PlanListingMeta): Promise<void> {
    await this.tx(async (c) => {
      await c.query('INSERT INTO plans (id, title, created_at) VALUES ($1, $2, $3)', [plan.id, plan.title, plan.createdAt])
      if (meta)
        await c.query('INSERT INTO plan_listing (id, municipality, period, status) VALUES ($1, $2, $3, $4)', [
          plan.id,
          meta.municipality,
          meta.period,
          meta.status
        ])
      await c.query('INSERT INTO updates (room, data, sum) VALUES ($1, $2, $3)', [plan.id, bytes(initialState), digest(initialState)])
    })
  }

  async touchPlan(touch: PlanTouch): Promise<void> {
    await this.tx((c) => this.writeTouch(c, touch))
  }

  async setPlanDeleted(id: string, at: string | null): Promise<boolean> {
    return this.tx(async (c) => {
      if ((await c.query('SELECT 1 FROM plans WHERE id = $1', [id])).rowCount === 0) return false
      await c.query(
        `INSERT INTO plan_listing (id, municipality, period, status, deleted_at) VALUES ($1, '', '', 'draft', $2)
         ON CONFLICT (id) DO UPDATE SET deleted_at = excluded.deleted_at`,
        [id, at]
      )
      return true
    })
  }

  async listDeletedPlans(since: string): Promise<PlanListing[]> {
    return this.q<PlanListing>(`SELECT ${PLAN_COLUMNS} WHERE l.deleted_at >= $1 ORDER BY l.deleted_at DESC`, [since])
  }

  async createInvite(i: InviteRecord): Promise<void> {
    await this.q(
      `INSERT INTO invites (id, plan, role, grp, name, created_by, created_at, expires_at, revoked_at, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [i.id, i.plan, i.role, i.group, i.name, i.createdBy, i.createdAt, i.expiresAt, i.revokedAt, i.kind ?? 'invite']
    )
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    return (await this.q<InviteRecord>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = $1`, [id]))[0] ?? null
  }

  async listInvites(plan: string): Promise<InviteRecord[]> {
    return this.q<InviteRecord>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE plan = $1 AND kind = 'invite' ORDER BY created_at DESC, seq DESC`, [plan])
  }

  async revokeInvite(id: string, at: string): Promise<boolean> {
    try {
      return ((await this.pool.query('UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount ?? 0) > 0
    } catch (e) {
      throw this.wrap(e)
    }
  }

  async changeInvite(id: string, change: InviteChange): Promise<InviteRecord | null> {
    const rows = await this.q<InviteRecord>(
      `UPDATE invites SET role = coalesce($2, role), grp = coalesce($3, grp) WHERE id = $1 AND revoked_at IS NULL RETURNING ${INVITE_COLUMNS}`,
      [id, change.role ?? null, change.group ?? null]
    )
    return rows[0] ?? null
  }

  async inviteSeen(id: string, at: string): Promise<void> {
    await this.q('UPDATE invites SET last_seen_at = $1 WHERE id = $2', [at, id])
  }

  async invalidInvites(ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return []
    const live = new Set((await this.q<{ id: string }>('SELECT id FROM invites WHERE id = ANY($1::text[]) AND revoked_at IS NULL', [ids])).map((r) => r.id))
    return ids.filter((id) => !live.has(id))
  }

  async listApiTokens(): Promise<InviteRecord[]> {
    return this.q<InviteRecord>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE kind = 'api' ORDER BY created_at DESC, seq DESC`)
  }

  async upsertUser(u: UserRecord): Promise<UserRecord> {
    const [row] = await this.q<UserRecord>(
      `INSERT INTO users (id, issuer, subject, email, name, created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, name = excluded.name, last_login_at = excluded.last_login_at
       RETURNING ${USER_COLUMNS}`,
      [u.id, u.issuer, u.subject, u.email, u.name, u.createdAt, u.lastLoginAt]
    )
    return row!
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return (await this.q<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]))[0] ?? null
  }

  async findUsersByEmail(email: string): Promise<UserRecord[]> {
    return this.q<UserRecord>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1) ORDER BY last_login_at DESC`, [email])
  }

  async getMember(user: string, plan: string): Promise<MemberRecord | null> {
    return (await this.q<MemberRecord>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.user_id = $1 AND m.plan = $2`, [user, plan]))[0] ?? null
  }

  async listMembers(plan: string): Promise<Array<MemberRecord & { name: string; email: string | null }>> {
    // COLLATE "C": the byte order SQLite sorts names in, whatever the database's locale.
    return this.q(`SELECT ${MEMBER_COLUMNS}, u.name, u.email FROM members m JOIN users u ON u.id = m.user_id WHERE m.plan = $1 ORDER BY u.name COLLATE "C"`, [
      plan
    ])
  }

  async putMember(m: MemberRecord): Promise<void> {
    await this.q(
      `INSERT INTO members (user_id, plan, role, grp, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, plan) DO UPDATE SET role = excluded.role, grp = excluded.grp`,
      [m.user, m.plan, m.role, m.group, m.createdBy, m.createdAt]
    )
  }

  async removeMember(user: string, plan: string): Promise<boolean> {
    return (await this.q<{ user_id: string }>('DELETE FROM members WHERE user_id = $1 AND plan = $2 RETURNING user_id', [user, plan])).length > 0
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.q('INSERT INTO sessions (id, invite_id, claims, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      s.id,
      s.inviteId,
      s.claims,
      s.createdAt,
      s.expiresAt,
      s.revokedAt
    ])
  }

  async getLiveSession(id: string): Promise<SessionRecord | null> {
    const rows = await this.q<SessionRecord>(
      `SELECT s.id, s.invite_id AS "inviteId", s.claims, s.created_at AS "createdAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt"
       FROM sessions s LEFT JOIN invites i ON i.id = s.invite_id
       WHERE s.id = $1 AND s.revoked_at IS NULL AND (s.invite_id IS NULL OR (i.id IS NOT NULL AND i.revoked_at IS NULL))`,
      [id]
    )
    return rows[0] ?? null
  }

  async revokeSession(id: string, at: string): Promise<void> {
    await this.q('UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])
  }

  async addVersion(v: VersionRecord): Promise<boolean> {
    const inserted = await this.q(
      `INSERT INTO versions (id, plan, name, kind, author, created, stage, state, plan_json, summary, period) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (plan, period) DO NOTHING RETURNING 1`,
      [v.id, v.plan, v.name, v.kind, v.author, v.created, v.stage, bytes(v.state), v.planJson, JSON.stringify(v.summary), v.period ?? null]
    )
    return inserted.length === 1
  }

  async listVersions(plan: string): Promise<VersionInfo[]> {
    return (await this.q<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE plan = $1 ORDER BY created DESC, seq DESC`, [plan])).map(versionInfo)
  }

  async getVersionInfo(plan: string, id: string): Promise<VersionInfo | null> {
    const [row] = await this.q<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM versions WHERE plan = $1 AND id = $2`, [plan, id])
    return row ? versionInfo(row) : null
  }

  async getVersionPlanJson(plan: string, id: string): Promise<string | null> {
    return (await this.q<{ planJson: string }>('SELECT plan_json AS "planJson" FROM versions WHERE plan = $1 AND id = $2', [plan, id]))[0]?.planJson ?? null
  }

  async getVersion(plan: string, id: string): Promise<VersionRecord | null> {
    const [row] = await this.q<VersionRow & { plan: string; state: Buffer; planJson: string }>(
      `SELECT ${VERSION_COLUMNS}, plan, state, plan_json AS "planJson" FROM versions WHERE plan = $1 AND id = $2`,
      [plan, id]
    )
    return row ? { ...versionInfo(row), plan: row.plan, state: new Uint8Array(row.state), planJson: row.planJson } : null
  }

  async deleteVersions(plan: string, ids: readonly string[]): Promise<void> {
    if (ids.length) await this.q('DELETE FROM versions WHERE plan = $1 AND id = ANY($2::text[])', [plan, ids])
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}

export { DEFAULT_POSTGRES_OPTIONS, redactedUrl, type PostgresOptions }
