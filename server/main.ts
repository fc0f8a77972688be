// The server process: `npm start` runs this (after building the client).
import { DEMO_PLAN_ID } from '../schema/build'
import { DEFAULT_OPTIONS, startServer } from './app'
import { log } from './log'
import { roomBudgetsFromEnv } from './sync/room-budget'
import { networkOptionsFromEnv } from './http/network-options'
import { accessLink } from './auth/links'
import { storageConfigFromEnv } from './storage/open-store'
import { StorageUnavailableError } from './storage/store'
import { DatabaseNewerError } from './storage/migrations'

/** Start, or say plainly why not (storage that does not answer, a database from a newer release, a bad setting) and exit 1. */
async function start(options: Parameters<typeof startServer>[0]) {
  try {
    return await startServer(options)
  } catch (e) {
    if (e instanceof StorageUnavailableError || e instanceof DatabaseNewerError || e instanceof RangeError) {
      log('error', 'start-failed', { error: e.message })
      console.error(`Fællesplan kan ikke starte / cannot start: ${e.message}`)
      process.exit(1)
    }
    throw e
  }
}

const dataDir = process.env.DATA_DIR ?? './data'
const synchronous = process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? ('NORMAL' as const) : ('FULL' as const)
let storage
try {
  storage = storageConfigFromEnv(process.env, dataDir, synchronous)
} catch (e) {
  console.error(`Fællesplan kan ikke starte / cannot start: ${(e as Error).message}`)
  process.exit(1)
}

const server = await start({
  port: Number(process.env.PORT ?? 8080),
  ...(process.env.LISTEN_HOST ? { host: process.env.LISTEN_HOST } : {}),
  dataDir,
  storage,
  ...(process.env.MAX_MESSAGE_BYTES ? { maxMessageBytes: Number(process.env.MAX_MESSAGE_BYTES) } : {}),
  ...(process.env.ROOM_IDLE_MS ? { idleMs: Number(process.env.ROOM_IDLE_MS) } : {}),
  synchronous,
  ...(process.env.COMPACT_EVERY ? { compactEvery: Number(process.env.COMPACT_EVERY) } : {}),
  ...(process.env.ACCESS_CHECK_MS ? { accessCheckMs: Number(process.env.ACCESS_CHECK_MS) } : {}),
  roomBudgets: { ...DEFAULT_OPTIONS.roomBudgets, ...roomBudgetsFromEnv(process.env) },
  ...(process.env.READ_WORKERS || process.env.READ_QUEUE_LIMIT || process.env.READ_WORKER_IDLE_MS
    ? {
        reads: {
          ...DEFAULT_OPTIONS.reads,
          ...(process.env.READ_WORKERS ? { workers: Math.max(1, Number(process.env.READ_WORKERS)) } : {}),
          ...(process.env.READ_QUEUE_LIMIT ? { maxQueued: Math.max(0, Number(process.env.READ_QUEUE_LIMIT)) } : {}),
          ...(Number(process.env.READ_WORKER_IDLE_MS) > 0 ? { idleMs: Number(process.env.READ_WORKER_IDLE_MS) } : {})
        }
      }
    : {}),
  ...(process.env.IMPORT_HEAP_MB ? { importHeapMb: Number(process.env.IMPORT_HEAP_MB) } : {}),
  metrics: {
    token: process.env.METRICS_TOKEN || null,
    port: process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : null,
    host: process.env.METRICS_HOST || '127.0.0.1'
  },
  // Connection caps, TRUST_PROXY and HTTP timeouts (README's table).
  ...networkOptionsFromEnv(process.env, DEFAULT_OPTIONS),
  // Several processes on one store: fan-out between them (server/cluster/).
  ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  ...(process.env.DELETED_PLAN_DAYS ? { deletedPlanDays: Number(process.env.DELETED_PLAN_DAYS) } : {}),
  // At most one automatic version per this many minutes of editing in a plan.
  ...(Number(process.env.VERSION_EVERY_MINUTES) > 0 ? { versions: { everyMs: Number(process.env.VERSION_EVERY_MINUTES) * 60_000 } } : {}),
  // Sign-in with the organisation's OpenID Connect provider, when all three are set; invite links only otherwise.
  ...(process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID && process.env.OIDC_CLIENT_SECRET
    ? {
        oidc: {
          issuer: process.env.OIDC_ISSUER,
          clientId: process.env.OIDC_CLIENT_ID,
          clientSecret: process.env.OIDC_CLIENT_SECRET,
          ...(process.env.OIDC_ROLE_CLAIM ? { roleClaim: process.env.OIDC_ROLE_CLAIM } : {}),
          adminValue: process.env.OIDC_ADMIN_VALUE ?? 'faellesplan-admin',
          sessionHours: Number(process.env.OIDC_SESSION_HOURS ?? 12)
        }
      }
    : {}),
  // Per-connection update rate limit (a person typing fast sends ~20/s; replays of recorded traces send thousands).
  ...(process.env.UPDATES_PER_SECOND
    ? {
        limits: { ...DEFAULT_OPTIONS.limits, updatesPerSecond: Number(process.env.UPDATES_PER_SECOND), updateBurst: Number(process.env.UPDATES_PER_SECOND) * 2 }
      }
    : {})
})

// The all-plans administrator link is printed once, when the data directory
// is new: printing a fresh one on every start would hand one to whoever reads
// the logs. Later: `npm run admin-link` (a row that can be revoked).
if (server.firstStart) {
  const adminToken = await server.mintToken({ plan: '*', role: 'admin', name: 'Administrator', group: 'administration', days: 30, createdBy: 'first-start' })
  console.log(`
Fællesplan kører på ${server.url}
Åbn demo-planen som administrator (linket gælder i 30 dage og vises kun denne ene gang):
  ${accessLink(server.url, DEMO_PLAN_ID, adminToken)}

Flere links: npm run invite -- --plan ${DEMO_PLAN_ID} --role commenter --name "Navn" --group council
`)
} else {
  console.log(`
Fællesplan kører på ${server.url}
Et nyt administratorlink: npm run admin-link   (andre: npm run invite -- --help)
`)
}
log('info', 'listening', { port: server.port })

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  log('info', 'shutdown', { signal })
  await server.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
