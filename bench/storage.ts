// The ceiling of the group commit on each engine (issue #16): how many
// commits and updates per second one server process can store when every
// commit waits for the one before (as GroupCommit does), at a few batch
// sizes (updates per commit: one lone keystroke, a busy turn, a meeting's
// burst). Each commit is a real appendUpdates with a plan-list touch, across
// two rooms (a body and its comments), on SQLite (as served: committed
// with synchronous=NORMAL, the write-ahead log flushed to disk behind the
// commits by Store.onDisk, the clock stopping once the last flush is done)
// and on PostgreSQL (synchronous_commit on, a schema of its own).
// Run: npx tsx bench/storage.ts   (SECONDS_PER_CASE=3)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { PostgresStore, SqliteStore, type Store } from '../server'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres } from '../testkit/postgres'
import { report } from './lib/report'

const SECONDS = Number(process.env.SECONDS_PER_CASE ?? 3)
const BATCHES = [1, 10, 100]

/** Keystroke-sized Yjs updates (one character each), as a room's log holds them. */
function keystrokes(n: number): Uint8Array[] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => out.push(u))
  for (let i = 0; i < n; i++) doc.getText('t').insert(i, 'x')
  return out
}

async function measure(store: Store, batch: number): Promise<{ commitsPerSecond: number; updatesPerSecond: number; msPerCommit: number }> {
  const updates = keystrokes(batch)
  const rooms = ['bench-plan', 'bench-plan.comments']
  const rows = updates.map((update, i) => ({ room: rooms[i % 2]!, update }))
  const touch = { id: 'bench-plan', title: 'Bench', municipality: 'Aarhus', period: '2027', status: 'draft', changedBy: 'Bench' }
  let commits = 0
  const until = performance.now() + SECONDS * 1000
  const t0 = performance.now()
  while (performance.now() < until) {
    await store.appendUpdates(rows, [{ ...touch, changedAt: new Date().toISOString() }])
    // As served: the next commit does not wait for this one's flush to disk; the flushes run behind, shared (wal-flush.ts).
    void store.onDisk()
    commits++
  }
  await store.onDisk()
  const seconds = (performance.now() - t0) / 1000
  return {
    commitsPerSecond: Math.round(commits / seconds),
    updatesPerSecond: Math.round((commits * batch) / seconds),
    msPerCommit: Number(((seconds * 1000) / commits).toFixed(2))
  }
}

const dir = mkdtempSync(join(tmpdir(), 'faellesplan-bench-storage-'))
const schema = freshSchemaName('bench_storage')
await requirePostgres()
const engines: Array<[string, Store]> = [
  ['sqlite', new SqliteStore(dir, 'FULL')],
  ['postgres', await PostgresStore.open({ url: TEST_DATABASE_URL, schema, poolSize: 4 })]
]
const results: Record<string, Record<number, Awaited<ReturnType<typeof measure>>>> = {}
try {
  for (const [name, store] of engines) {
    await store.createPlan({ id: 'bench-plan', title: 'Bench', createdAt: new Date().toISOString() }, keystrokes(1)[0]!)
    results[name] = {}
    for (const batch of BATCHES) results[name][batch] = await measure(store, batch)
  }
} finally {
  for (const [, store] of engines) await store.close()
  rmSync(dir, { recursive: true, force: true })
  await dropSchema(schema)
}
report(
  'storage',
  BATCHES.map((batch) => ({
    'updates per commit': batch,
    'sqlite commits/s': results.sqlite![batch]!.commitsPerSecond,
    'postgres commits/s': results.postgres![batch]!.commitsPerSecond,
    'sqlite updates/s': results.sqlite![batch]!.updatesPerSecond,
    'postgres updates/s': results.postgres![batch]!.updatesPerSecond,
    'sqlite ms/commit': results.sqlite![batch]!.msPerCommit,
    'postgres ms/commit': results.postgres![batch]!.msPerCommit
  })),
  { secondsPerCase: SECONDS, postgres: TEST_DATABASE_URL.replace(/:[^@/]*@/, ':***@'), sqliteSynchronous: 'FULL' }
)
