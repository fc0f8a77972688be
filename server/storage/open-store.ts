import { resolve } from 'node:path'
import { DEFAULT_POSTGRES_OPTIONS, type PostgresOptions } from './postgres-options'
import { SqliteStore } from './sqlite-store'
import type { Store } from './store'

// Which engine a server (or a command) stores in: SQLite under DATA_DIR by
// default, PostgreSQL with STORAGE=postgres and DATABASE_URL.

/** Where the store lives. */
export type StorageConfig = { engine: 'sqlite'; dataDir: string; synchronous: 'FULL' | 'NORMAL' } | ({ engine: 'postgres' } & PostgresOptions)

/** The storage a process is configured for by its environment (README: STORAGE, DATABASE_URL, DATABASE_SCHEMA, DATABASE_POOL_SIZE). */
export function storageConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): StorageConfig {
  const engine = env.STORAGE ?? 'sqlite'
  if (engine === 'sqlite' || engine === '') return { engine: 'sqlite', dataDir, synchronous }
  if (engine !== 'postgres') throw new RangeError(`STORAGE must be sqlite or postgres, not "${engine}"`)
  if (!env.DATABASE_URL) throw new RangeError('STORAGE=postgres needs DATABASE_URL (e.g. postgres://user@127.0.0.1:5432/faellesplan)')
  const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : DEFAULT_POSTGRES_OPTIONS.poolSize
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new RangeError(`DATABASE_POOL_SIZE must be a whole number of at least 1, not "${env.DATABASE_POOL_SIZE}"`)
  return { engine: 'postgres', url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA || null, poolSize }
}

/** Open (and migrate) the configured store. PostgreSQL that does not answer fails here, with a message that says so. */
export async function openStore(config: StorageConfig): Promise<Store> {
  if (config.engine === 'sqlite') return new SqliteStore(resolve(config.dataDir), config.synchronous)
  const { engine: _engine, ...options } = config
  // Loaded only here: a server on SQLite never loads the PostgreSQL driver.
  const { PostgresStore } = await import('./postgres-store')
  return PostgresStore.open(options)
}
