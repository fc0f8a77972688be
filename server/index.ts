// Public exports of server/: how tests, benchmarks and tools start a server.
export { startServer, DEFAULT_OPTIONS } from './app'
export type { ServerOptions, RunningServer } from './app'
export { signToken, verifyToken, loadSecret, expiryAfterDays } from './auth/tokens'
export { SqliteStore } from './storage/sqlite-store'
export type { Store, StoredRoom, PlanRecord } from './storage/store'
export { createPlan } from './plans'
