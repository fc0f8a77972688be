// Versioned schema migrations, shared by both engines: each engine keeps its
// numbered list (sqlite-migrations.ts, postgres-migrations.ts) and a
// `schema_migrations` table saying which ran. At start the missing ones run
// in one transaction, in order; a database that records a migration this
// code does not know was written by a newer release, and the server refuses
// to start on it rather than write rows that release would misread.

/** One numbered step of a schema. */
export interface Migration<Db, R = void> {
  version: number
  name: string
  up(db: Db): R
}

/** Raised at start when the database was migrated by a newer release than this code. */
export class DatabaseNewerError extends Error {
  constructor(
    readonly engine: 'sqlite' | 'postgres',
    readonly found: number,
    readonly known: number
  ) {
    super(
      `The ${engine} database is at schema version ${found}, but this release knows only up to ${known}: it was written by a newer Fællesplan. Start that release (or a newer one) instead; this one will not touch the data.`
    )
  }
}

/** The highest version of a migration list (they are numbered 1, 2, 3 … without gaps). */
export function latestVersion(migrations: ReadonlyArray<{ version: number }>): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new RangeError(`migration ${i + 1} is numbered ${m.version}`)
  })
  return migrations.length
}
