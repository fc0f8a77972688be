import pg from 'pg'

// The machine's PostgreSQL for tests and benches: each run works in a schema
// of its own (DATABASE_SCHEMA), made fresh and dropped afterwards, so runs
// never see each other's rows and the database is left as it was.

/** The database tests use: TEST_DATABASE_URL, else the CI machine's (trust auth, database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Throw a clear error when PostgreSQL does not answer at `url` (tests that need it fail with this, never skip). */
export async function requirePostgres(url = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (e) {
    throw new Error(
      `PostgreSQL does not answer at ${url} (${(e as Error).message}). These tests need it: start it (.ci/run does: pg_ctlcluster --skip-systemctl-redirect <version> main start) or set TEST_DATABASE_URL.`
    )
  } finally {
    await client.end().catch(() => {})
  }
}

/** A fresh schema name for one run (lower case, as DATABASE_SCHEMA must be). */
export const freshSchemaName = (prefix: string): string => `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`

/** Drop a schema and everything in it. */
export async function dropSchema(schema: string, url = TEST_DATABASE_URL): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`not a schema name: ${schema}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}

/** Run SQL in `schema` (tests that damage rows on purpose, or read what is stored). */
export async function sqlIn<R extends pg.QueryResultRow = pg.QueryResultRow>(
  schema: string,
  text: string,
  values: unknown[] = [],
  url = TEST_DATABASE_URL
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
  await client.connect()
  try {
    return (await client.query<R>(text, values)).rows
  } finally {
    await client.end()
  }
}
