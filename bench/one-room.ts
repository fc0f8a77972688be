// Connections in one room: the working meeting (30 editors typing 3
// characters per second) with more and more read-only viewers, until the p99
// fan-out latency passes 100 ms. bench/meeting.ts runs every client in one
// process and stops at ≈ 630 connections because that process runs out of
// CPU; here the viewers live in WORKERS load processes (bench/lib/
// viewer-worker.ts) and latency is taken on the wall clock, so send and
// receive may happen in different processes.
//
// Run: npx tsx bench/one-room.ts   (STEPS=100,500,1000,2000,3000 WORKERS=2 DURATION=10 EDITORS=30 CPS=3)
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { DEMO_PLAN_ID } from '../schema'
import { inviteToken, startServerProcess } from '../test/helpers/server-process'
import { LightClient } from './lib/light-client'
import { report } from './lib/report'
import type { ViewerCommand, ViewerReply } from './lib/viewer-worker'

const STEPS = (process.env.STEPS ?? '100,500,1000,2000,3000').split(',').map(Number)
const WORKERS = Number(process.env.WORKERS ?? 2)
const DURATION = Number(process.env.DURATION ?? 10)
const EDITORS = Number(process.env.EDITORS ?? 30)
const CPS = Number(process.env.CPS ?? 3)
const LIMIT_MS = 100
const BUCKET_MS = 0.5

const now = () => performance.timeOrigin + performance.now()
const cpuTicks = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(f[11]) + Number(f[12])
}
const rssMb = (pid: number): number => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024)

class Worker {
  private readonly child: ChildProcess
  private waiting: ((r: ViewerReply) => void) | null = null
  constructor() {
    this.child = fork(join(import.meta.dirname, 'lib', 'viewer-worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (reply: ViewerReply) => this.waiting?.(reply))
  }
  ask(command: ViewerCommand): Promise<ViewerReply> {
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r.type === 'error' ? reject(new Error(r.message)) : resolve(r))
      this.child.send(command)
    })
  }
  stop(): void { this.child.send({ type: 'stop' } satisfies ViewerCommand) }
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

const server = await startServerProcess({ env: { LOG_LEVEL: 'error' } })
const admin = inviteToken(server.dataDir, { plan: '*', role: 'admin', name: 'Bench', group: 'administration' })
const viewerToken = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Bench', group: 'council' })
const editorUrl = `${server.wsUrl}/${DEMO_PLAN_ID}?token=${encodeURIComponent(admin)}`
const viewerUrl = `${server.wsUrl}/${DEMO_PLAN_ID}?token=${encodeURIComponent(viewerToken)}`
const workers = Array.from({ length: WORKERS }, () => new Worker())

// Editors live here: 30 of them are light, and their own fan-out is measured too.
const sendTimes = new Map<string, number>()
const editorHistogram: number[] = []
const editors: Array<{ client: LightClient; text: Y.XmlText }> = []
for (let i = 0; i < EDITORS; i++) {
  const doc = new Y.Doc()
  const seen = new Map<number, number>()
  const client = new LightClient(editorUrl, { kind: 'y-websocket' }, doc, (update) => {
    const at = now()
    const { from, to } = Y.parseUpdateMeta(update)
    to.forEach((end, id) => {
      if (id === doc.clientID) return
      for (let clock = Math.max(from.get(id) ?? 0, seen.get(id) ?? 0); clock < end; clock++) {
        const sent = sendTimes.get(`${id}:${clock}`)
        if (sent === undefined) continue
        const bucket = Math.max(0, Math.floor((at - sent) / BUCKET_MS))
        editorHistogram[bucket] = (editorHistogram[bucket] ?? 0) + 1
      }
      seen.set(id, Math.max(seen.get(id) ?? 0, end))
    })
  })
  await client.connect()
  const before = Y.encodeStateVector(doc)
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  doc.getXmlFragment('body').push([paragraph])
  client.sendUpdate(Y.encodeStateAsUpdate(doc, before))
  editors.push({ client, text })
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
    const starts = editors.map((e) => setTimeout(() => {
      intervals.push(setInterval(() => {
        const doc = e.client.doc!
        const clock = Y.getState(doc.store, doc.clientID)
        const before = Y.encodeStateVector(doc)
        e.text.insert(e.text.length, 'abcdefghij'[clock % 10]!)
        sendTimes.set(`${doc.clientID}:${clock}`, now())
        e.client.sendUpdate(Y.encodeStateAsUpdate(doc, before))
      }, 1000 / CPS))
    }, Math.random() * (1000 / CPS)))
    await new Promise((r) => setTimeout(r, DURATION * 1000))
    starts.forEach(clearTimeout)
    intervals.forEach(clearInterval)
    const seconds = (performance.now() - t0) / 1000
    const serverCpu = (cpuTicks(server.pid) - ticks0) / 100 / seconds
    const self = process.cpuUsage(self0)
    await new Promise((r) => setTimeout(r, 1000))
    const reports = (await Promise.all(workers.map((w) => w.ask({ type: 'report', sendTimes: [...sendTimes], bucketMs: BUCKET_MS })))) as Array<Extract<ViewerReply, { type: 'report' }>>
    const histogram: number[] = []
    for (const h of [editorHistogram, ...reports.map((r) => r.histogram)]) h.forEach((n, i) => { histogram[i] = (histogram[i] ?? 0) + (n ?? 0) })
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
  workers.forEach((w) => w.stop())
  await server.dispose()
}
report('one-room', rows, { workers: WORKERS, duration: DURATION, editors: EDITORS, cps: CPS, limitMs: LIMIT_MS, bucketMs: BUCKET_MS })
process.exit(0)
