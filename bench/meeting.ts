// The working meeting: one plan, 30 editors typing 3 characters per second
// each in their own goal cell, 100 read-only viewers. Runs against
// Fællesplan (one process, and three processes with Redis between them,
// clients spread over the three), Hocuspocus 4.7 (+ SQLite file) and
// @y/websocket-server 0.1.1 (+ y-leveldb), interleaved, and prints fan-out
// latency (send → received by every other client), server CPU and RSS (all
// processes of a server summed, Redis included), bytes per client per
// second, and the load generator's own CPU.
// Run: npx tsx bench/meeting.ts   (DURATION=15 RUNS=3 EDITORS=30 VIEWERS=100)
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect as netConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { DEMO_PLAN_ID, buildGoalTable } from '../schema/build'
import { freePort, inviteToken, startServerProcess } from '../testkit/server-process'
import { startCluster } from '../testkit/cluster'
import { LightClient, type Framing } from './lib/light-client'
import { newClocks } from './lib/new-clocks'
import { cpuTicks, rssMb } from './lib/proc'
import { percentile, report } from './lib/report'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { syncUrlOf } from './lib/sync-url'

const DURATION = Number(process.env.DURATION ?? 15)
const RUNS = Number(process.env.RUNS ?? 3)
const EDITORS = Number(process.env.EDITORS ?? 30)
const VIEWERS = Number(process.env.VIEWERS ?? 100)
const CPS = Number(process.env.CPS ?? 3)
const ROOT = join(import.meta.dirname, '..')

interface Target {
  name: string
  /** Every process of the server (CPU and RSS are summed). */
  pids: number[]
  /** Client k connects to url k modulo their count (a cluster's processes). */
  editorUrls: string[]
  viewerUrls: string[]
  framing: Framing
  stop(): Promise<void>
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = netConnect(port, '127.0.0.1', () => {
        s.end()
        r(true)
      })
      s.on('error', () => r(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`port ${port} never opened`)
}

function spawnServer(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
}

const stopChild = (c: ChildProcess) =>
  new Promise<void>((r) => {
    c.once('exit', () => r())
    c.kill('SIGTERM')
  })

const starters: Record<string, () => Promise<Target>> = {
  async Fællesplan() {
    const s = await startServerProcess({
      env: {
        LOG_LEVEL: 'error',
        ...LOAD_GENERATOR_ENV,
        ...(process.env.SQLITE_SYNCHRONOUS ? { SQLITE_SYNCHRONOUS: process.env.SQLITE_SYNCHRONOUS } : {}),
        ...(process.env.COMPACT_EVERY ? { COMPACT_EVERY: process.env.COMPACT_EVERY } : {})
      }
    })
    const editor = inviteToken(s.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Bench', group: 'administration' })
    const viewer = inviteToken(s.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Bench', group: 'council' })
    return {
      name: 'Fællesplan',
      pids: [s.pid],
      editorUrls: [syncUrlOf(s.wsUrl, DEMO_PLAN_ID, editor)],
      viewerUrls: [syncUrlOf(s.wsUrl, DEMO_PLAN_ID, viewer)],
      framing: { kind: 'y-websocket' },
      stop: () => s.dispose()
    }
  },
  async 'Fællesplan, 3 processes + Redis'() {
    const c = await startCluster({ processes: 3, env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV } })
    const editor = inviteToken(c.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Bench', group: 'administration' })
    const viewer = inviteToken(c.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Bench', group: 'council' })
    return {
      name: 'Fællesplan, 3 processes + Redis',
      pids: [...c.servers.map((s) => s.pid), c.redis.pid],
      editorUrls: c.servers.map((s) => syncUrlOf(s.wsUrl, DEMO_PLAN_ID, editor)),
      viewerUrls: c.servers.map((s) => syncUrlOf(s.wsUrl, DEMO_PLAN_ID, viewer)),
      framing: { kind: 'y-websocket' },
      stop: () => c.dispose()
    }
  },
  async 'Hocuspocus 4.7 + SQLite file'() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-hp-'))
    const port = await freePort()
    const c = spawnServer(['--import', 'tsx', 'bench/servers/hocuspocus.ts'], { PORT: String(port), DATA_DIR: dir })
    await waitPort(port)
    const url = `ws://127.0.0.1:${port}/`
    return {
      name: 'Hocuspocus 4.7 + SQLite file',
      pids: [c.pid!],
      editorUrls: [url],
      viewerUrls: [url],
      framing: { kind: 'hocuspocus', documentName: 'bench-room' },
      stop: async () => {
        await stopChild(c)
        rmSync(dir, { recursive: true, force: true })
      }
    }
  },
  async '@y/websocket-server 0.1.1 + y-leveldb'() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-yws-'))
    const port = await freePort()
    const c = spawnServer(['node_modules/@y/websocket-server/src/server.js'], { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: dir })
    await waitPort(port)
    const url = `ws://127.0.0.1:${port}/bench-room`
    return {
      name: '@y/websocket-server 0.1.1 + y-leveldb',
      pids: [c.pid!],
      editorUrls: [url],
      viewerUrls: [url],
      framing: { kind: 'y-websocket' },
      stop: async () => {
        await stopChild(c)
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}

/** ProseMirror node → Yjs element (as y-prosemirror stores it), to seed a goal table from a client. */
function toY(node: PMNode): Y.XmlElement {
  const el = new Y.XmlElement(node.type.name)
  for (const [k, v] of Object.entries(node.attrs)) if (v !== null) el.setAttribute(k, v as string)
  const children: Array<Y.XmlElement | Y.XmlText> = []
  node.forEach((child) => {
    if (child.isText) {
      const t = new Y.XmlText()
      t.insert(0, child.text!)
      children.push(t)
    } else children.push(toY(child))
  })
  if (children.length) el.insert(0, children)
  return el
}

async function run(target: Target) {
  const sendTimes = new Map<string, number>()
  const latencies: number[] = []
  // Some servers echo an update to its sender; a client's own echo is not fan-out.
  const makeReceiver = (own: () => number | null) => {
    const read = newClocks(own)
    return (update: Uint8Array, at: number) =>
      read(update, (key) => {
        const sent = sendTimes.get(key)
        if (sent !== undefined) latencies.push(at - sent)
      })
  }

  const editors: LightClient[] = []
  for (let i = 0; i < EDITORS; i++) {
    const doc = new Y.Doc()
    const c = new LightClient(
      target.editorUrls[i % target.editorUrls.length]!,
      target.framing,
      doc,
      makeReceiver(() => doc.clientID)
    )
    await c.connect()
    editors.push(c)
    if (i === 0) {
      // The first editor adds a goal table with one row per editor.
      const table = buildGoalTable(Array.from({ length: EDITORS }, (_, k) => ({ title: `Mål ${k}` })))
      const before = Y.encodeStateVector(c.doc!)
      c.doc!.getXmlFragment('body').push([toY(table)])
      c.sendUpdate(Y.encodeStateAsUpdate(c.doc!, before))
      await new Promise((r) => setTimeout(r, 300))
    }
  }
  const viewers: LightClient[] = []
  for (let i = 0; i < VIEWERS; i++) {
    const c = new LightClient(
      target.viewerUrls[i % target.viewerUrls.length]!,
      target.framing,
      null,
      makeReceiver(() => null)
    )
    await c.connect()
    viewers.push(c)
  }
  // Each editor finds its own cell's text in the (now shared) table.
  const cellText = (doc: Y.Doc, k: number): Y.XmlText => {
    const body = doc.getXmlFragment('body')
    const table = body.get(body.length - 1) as Y.XmlElement
    const goal = table.get(k) as Y.XmlElement
    return ((goal.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText
  }
  for (let k = 0; k < EDITORS; k++) {
    const deadline = Date.now() + 5000
    while (!(editors[k]!.doc!.getXmlFragment('body').get(editors[k]!.doc!.getXmlFragment('body').length - 1) instanceof Y.XmlElement) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
  }
  await new Promise((r) => setTimeout(r, 500))
  latencies.length = 0

  const ticks = () => target.pids.reduce((n, pid) => n + cpuTicks(pid), 0)
  const ticks0 = ticks()
  const self0 = process.cpuUsage()
  const bytes0 = [...editors, ...viewers].reduce((s, c) => s + c.bytesReceived, 0)
  let rssMax = 0
  const rssTimer = setInterval(() => {
    rssMax = Math.max(
      rssMax,
      target.pids.reduce((n, pid) => n + rssMb(pid), 0)
    )
  }, 1000)
  const t0 = performance.now()
  const timers = editors.map((c, k) => {
    const text = cellText(c.doc!, k)
    return setTimeout(
      () => {
        const tick = setInterval(() => {
          const clock = Y.getState(c.doc!.store, c.doc!.clientID)
          const before = Y.encodeStateVector(c.doc!)
          text.insert(text.length, 'abcdefghij'[clock % 10]!)
          sendTimes.set(`${c.doc!.clientID}:${clock}`, performance.now())
          c.sendUpdate(Y.encodeStateAsUpdate(c.doc!, before))
        }, 1000 / CPS)
        timers2.push(tick)
      },
      Math.random() * (1000 / CPS)
    )
  })
  const timers2: NodeJS.Timeout[] = []
  await new Promise((r) => setTimeout(r, DURATION * 1000))
  timers.forEach(clearTimeout)
  timers2.forEach(clearInterval)
  const seconds = (performance.now() - t0) / 1000
  const serverCpu = (ticks() - ticks0) / 100 / seconds
  const self = process.cpuUsage(self0)
  await new Promise((r) => setTimeout(r, 1000))
  clearInterval(rssTimer)
  const bytes = [...editors, ...viewers].reduce((s, c) => s + c.bytesReceived, 0) - bytes0
  const expected = sendTimes.size * (EDITORS - 1 + VIEWERS)
  for (const c of [...editors, ...viewers]) c.close()
  return {
    server: target.name,
    'p50 ms': +percentile(latencies, 50).toFixed(1),
    'p95 ms': +percentile(latencies, 95).toFixed(1),
    'p99 ms': +percentile(latencies, 99).toFixed(1),
    'delivered %': +((100 * latencies.length) / Math.max(1, expected)).toFixed(1),
    'server CPU %': Math.round(serverCpu * 100),
    'server RSS MB': rssMax,
    'KB/client/s': +(bytes / (EDITORS + VIEWERS) / seconds / 1024).toFixed(2),
    'loadgen CPU %': Math.round(((self.user + self.system) / 1e6 / seconds) * 100)
  }
}

const results: Array<Awaited<ReturnType<typeof run>>> = []
// ONLY=hocus runs only the servers whose name contains the given text (ONLY=fælles,hocus: either).
const only = (process.env.ONLY ?? '').toLowerCase().split(',').filter(Boolean)
const chosen = Object.entries(starters).filter(([name]) => !only.length || only.some((o) => name.toLowerCase().includes(o)))
for (let r = 0; r < RUNS; r++) {
  for (const [, start] of chosen) {
    const target = await start()
    try {
      const result = await run(target)
      console.log(`run ${r + 1}/${RUNS}`, result)
      results.push(result)
    } finally {
      await target.stop()
    }
  }
}

// Medians per server, plus ratios against Fællesplan.
const median = (xs: number[]) => percentile(xs, 50)
const rows = chosen.map(([name]) => {
  const mine = results.filter((r) => r.server === name)
  const row: Record<string, string | number> = { server: name }
  for (const key of Object.keys(mine[0]!).filter((k) => k !== 'server')) row[key] = median(mine.map((m) => m[key as keyof typeof m] as number))
  return row
})
const ours = rows[0]!
for (const row of rows) row['p99 vs ours'] = +(Number(row['p99 ms']) / Number(ours['p99 ms'])).toFixed(2)
report('meeting', rows, { duration: DURATION, runs: RUNS, editors: EDITORS, viewers: VIEWERS, cps: CPS, all: results })
process.exit(0)
