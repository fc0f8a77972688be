import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServerProcess, type ServerProcess } from './server-process'
import { startRedisProcess, type RedisProcess } from './redis-process'

// Several real server processes on one data directory (one SQLite file),
// with a redis-server of their own between them: what `npm run
// start:cluster` runs, for tests and benchmarks.

/** A running cluster. */
export interface ClusterProcesses {
  redis: RedisProcess
  servers: ServerProcess[]
  dataDir: string
  /** Stop every process and delete the data directory. */
  dispose(): Promise<void>
}

/**
 * Start Redis and `processes` servers on one fresh data directory. The first
 * server starts alone (it creates the database and the demo plan), the others
 * after it.
 */
export async function startCluster(options: { processes: number; env?: Record<string, string> }): Promise<ClusterProcesses> {
  const redis = await startRedisProcess()
  const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-cluster-'))
  const env = { REDIS_URL: redis.url, ...options.env }
  const servers: ServerProcess[] = []
  try {
    servers.push(await startServerProcess({ dataDir, env }))
    servers.push(...(await Promise.all(Array.from({ length: options.processes - 1 }, () => startServerProcess({ dataDir, env })))))
  } catch (e) {
    await Promise.all(servers.map((s) => s.kill('SIGTERM')))
    await redis.dispose()
    throw e
  }
  return {
    redis,
    servers,
    dataDir,
    async dispose() {
      await Promise.all(servers.map((s) => s.kill('SIGTERM')))
      await redis.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
