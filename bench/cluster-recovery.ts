// Time to recover after a server process is killed during a meeting spread
// over a cluster (issue #16): 3 processes + Redis behind the built-in proxy,
// EDITORS y-websocket clients typing CPS characters a second each; one
// process gets SIGKILL. Measured: until every client of the killed process is
// connected and synced again (through the proxy, on the others), and until
// every editor's typing reaches an observer again.
// Run: npx tsx bench/cluster-recovery.ts   (RUNS=3 EDITORS=30 CPS=3)
import * as Y from 'yjs'
import { DEMO_PLAN_ID } from '../schema/build'
import { startProxy } from '../server'
import { startCluster } from '../testkit/cluster'
import { inviteToken } from '../testkit/server-process'
import { connectClient, eventually, type YClient } from '../testkit/y-client'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { percentile, report } from './lib/report'

const RUNS = Number(process.env.RUNS ?? 3)
const EDITORS = Number(process.env.EDITORS ?? 30)
const CPS = Number(process.env.CPS ?? 3)

async function once(): Promise<{ 'reconnected ms': number; 'typing flows ms': number; 'clients moved': number }> {
  const cluster = await startCluster({ processes: 3, env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV } })
  const proxy = await startProxy({
    port: 0,
    host: '127.0.0.1',
    byRoom: false,
    healthCheckMs: 1000,
    backends: cluster.servers.map((s) => ({ host: '127.0.0.1', port: s.port }))
  })
  const wsUrl = `ws://127.0.0.1:${proxy.port}/sync`
  const editorToken = inviteToken(cluster.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Bench', group: 'administration' })
  const viewerToken = inviteToken(cluster.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Bench', group: 'council' })
  const clients: YClient[] = []
  const timers: NodeJS.Timeout[] = []
  try {
    const editors = Array.from({ length: EDITORS }, () => connectClient(wsUrl, DEMO_PLAN_ID, editorToken))
    // The observer connects straight to a process that is not killed.
    const observer = connectClient(cluster.servers[0]!.wsUrl, DEMO_PLAN_ID, viewerToken)
    clients.push(...editors, observer)
    await Promise.all(clients.map((c) => c.synced()))
    const texts = editors.map((e, i) => {
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText(`e${i}:`)
      p.insert(0, [t])
      e.doc.getXmlFragment('body').push([p])
      return t
    })
    for (const t of texts) timers.push(setInterval(() => t.insert(t.length, 'x'), 1000 / CPS))
    await new Promise((r) => setTimeout(r, 2000))

    const dropped = new Map<YClient, number | null>()
    for (const e of editors) {
      e.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped.set(e, null))
      e.provider.on('sync', (s: boolean) => s && dropped.get(e) === null && dropped.set(e, performance.now()))
    }
    const killedAt = performance.now()
    await cluster.servers[1]!.kill('SIGKILL')
    const lengthsAtKill = texts.map((t) => t.length)
    await eventually(
      () => {
        if (dropped.size === 0 || [...dropped.values()].some((at) => at === null)) throw new Error('not yet')
      },
      60_000,
      5
    )
    const reconnected = Math.max(...[...dropped.values()].map((at) => at! - killedAt))
    // Every editor's typing after the kill has reached the observer.
    const body = () => JSON.stringify(observer.doc.getXmlFragment('body').toJSON())
    await eventually(
      () => {
        const b = body()
        texts.forEach((t, i) => {
          if (!b.includes(`e${i}:${'x'.repeat(lengthsAtKill[i]! - `e${i}:`.length + 1)}`)) throw new Error(`editor ${i} not yet`)
        })
      },
      60_000,
      5
    )
    const flows = performance.now() - killedAt
    return { 'reconnected ms': Math.round(reconnected), 'typing flows ms': Math.round(flows), 'clients moved': dropped.size }
  } finally {
    timers.forEach(clearInterval)
    for (const c of clients) c.destroy()
    await proxy.close()
    await cluster.dispose()
  }
}

const results = []
for (let r = 0; r < RUNS; r++) {
  const result = await once()
  console.log(`run ${r + 1}/${RUNS}`, result)
  results.push(result)
}
const median = (xs: number[]) => percentile(xs, 50)
report(
  'cluster-recovery',
  [
    {
      setup: `3 processes + Redis behind the proxy, ${EDITORS} editors × ${CPS} cps, one process SIGKILLed`,
      'reconnected ms (median)': median(results.map((r) => r['reconnected ms'])),
      'typing flows ms (median)': median(results.map((r) => r['typing flows ms'])),
      'reconnected ms (max)': Math.max(...results.map((r) => r['reconnected ms'])),
      'clients moved': median(results.map((r) => r['clients moved']))
    }
  ],
  { runs: RUNS, editors: EDITORS, cps: CPS, all: results }
)
process.exit(0)
