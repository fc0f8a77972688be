// What unloading a large edited room costs the sync thread (issue #17). The
// ≈ 200-page plan is opened by one editor, edited (so the room has
// unversioned edits and a log to compact), and left; after ROOM_IDLE the
// server unloads it: flush, compaction and the automatic version of the
// unload. Everything the unload does synchronously holds up every other
// room, so the time of Room.destroy() (wrapped here, in the bench only) is
// the stall. Reported with the version count, to show the version was made.
// Run: npx tsx bench/unload-stall.ts   (ROUNDS=7 EDITS=200)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../schema'
import { demoMeta } from '../schema/build'
import { startServer, storeNewPlan } from '../server'
import { bigPlanDoc } from '../testkit/big-plan'
import { connectClient, eventually } from '../testkit/y-client'
import { percentile, report } from './lib/report'

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const EDITS = Number(process.env.EDITS ?? 200)
const PLAN = 'bench-unload'

const dataDir = mkdtempSync(join(tmpdir(), 'bench-unload-'))
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, idleMs: 200, versions: { everyMs: 1e9 } })
await storeNewPlan(server.store, { meta: demoMeta(PLAN), doc: bigPlanDoc() })
const token = server.mintTokenNow({ plan: PLAN, role: 'editor', name: 'Bench', group: 'administration' })
const wsUrl = `ws://127.0.0.1:${server.port}/sync`

const stalls: number[] = []
/** CPU time of the same calls: on a loaded machine the wall time also counts waiting for a core (nothing else runs in the process then). */
const cpu: number[] = []
let wrapped = false
for (let round = 0; round < ROUNDS; round++) {
  const c = connectClient(wsUrl, PLAN, token)
  await c.synced()
  const room = server.rooms.peek(PLAN)!
  if (!wrapped) {
    // The bench's one intrusion: time the synchronous parts of the room's
    // unload. Room.destroy() waits for storage (its pending updates, then
    // the compaction's write); what holds up other rooms is the code between
    // those waits: destroy's own start and the compaction's encoding.
    const proto = Object.getPrototypeOf(room) as { destroy: (this: unknown) => Promise<void>; compact: (this: unknown) => Promise<void> }
    const destroy = proto.destroy
    const compact = proto.compact
    let unloading = false
    const timed = <T>(fn: () => T): T => {
      const t0 = performance.now()
      const c0 = process.cpuUsage()
      const r = fn()
      const c = process.cpuUsage(c0)
      stalls[stalls.length - 1]! += performance.now() - t0
      cpu[cpu.length - 1]! += (c.user + c.system) / 1000
      return r
    }
    proto.destroy = function (this: unknown) {
      stalls.push(0)
      cpu.push(0)
      unloading = true
      return timed(() => destroy.call(this)).finally(() => (unloading = false))
    }
    proto.compact = function (this: unknown) {
      return unloading ? timed(() => compact.call(this)) : compact.call(this)
    }
    wrapped = true
  }
  // Type EDITS characters into the first paragraph's text, one update each.
  const body = c.doc.getXmlFragment(BODY_FRAGMENT)
  const text = body.createTreeWalker((t) => t instanceof Y.XmlText).next().value as Y.XmlText
  for (let i = 0; i < EDITS; i++) text.insert(0, 'x')
  const want = Y.encodeStateVector(c.doc)
  await eventually(() => {
    const sv = Y.decodeStateVector(Y.encodeStateVector(room.doc))
    for (const [client, clock] of Y.decodeStateVector(want)) if ((sv.get(client) ?? 0) < clock) throw new Error('not yet applied')
  })
  const before = (await server.store.listVersions(PLAN)).length
  c.destroy()
  await eventually(() => {
    if (server.rooms.peek(PLAN)) throw new Error('not unloaded yet')
  })
  await server.versions.idle()
  await eventually(async () => {
    if ((await server.store.listVersions(PLAN)).length <= before) throw new Error('no version yet')
  })
  console.log(`round ${round + 1}: unload ${stalls[stalls.length - 1]!.toFixed(1)} ms, CPU ${cpu[cpu.length - 1]!.toFixed(1)} ms`)
}
const rows = [
  {
    plan: '≈ 200 pages, edited',
    rounds: ROUNDS,
    'edits per round': EDITS,
    'unload on the sync thread, ms p50': +percentile(stalls, 50).toFixed(1),
    'ms max': +Math.max(...stalls).toFixed(1),
    'CPU ms p50': +percentile(cpu, 50).toFixed(1),
    'versions made': (await server.store.listVersions(PLAN)).length
  }
]
await server.close()
rmSync(dataDir, { recursive: true, force: true })
report('unload-stall', rows, { rounds: ROUNDS, edits: EDITS, stalls, cpu })
process.exit(0)
