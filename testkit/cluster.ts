import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { PostgresStore, startProxy, type RunningProxy, type Store, type StoredRoom } from '../server'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres } from './postgres'
import { startServerProcess, type ServerProcess } from './server-process'
import { startRedisProcess, type RedisProcess } from './redis-process'

// Several real server processes on one store (one SQLite file, or one
// PostgreSQL schema made for the run), with a redis-server of their own
// between them: what `npm run start:cluster` runs, for tests and benchmarks.

/** Where a cluster stores: one SQLite file in a fresh data directory, or a fresh schema of the machine's PostgreSQL. */
export type ClusterStorage = 'sqlite' | 'postgres'

/** A running cluster. */
export interface ClusterProcesses {
  redis: RedisProcess
  servers: ServerProcess[]
  dataDir: string
  storage: ClusterStorage
  /** The environment every server process got (STORAGE settings included: pass it to `inviteToken`). */
  env: Record<string, string>
  /**
   * What storage holds for a room right now, read by the test itself
   * (checksums checked). On SQLite the read is done when this returns (a
   * read-only connection, synchronously); on PostgreSQL when its query runs.
   */
  readRoom(room: string): Promise<StoredRoom>
  /** Stop every process and delete the data directory (and the PostgreSQL schema). */
  dispose(): Promise<void>
}

/**
 * Start Redis and `processes` servers on one fresh store. The first server
 * starts alone (it creates the database and the demo plan), the others after
 * it. PostgreSQL must answer (TEST_DATABASE_URL); if it does not, this throws
 * saying so.
 */
export async function startCluster(options: { processes: number; storage?: ClusterStorage; env?: Record<string, string> }): Promise<ClusterProcesses> {
  const storage = options.storage ?? 'sqlite'
  const schema = storage === 'postgres' ? freshSchemaName('cluster') : null
  if (schema) await requirePostgres()
  const redis = await startRedisProcess()
  const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-cluster-'))
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    ...(schema ? { STORAGE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...options.env
  }
  const servers: ServerProcess[] = []
  let reader: { read(room: string): Promise<StoredRoom>; close(): Promise<void> } | null = null
  const cleanup = async () => {
    await Promise.all(servers.map((s) => s.kill('SIGTERM')))
    await reader?.close()
    await redis.dispose()
    rmSync(dataDir, { recursive: true, force: true })
    if (schema) await dropSchema(schema)
  }
  try {
    servers.push(await startServerProcess({ dataDir, env }))
    servers.push(...(await Promise.all(Array.from({ length: options.processes - 1 }, () => startServerProcess({ dataDir, env })))))
    reader = schema ? await postgresReader(schema) : sqliteReader(dataDir)
  } catch (e) {
    await cleanup()
    throw e
  }
  const opened = reader
  return { redis, servers, dataDir, storage, env, readRoom: (room) => opened.read(room), dispose: cleanup }
}

/** Reads with a read-only connection of the test's own: never takes the servers' write lock. */
function sqliteReader(dataDir: string): { read(room: string): Promise<StoredRoom>; close(): Promise<void> } {
  const db = new Database(join(dataDir, 'faellesplan.sqlite'), { readonly: true, timeout: 30_000 })
  const snapshot = db.prepare('SELECT data, upto FROM snapshots WHERE room = ?')
  const updates = db.prepare('SELECT id, data FROM updates WHERE room = ? AND id > ? ORDER BY id')
  // One read transaction: a compaction between the two reads would delete rows the snapshot read before it lacks.
  const read = db.transaction((room: string): StoredRoom => {
    const snap = snapshot.get(room) as { data: Buffer; upto: number } | undefined
    const rows = updates.all(room, snap?.upto ?? 0) as Array<{ id: number; data: Buffer }>
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      updates: rows.map((r) => new Uint8Array(r.data)),
      lastId: rows.length ? rows[rows.length - 1]!.id : (snap?.upto ?? 0)
    }
  })
  return {
    read: async (room) => read(room),
    close: async () => void db.close()
  }
}

/** Reads through the server's own PostgreSQL store code (one REPEATABLE READ transaction, checksums checked). */
async function postgresReader(schema: string): Promise<{ read(room: string): Promise<StoredRoom>; close(): Promise<void> }> {
  const store: Store = await PostgresStore.open({ url: TEST_DATABASE_URL, schema, poolSize: 2 })
  return { read: (room) => store.loadRoom(room), close: () => store.close() }
}

/** The built-in proxy in front of a cluster's processes, spreading connections over them (as `npm run start:cluster` does); checks backends every 200 ms. */
export function startProxyFor(cluster: ClusterProcesses): Promise<RunningProxy> {
  return startProxy({
    port: 0,
    host: '127.0.0.1',
    byRoom: false,
    healthCheckMs: 200,
    backends: cluster.servers.map((s) => ({ host: '127.0.0.1', port: s.port }))
  })
}
