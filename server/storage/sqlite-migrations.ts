import type Database from 'better-sqlite3'
import { DatabaseNewerError, latestVersion, type Migration } from './migrations'

// The SQLite schema, as numbered steps. Data directories made before
// migrations existed have the tables of step 1 (and maybe the columns of 2
// and 3) but no `schema_migrations`: every step is written to be a no-op on
// what is already there, so such a directory migrates without losing a row.

const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).some((c) => c.name === column)

/** Every SQLite migration, in order. */
export const SQLITE_MIGRATIONS: ReadonlyArray<Migration<Database.Database>> = [
  {
    version: 1,
    name: 'plans, update log, snapshots, invitations, listing, sessions, users, members, authors, conflicts, versions',
    up: (db) =>
      db.exec(`
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
      CREATE TABLE IF NOT EXISTS client_authors (
        room TEXT NOT NULL, client_id INTEGER NOT NULL, name TEXT NOT NULL, sub TEXT, first_seen TEXT NOT NULL, PRIMARY KEY (room, client_id)
      );
      CREATE TABLE IF NOT EXISTS conflicts (
        id TEXT PRIMARY KEY, plan TEXT NOT NULL, node_id TEXT NOT NULL, field TEXT NOT NULL, created TEXT NOT NULL, open INTEGER NOT NULL, data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS conflicts_plan ON conflicts (plan, open);
      CREATE TABLE IF NOT EXISTS versions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, plan TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
        author TEXT NOT NULL, created TEXT NOT NULL, stage TEXT NOT NULL, state BLOB NOT NULL, plan_json TEXT NOT NULL, summary TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS versions_plan ON versions (plan, created, seq);
    `)
  },
  {
    version: 2,
    name: "invitations' last use (invites.last_seen_at)",
    up: (db) => {
      if (!hasColumn(db, 'invites', 'last_seen_at')) db.exec('ALTER TABLE invites ADD COLUMN last_seen_at TEXT')
    }
  },
  {
    version: 3,
    // Personal API tokens are invitation rows of kind 'api' (verified and revoked the same way).
    name: 'personal API tokens (invites.kind)',
    up: (db) => {
      if (!hasColumn(db, 'invites', 'kind')) db.exec("ALTER TABLE invites ADD COLUMN kind TEXT NOT NULL DEFAULT 'invite'")
    }
  },
  {
    version: 4,
    // One automatic version per plan and period, whichever process takes it. Rows
    // already stored keep a null period (never unique), so duplicates that older
    // releases took with several processes stay and cannot fail the index.
    name: 'automatic versions keyed by their period (versions.period, unique per plan)',
    up: (db) => {
      if (!hasColumn(db, 'versions', 'period')) db.exec('ALTER TABLE versions ADD COLUMN period TEXT')
      db.exec('CREATE UNIQUE INDEX IF NOT EXISTS versions_period ON versions (plan, period)')
    }
  }
]

/**
 * Bring a SQLite database to the latest schema, in one transaction (a
 * failed step leaves it as it was). Returns the versions that ran. Throws
 * DatabaseNewerError for a database a newer release migrated.
 */
export function migrateSqlite(db: Database.Database, migrations = SQLITE_MIGRATIONS): number[] {
  const known = latestVersion(migrations)
  return db
    .transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
      const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v
      if (current > known) throw new DatabaseNewerError('sqlite', current, known)
      const ran: number[] = []
      const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      for (const m of migrations.slice(current)) {
        m.up(db)
        record.run(m.version, m.name, new Date().toISOString())
        ran.push(m.version)
      }
      return ran
    })
    .immediate()
}
