// Sync latency and sustained throughput of one room: 20 editors over
// loopback against the real server process (durable writes: SQLite WAL,
// synchronous=FULL, every update committed before it is broadcast).
// Offered load steps up; for each step it prints updates/s offered, stored
// (from /metrics) and delivered, p50/p99 from one client's update to every
// other client's receipt, and p50/p99 to the sender's `persisted` ack.
// "Sustained" is the highest step at which every update reached every other
// editor and p99 stayed under 100 ms.
//
// Receivers only read which (client, clock) ranges a frame carries instead of
// applying it, so the load generator stays light and the server's core is
// what is measured. Each editor types into its own paragraph of the body.
//
// Run: npx tsx bench/sync-latency.ts   (EDITORS=20 DURATION=8 STEPS=10,25,50,100,200: seconds per step, per-editor updates/s)
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { BODY_FRAGMENT, MessageType } from '../schema'
import { DEMO_PLAN_ID } from '../schema/build'
import { inviteToken, metricsHeaders, startServerProcess, type ServerProcess } from '../testkit/server-process'
import { LightClient, type OnUpdate } from './lib/light-client'
import { percentile, report } from './lib/report'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { syncUrlOf } from './lib/sync-url'

const EDITORS = Number(process.env.EDITORS ?? 20)
const SECONDS = Number(process.env.DURATION ?? 8)
const STEPS = (process.env.STEPS ?? '10,25,50,100,200').split(',').map(Number)

interface Editor {
  client: BenchClient
  doc: Y.Doc
  text: Y.XmlText
}

async function storedTotal(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.httpUrl}/metrics`, { headers: metricsHeaders })).text()
  return Number(/faellesplan_updates_stored_total (\d+)/.exec(text)?.[1] ?? NaN)
}

async function step(server: ServerProcess, editors: Editor[], perEditor: number) {
  const sent = new Map<string, number>()
  const fanout: number[] = []
  const acks: number[] = []
  let delivered = 0
  const pendingAck = editors.map(() => [] as Array<{ clock: number; at: number }>)

  editors.forEach((e, k) => {
    const own = e.doc.clientID
    const seen = new Map<number, number>()
    e.client.onReceive = (update, at) => {
      const { from, to } = Y.parseUpdateMeta(update)
      to.forEach((end, client) => {
        if (client === own) return
        for (let clock = Math.max(from.get(client) ?? 0, seen.get(client) ?? 0); clock < end; clock++) {
          const t = sent.get(`${client}:${clock}`)
          if (t !== undefined) {
            fanout.push(at - t)
            delivered++
          }
        }
        seen.set(client, Math.max(seen.get(client) ?? 0, end))
      })
    }
    e.client.onPersisted = (sv, at) => {
      const stored = sv.get(own) ?? 0
      const queue = pendingAck[k]!
      while (queue.length && queue[0]!.clock < stored) acks.push(at - queue.shift()!.at)
    }
  })

  const stored0 = await storedTotal(server)
  const t0 = performance.now()
  const timers: NodeJS.Timeout[] = []
  editors.forEach((e, k) => {
    // Spread the editors' keystrokes over the interval, as people's are.
    timers.push(
      setTimeout(
        () => {
          timers.push(
            setInterval(() => {
              const clock = Y.getState(e.doc.store, e.doc.clientID)
              const before = Y.encodeStateVector(e.doc)
              e.text.insert(e.text.length, 'abcdefghij'[clock % 10]!)
              const at = performance.now()
              sent.set(`${e.doc.clientID}:${clock}`, at)
              pendingAck[k]!.push({ clock, at })
              e.client.sendUpdate(Y.encodeStateAsUpdate(e.doc, before))
            }, 1000 / perEditor)
          )
        },
        Math.random() * (1000 / perEditor)
      )
    )
  })
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  timers.forEach((t) => clearInterval(t))
  const seconds = (performance.now() - t0) / 1000
  // Let the tail arrive before counting what was delivered.
  await new Promise((r) => setTimeout(r, 1000))
  const stored = (await storedTotal(server)) - stored0
  const expected = sent.size * (EDITORS - 1)
  return {
    'offered/s': Math.round(sent.size / seconds),
    'stored/s': Math.round(stored / seconds),
    'delivered/s': Math.round(delivered / seconds),
    'delivered %': +((100 * delivered) / Math.max(1, expected)).toFixed(2),
    'p50 ms': +percentile(fanout, 50).toFixed(1),
    'p99 ms': +percentile(fanout, 99).toFixed(1),
    'ack p50 ms': +percentile(acks, 50).toFixed(1),
    'ack p99 ms': +percentile(acks, 99).toFixed(1)
  }
}

/** A LightClient whose receive callback can be swapped per step, and that also reports our `persisted` acknowledgements. */
class BenchClient extends LightClient {
  onPersisted: (sv: Map<number, number>, at: number) => void = () => undefined
  private readonly box: { fn: OnUpdate }
  constructor(url: string) {
    const box: { fn: OnUpdate } = { fn: () => undefined }
    super(url, { kind: 'y-websocket' }, null, (update, at) => box.fn(update, at))
    this.box = box
  }
  set onReceive(fn: OnUpdate) {
    this.box.fn = fn
  }
  override async connect(): Promise<void> {
    await super.connect()
    this.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (decoding.readVarUint(d) !== MessageType.persisted) return
      this.onPersisted(Y.decodeStateVector(decoding.readVarUint8Array(d)), performance.now())
    })
  }
}

// Real typing is ≤ 20 updates/s per person; the higher steps need the
// per-connection limit lifted (UPDATES_PER_SECOND), as the trace replays do.
const server = await startServerProcess({ env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV, UPDATES_PER_SECOND: String(Math.max(...STEPS) * 4) } })
try {
  const token = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Bench', group: 'administration' })
  const editors: Editor[] = []
  for (let k = 0; k < EDITORS; k++) {
    const doc = new Y.Doc()
    const client = new BenchClient(syncUrlOf(server.wsUrl, DEMO_PLAN_ID, token))
    await client.connect()
    // The editor's own paragraph; it only ever appends to it, so its updates
    // depend on nothing but its own earlier ones (the server checks that).
    const text = new Y.XmlText()
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [text])
    doc.getXmlFragment(BODY_FRAGMENT).push([p])
    client.sendUpdate(Y.encodeStateAsUpdate(doc))
    editors.push({ client, doc, text })
  }
  await new Promise((r) => setTimeout(r, 500))

  const rows: Array<Record<string, number>> = []
  for (const perEditor of STEPS) {
    const row = { 'per editor/s': perEditor, ...(await step(server, editors, perEditor)) }
    console.log(row)
    rows.push(row)
  }
  const ok = rows.filter((r) => r['delivered %']! >= 99.99 && r['p99 ms']! < 100)
  const best = ok.length ? ok[ok.length - 1]! : null
  report('sync-latency', rows, { editors: EDITORS, seconds: SECONDS, durable: 'SQLite WAL, synchronous=FULL' })
  console.log(
    best
      ? `sustained: ${best['stored/s']} updates/s stored and fanned out to ${EDITORS - 1} others (p50 ${best['p50 ms']} ms, p99 ${best['p99 ms']} ms, ack p99 ${best['ack p99 ms']} ms)`
      : 'no step met the bar (all delivered, p99 < 100 ms)'
  )
  for (const e of editors) e.client.close()
} finally {
  await server.dispose()
}
process.exit(0)
