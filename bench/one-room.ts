// Connections in one room: the working meeting (30 editors typing 3
// characters per second) with more and more read-only viewers, until the p99
// fan-out latency passes 100 ms. bench/meeting.ts runs every client in one
// process and stops at ≈ 630 connections because that process runs out of
// CPU; here the viewers live in WORKERS load processes (bench/lib/
// viewer-worker.ts) and latency is taken on the wall clock, so send and
// receive may happen in different processes.
//
// Run: npx tsx bench/one-room.ts   (STEPS=100,500,1000,2000,3000 WORKERS=2 DURATION=10 EDITORS=30 CPS=3)
import { join } from 'node:path'
import * as Y from 'yjs'
import { DEMO_PLAN_ID } from '../schema/build'
import { inviteToken, startServerProcess } from '../testkit/server-process'
import { LightClient } from './lib/light-client'
import { newClocks } from './lib/new-clocks'
import { LoadProcess } from './lib/load-process'
import { cpuTicks, rssMb } from './lib/proc'
import { report } from './lib/report'
import { ownParagraph, typeOne } from './lib/typing'
import type { ViewerCommand, ViewerReply } from './lib/viewer-worker'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { syncUrlOf } from './lib/sync-url'

const STEPS = (process.env.STEPS ?? '100,500,1000,2000,3000').split(',').map(Number)
const WORKERS = Number(process.env.WORKERS ?? 2)
const DURATION = Number(process.env.DURATION ?? 10)
const EDITORS = Number(process.env.EDITORS ?? 30)
const CPS = Number(process.env.CPS ?? 3)
const LIMIT_MS = 100
const BUCKET_MS = 0.5

const now = () => performance.timeOrigin + performance.now()
/** A load process holding viewers. */
class Worker extends LoadProcess<ViewerCommand, ViewerReply> {
  constructor() {
    super(join(import.meta.dirname, 'lib', 'viewer-worker.ts'))
  }
}

/** p-th percentile of a histogram of BUCKET_MS-wide buckets (the bucket's upper edge). */
function fromHistogram(histogram: number[], p: number): number {
  const total = histogram.reduce((s, n) => s + n, 0)
  let seen = 0
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!
    if (seen >= (p / 100) * total) return (i + 1) * BUCKET_MS
  }
  return NaN
}

const server = await startServerProcess({ env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV } })
const admin = inviteToken(server.dataDir, { plan: '*', role: 'admin', name: 'Bench', group: 'administration' })
const viewerToken = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Bench', group: 'council' })
const editorUrl = syncUrlOf(server.wsUrl, DEMO_PLAN_ID, admin)
const viewerUrl = syncUrlOf(server.wsUrl, DEMO_PLAN_ID, viewerToken)
const workers = Array.from({ length: WORKERS }, () => new Worker())

// Editors live here: 30 of them are light, and their own fan-out is measured too.
const sendTimes = new Map<string, number>()
const editorHistogram: number[] = []
const editors: Array<{ client: LightClient; text: Y.XmlText }> = []
for (let i = 0; i < EDITORS; i++) {
  const doc = new Y.Doc()
  const read = newClocks(() => doc.clientID)
  const client = new LightClient(editorUrl, { kind: 'y-websocket' }, doc, (update) => {
    const at = now()
    read(update, (key) => {
      const sent = sendTimes.get(key)
      if (sent === undefined) return
      const bucket = Math.max(0, Math.floor((at - sent) / BUCKET_MS))
      editorHistogram[bucket] = (editorHistogram[bucket] ?? 0) + 1
    })
  })
  await client.connect()
  editors.push({ client, text: ownParagraph(client) })
}

const rows: Array<Record<string, string | number>> = []
let viewers = 0
try {
  for (const target of STEPS) {
    const add = target - viewers
    await Promise.all(workers.map((w, k) => w.ask({ type: 'connect', url: viewerUrl, count: Math.floor(add / WORKERS) + (k < add % WORKERS ? 1 : 0) })))
    viewers = target
    await new Promise((r) => setTimeout(r, 500))
    await Promise.all(workers.map((w) => w.ask({ type: 'reset' })))
    sendTimes.clear()
    editorHistogram.length = 0
    const ticks0 = cpuTicks(server.pid)
    const self0 = process.cpuUsage()
    const t0 = performance.now()
    const intervals: NodeJS.Timeout[] = []
    const starts = editors.map((e) =>
      setTimeout(
        () => {
          intervals.push(setInterval(() => typeOne(e.client, e.text, (key) => sendTimes.set(key, now())), 1000 / CPS))
        },
        Math.random() * (1000 / CPS)
      )
    )
    await new Promise((r) => setTimeout(r, DURATION * 1000))
    starts.forEach(clearTimeout)
    intervals.forEach(clearInterval)
    const seconds = (performance.now() - t0) / 1000
    const serverCpu = (cpuTicks(server.pid) - ticks0) / 100 / seconds
    const self = process.cpuUsage(self0)
    await new Promise((r) => setTimeout(r, 1000))
    const reports = (await Promise.all(workers.map((w) => w.ask({ type: 'report', sendTimes: [...sendTimes], bucketMs: BUCKET_MS })))) as Array<
      Extract<ViewerReply, { type: 'report' }>
    >
    const histogram: number[] = []
    for (const h of [editorHistogram, ...reports.map((r) => r.histogram)])
      h.forEach((n, i) => {
        histogram[i] = (histogram[i] ?? 0) + (n ?? 0)
      })
    const received = histogram.reduce((s, n) => s + (n ?? 0), 0)
    const expected = sendTimes.size * (EDITORS - 1 + viewers)
    const row = {
      connections: EDITORS + viewers,
      viewers,
      'p50 ms': fromHistogram(histogram, 50),
      'p95 ms': fromHistogram(histogram, 95),
      'p99 ms': fromHistogram(histogram, 99),
      'delivered %': +((100 * received) / Math.max(1, expected)).toFixed(1),
      'server CPU %': Math.round(serverCpu * 100),
      'server RSS MB': rssMb(server.pid),
      'editors process CPU %': Math.round(((self.user + self.system) / 1e6 / seconds) * 100),
      'busiest viewer process CPU %': Math.round(Math.max(...reports.map((r) => r.cpuSeconds / (seconds + 1.5))) * 100)
    }
    console.log(row)
    rows.push(row)
    if (row['p99 ms'] > LIMIT_MS || row['delivered %'] < 99) break
  }
} finally {
  editors.forEach((e) => e.client.close())
  workers.forEach((w) => w.stop({ type: 'stop' }))
  await server.dispose()
}
report('one-room', rows, { workers: WORKERS, duration: DURATION, editors: EDITORS, cps: CPS, limitMs: LIMIT_MS, bucketMs: BUCKET_MS })
process.exit(0)
