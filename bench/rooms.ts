// Rooms per process: how many busy plans one server process holds before the
// p99 fan-out latency passes 100 ms. Each room is a small working group
// (EDITORS_PER_ROOM editors typing CPS characters per second in their own
// paragraph, VIEWERS_PER_ROOM viewers). Rooms are added step by step and stay
// connected; every step is measured for DURATION seconds.
//
// The clients are spread over WORKERS load-generator processes
// (bench/lib/room-worker.ts), each holding whole rooms, so no single load
// process saturates a core and measures itself instead of the server. Their
// CPU is reported next to the server's.
//
// What bounds the number (issue #17): per step, the server's CPU per stored
// update, its group commits per second (each one SQLite transaction; the
// fsync that acknowledgements wait for runs on the thread pool) and updates per
// commit, read from its /metrics.
//
// Run: npx tsx bench/rooms.ts   (STEPS=10,25,50,100,200,400 WORKERS=2 DURATION=10 EDITORS_PER_ROOM=3 VIEWERS_PER_ROOM=2 CPS=2)
import { join } from 'node:path'
import { inviteToken, metricsHeaders, startServerProcess } from '../testkit/server-process'
import { LoadProcess } from './lib/load-process'
import { cpuTicks, rssMb } from './lib/proc'
import { percentile, report } from './lib/report'
import type { WorkerCommand, WorkerReply } from './lib/room-worker'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { syncUrlOf } from './lib/sync-url'

const STEPS = (process.env.STEPS ?? '10,25,50,100,200,400').split(',').map(Number)
const WORKERS = Number(process.env.WORKERS ?? 2)
const DURATION = Number(process.env.DURATION ?? 10)
const EDITORS = Number(process.env.EDITORS_PER_ROOM ?? 3)
const VIEWERS = Number(process.env.VIEWERS_PER_ROOM ?? 2)
const CPS = Number(process.env.CPS ?? 2)
const LIMIT_MS = 100

/** A load process holding whole rooms. */
class Worker extends LoadProcess<WorkerCommand, WorkerReply> {
  constructor() {
    super(join(import.meta.dirname, 'lib', 'room-worker.ts'))
  }
}

const server = await startServerProcess({ env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV } })
const admin = inviteToken(server.dataDir, { plan: '*', role: 'admin', name: 'Bench', group: 'administration' })
const workers = Array.from({ length: WORKERS }, () => new Worker())

async function newRoom(n: number): Promise<{ editorUrl: string; viewerUrl: string }> {
  const r = await fetch(`${server.httpUrl}/api/plans?token=${encodeURIComponent(admin)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'empty', title: `Plan ${n}` })
  })
  if (r.status !== 201) throw new Error(`creating a plan failed: ${r.status} ${await r.text()}`)
  const { plan } = (await r.json()) as { plan: { id: string } }
  // Only an admin token may span plans, so viewers get an invitation per plan.
  const invite = await fetch(`${server.httpUrl}/api/plans/${plan.id}/invites?token=${encodeURIComponent(admin)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'viewer', group: 'council', name: 'Bench' })
  })
  if (invite.status !== 201) throw new Error(`inviting a viewer failed: ${invite.status} ${await invite.text()}`)
  const { token: viewer } = (await invite.json()) as { token: string }
  return {
    editorUrl: syncUrlOf(server.wsUrl, plan.id, admin),
    viewerUrl: syncUrlOf(server.wsUrl, plan.id, viewer)
  }
}

/** The server's counters (Prometheus text → name: value). */
async function counters(): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.httpUrl}/metrics`, { headers: metricsHeaders })).text()
  const pairs = text.split('\n').map((l) => /^faellesplan_(\w+) (\S+)$/.exec(l))
  return new Map(pairs.filter((m) => m !== null).map((m) => [m[1]!, Number(m[2])]))
}

const rows: Array<Record<string, string | number>> = []
let rooms = 0
try {
  for (const target of STEPS) {
    // Ten at a time: hundreds of requests at once on a loaded machine were answered with resets.
    const fresh: Array<Awaited<ReturnType<typeof newRoom>>> = []
    for (let n = rooms; n < target; n += 10) fresh.push(...(await Promise.all(Array.from({ length: Math.min(10, target - n) }, (_, i) => newRoom(n + i)))))
    // Whole rooms go to one worker each, round robin.
    await Promise.all(workers.map((w, k) => w.ask({ type: 'rooms', rooms: fresh.filter((_, i) => i % WORKERS === k), editors: EDITORS, viewers: VIEWERS })))
    rooms = target
    const ticks0 = cpuTicks(server.pid)
    const before = await counters()
    const t0 = performance.now()
    const results = (await Promise.all(workers.map((w) => w.ask({ type: 'measure', seconds: DURATION, cps: CPS })))) as Array<
      Extract<WorkerReply, { type: 'measured' }>
    >
    // The workers measured DURATION seconds and then waited one more for stragglers.
    const seconds = (performance.now() - t0) / 1000
    const after = await counters()
    const delta = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0)
    const cpuSeconds = (cpuTicks(server.pid) - ticks0) / 100
    const latencies = results.flatMap((r) => r.latencies)
    const expected = results.reduce((s, r) => s + r.expected, 0)
    const row = {
      rooms,
      connections: rooms * (EDITORS + VIEWERS),
      'updates/s': Math.round(results.reduce((s, r) => s + r.sent, 0) / DURATION),
      'p50 ms': +percentile(latencies, 50).toFixed(1),
      'p95 ms': +percentile(latencies, 95).toFixed(1),
      'p99 ms': +percentile(latencies, 99).toFixed(1),
      'delivered %': +((100 * results.reduce((s, r) => s + r.received, 0)) / Math.max(1, expected)).toFixed(1),
      'server CPU %': Math.round((cpuSeconds / seconds) * 100),
      'server CPU µs/update': Math.round((cpuSeconds * 1e6) / Math.max(1, delta('updates_stored_total'))),
      'commits/s': Math.round(delta('group_commits_total') / seconds),
      'updates/commit': +(delta('updates_stored_total') / Math.max(1, delta('group_commits_total'))).toFixed(1),
      'server RSS MB': rssMb(server.pid),
      'max loadgen CPU %': Math.round(Math.max(...results.map((r) => r.cpuSeconds / DURATION)) * 100)
    }
    console.log(row)
    rows.push(row)
    if (row['p99 ms'] > LIMIT_MS || row['delivered %'] < 99) break
  }
} finally {
  workers.forEach((w) => w.stop({ type: 'stop' }))
  await server.dispose()
}
report('rooms', rows, { workers: WORKERS, duration: DURATION, editorsPerRoom: EDITORS, viewersPerRoom: VIEWERS, cps: CPS, limitMs: LIMIT_MS })
process.exit(0)
