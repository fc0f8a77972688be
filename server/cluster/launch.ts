// `npm run start:cluster -- --processes 3 [--by-room]`: several server
// processes on one store (the SQLite file of DATA_DIR, or PostgreSQL with
// STORAGE=postgres and DATABASE_URL) with Redis between them, behind the
// built-in proxy on PORT. For one machine; in production run the processes
// under a supervisor behind nginx or HAProxy (README, "Several processes").
import { spawn, type ChildProcess } from 'node:child_process'
import { get as httpGet } from 'node:http'
import { join } from 'node:path'
import { log } from '../log'
import { redactedUrl } from '../storage/postgres-options'
import { storageConfigFromEnv, type StorageConfig } from '../storage/open-store'
import { startProxy } from './proxy'
import { redisAnswers } from './redis-ping'

const ROOT = join(import.meta.dirname, '..', '..')

const usage = `npm run start:cluster -- [--processes N] [--by-room]
  --processes N   server processes (default 3), on ports PORT+1 … PORT+N (CLUSTER_BASE_PORT moves them)
  --by-room       send every socket of a plan to one process (saves memory; any process can serve any plan anyway)
Environment: PORT (the proxy, default 8080), LISTEN_HOST, REDIS_URL (default redis://127.0.0.1:6379), DATA_DIR, PUBLIC_URL,
STORAGE=postgres with DATABASE_URL (and DATABASE_SCHEMA, DATABASE_POOL_SIZE per process), and every variable of npm start.`

function parseArgs(argv: string[]): { processes: number; byRoom: boolean } {
  let processes = 3
  let byRoom = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--processes') processes = Number(argv[++i])
    else if (a.startsWith('--processes=')) processes = Number(a.slice('--processes='.length))
    else if (a === '--by-room') byRoom = true
    else if (a === '--help' || a === '-h') {
      console.log(usage)
      process.exit(0)
    } else {
      console.error(`Unknown argument ${a}\n${usage}`)
      process.exit(2)
    }
  }
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) {
    console.error(`--processes must be a whole number from 1 to 64\n${usage}`)
    process.exit(2)
  }
  return { processes, byRoom }
}

async function waitHealthy(port: number, child: ChildProcess): Promise<void> {
  // A ceiling, not a wait: tsx compiles the server at start, seconds on a busy machine.
  const until = Date.now() + 180_000
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server process on port ${port} exited with ${child.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      const req = httpGet({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
      req.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server process on port ${port} not healthy within 180 s`)
}

const { processes, byRoom } = parseArgs(process.argv.slice(2))
const port = Number(process.env.PORT ?? 8080)
const basePort = Number(process.env.CLUSTER_BASE_PORT ?? port + 1)
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`
// Every process gets this same environment, so they share one store; a wrong setting fails here, once, not in each process.
let storage: StorageConfig
try {
  storage = storageConfigFromEnv(process.env, process.env.DATA_DIR ?? './data')
} catch (e) {
  console.error((e as Error).message)
  process.exit(2)
}
const storageText =
  storage.engine === 'sqlite' ? `SQLite i ${storage.dataDir}` : `PostgreSQL ${redactedUrl(storage.url)}${storage.schema ? ` (skema ${storage.schema})` : ''}`

if (!(await redisAnswers(redisUrl))) {
  console.warn(
    `Redis svarer ikke på ${redisUrl}. Processerne starter alligevel og læser hinandens ændringer fra lageret hvert sekund, indtil den svarer.\n` +
      `(Redis does not answer at ${redisUrl}; start it, e.g. redis-server, or set REDIS_URL.)`
  )
}

let stopping = false
const children = new Map<number, ChildProcess>()

function startChild(i: number): ChildProcess {
  const childPort = basePort + i
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(childPort),
      // Only the proxy talks to the processes, and it says who the client is.
      LISTEN_HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      PUBLIC_URL: publicUrl,
      REDIS_URL: redisUrl
    }
  })
  children.set(i, child)
  child.on('exit', (code, signal) => {
    if (stopping) return
    // A crashed process comes back; its clients have moved to the others meanwhile.
    log('warn', 'cluster-process-exited', { port: childPort, code, signal })
    setTimeout(() => {
      if (!stopping) startChild(i)
    }, 1000)
  })
  return child
}

// The first process alone: it creates the database and the demo plan, and prints the first-start link.
await waitHealthy(basePort, startChild(0))
await Promise.all(Array.from({ length: processes - 1 }, (_, k) => waitHealthy(basePort + k + 1, startChild(k + 1))))
const proxy = await startProxy({
  port,
  host: process.env.LISTEN_HOST ?? '0.0.0.0',
  byRoom,
  healthCheckMs: 1000,
  backends: Array.from({ length: processes }, (_, i) => ({ host: '127.0.0.1', port: basePort + i }))
})
console.log(
  `Klyngen kører: ${processes} processer (porte ${basePort}–${basePort + processes - 1}) bag ${publicUrl}, ${storageText}, Redis ${redisUrl}${byRoom ? ', hver plan på én proces' : ''}`
)

const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  log('info', 'cluster-shutdown', { signal })
  await proxy.close()
  await Promise.all(
    [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve()
          c.once('exit', () => resolve())
          c.kill('SIGTERM')
        })
    )
  )
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
