// PostgreSQL settings, apart from the store itself: reading the environment
// and naming a database in messages must not load the \`pg\` driver (15 MB of
// RSS) into a server that stores in SQLite.

/** How to reach PostgreSQL. */
export interface PostgresOptions {
  /** A libpq connection string (DATABASE_URL). */
  url: string
  /** A schema to keep every table in (DATABASE_SCHEMA; created if missing); null: the connection's default (public). */
  schema: string | null
  /** Connections in the pool (DATABASE_POOL_SIZE). */
  poolSize: number
  /** Longest wait for a connection before a call fails as unavailable. */
  connectTimeoutMs?: number
  /** Longest one statement may take before the call fails as unavailable (a database that stopped answering mid-commit). */
  queryTimeoutMs?: number
}

/** The defaults of the PostgreSQL options besides the URL. */
export const DEFAULT_POSTGRES_OPTIONS = { schema: null, poolSize: 10, connectTimeoutMs: 5_000, queryTimeoutMs: 15_000 } as const

/** The URL without its password, for messages and logs. */
export const redactedUrl = (url: string): string => url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@')
