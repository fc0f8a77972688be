import type pg from 'pg'
import { DatabaseNewerError, latestVersion, type Migration } from './migrations'

// The PostgreSQL schema, as numbered steps (see migrations.ts). Times are
// ISO text as in SQLite, so both engines order and compare them alike; row
// bytes are bytea with the same SHA-1 checksums. `seq` columns keep "oldest
// first" and "newest first" stable for rows made in the same millisecond, as
// SQLite's row ids do.

/** Every PostgreSQL migration, in order. */
export const POSTGRES_MIGRATIONS: ReadonlyArray<Migration<pg.ClientBase, Promise<unknown>>> = [
  {
    version: 1,
    name: 'plans, update log, snapshots, invitations, listing, sessions, users, members, authors, conflicts, versions',
    up: (db) =>
      db.query(`
      CREATE TABLE plans (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, seq BIGSERIAL NOT NULL);
      CREATE TABLE updates (id BIGSERIAL PRIMARY KEY, room TEXT NOT NULL, data BYTEA NOT NULL, sum TEXT NOT NULL);
      CREATE INDEX updates_room ON updates (room, id);
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, data BYTEA NOT NULL, sum TEXT NOT NULL, upto BIGINT NOT NULL);
      CREATE TABLE invites (
        id TEXT PRIMARY KEY, plan TEXT NOT NULL, role TEXT NOT NULL, grp TEXT NOT NULL, name TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT,
        last_seen_at TEXT, kind TEXT NOT NULL DEFAULT 'invite', seq BIGSERIAL NOT NULL
      );
      CREATE INDEX invites_plan ON invites (plan, created_at);
      CREATE TABLE plan_listing (
        id TEXT PRIMARY KEY, municipality TEXT NOT NULL, period TEXT NOT NULL, status TEXT NOT NULL,
        changed_at TEXT, changed_by TEXT, deleted_at TEXT
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY, invite_id TEXT, claims TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY, issuer TEXT NOT NULL, subject TEXT NOT NULL, email TEXT, name TEXT NOT NULL,
        created_at TEXT NOT NULL, last_login_at TEXT NOT NULL, UNIQUE (issuer, subject)
      );
      CREATE INDEX users_email ON users (lower(email));
      CREATE TABLE members (
        user_id TEXT NOT NULL, plan TEXT NOT NULL, role TEXT NOT NULL, grp TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (user_id, plan)
      );
      CREATE INDEX members_plan ON members (plan);
      CREATE TABLE client_authors (
        room TEXT NOT NULL, client_id BIGINT NOT NULL, name TEXT NOT NULL, sub TEXT, first_seen TEXT NOT NULL, PRIMARY KEY (room, client_id)
      );
      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY, plan TEXT NOT NULL, node_id TEXT NOT NULL, field TEXT NOT NULL, created TEXT NOT NULL, open INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX conflicts_plan ON conflicts (plan, open);
      CREATE TABLE versions (
        seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, plan TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        author TEXT NOT NULL, created TEXT NOT NULL, stage TEXT NOT NULL, state BYTEA NOT NULL, plan_json TEXT NOT NULL, summary TEXT NOT NULL
      );
      CREATE INDEX versions_plan ON versions (plan, created, seq);
    `)
  },
  {
    version: 2,
    // As SQLite's step 4: existing rows keep a null period, which is never unique, so old duplicates stay.
    name: 'automatic versions keyed by their period (versions.period, unique per plan)',
    up: (db) =>
      db.query(`
      ALTER TABLE versions ADD COLUMN IF NOT EXISTS period TEXT;
      CREATE UNIQUE INDEX IF NOT EXISTS versions_period ON versions (plan, period);
    `)
  }
]

/** A PostgreSQL schema name we accept (it is written into SQL, so nothing else may pass). */
export const isSchemaName = (name: string): boolean => /^[a-z_][a-z0-9_]{0,62}$/.test(name)

/**
 * Create `schema` if needed and bring it to the latest version, in one
 * transaction under an advisory lock (two servers starting at once migrate
 * one after the other). Returns the versions that ran. Throws
 * DatabaseNewerError for a schema a newer release migrated.
 */
export async function migratePostgres(db: pg.ClientBase, schema: string | null, migrations = POSTGRES_MIGRATIONS): Promise<number[]> {
  const known = latestVersion(migrations)
  await db.query('BEGIN')
  try {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('faellesplan-migrations:' || $1))", [schema ?? ''])
    if (schema !== null) await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
    const current = Number((await db.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')).rows[0]!.v)
    if (current > known) throw new DatabaseNewerError('postgres', current, known)
    const ran: number[] = []
    for (const m of migrations.slice(current)) {
      await m.up(db)
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()])
      ran.push(m.version)
    }
    await db.query('COMMIT')
    return ran
  } catch (e) {
    await db.query('ROLLBACK').catch(() => {})
    throw e
  }
}
