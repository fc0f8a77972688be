// The concurrent `friendsforever` trace (2 authors typing into one document
// at once, 26,078 edits) replayed causally — each edit applied to a Y.Doc
// holding exactly the edits it was made after — with every edit sent to the
// Fællesplan server as it is made, then read back from the server. Prints
// edits/s end to end (durable writes included), the stored size and the
// server's memory, beside the same replay in memory only.
// Run: npx tsx bench/friendsforever.ts
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join } from 'node:path'
import * as Y from 'yjs'
import { inviteToken, startServerProcess } from '../testkit/server-process'
import { connectClient, eventually } from '../testkit/y-client'
import { LightClient } from './lib/light-client'
import { report } from './lib/report'
import { LOAD_GENERATOR_ENV } from './lib/load-env'
import { syncUrlOf } from './lib/sync-url'

type Patch = [number, number, string]
interface Txn {
  parents: number[]
  agent: number
  patches: Patch[]
}
interface Trace {
  endContent: string
  numAgents: number
  txns: Txn[]
}

const trace = JSON.parse(
  gunzipSync(readFileSync(join(import.meta.dirname, '..', '..', 'shared', 'traces', 'friendsforever.json.gz'))).toString('utf8')
) as Trace

/** Replay the trace; `send` receives every edit's update as it is made. */
function replay(send: (agent: number, update: Uint8Array) => void): { docs: Y.Doc[]; edits: number } {
  const docs = Array.from({ length: trace.numAgents }, (_, a) => {
    const d = new Y.Doc()
    d.clientID = a + 1
    return d
  })
  const updates: Uint8Array[][] = docs.map(() => [])
  const applied = docs.map(() => new Array<number>(trace.numAgents).fill(0))
  const versions: number[][] = []
  let edits = 0
  trace.txns.forEach((txn, i) => {
    // The version a transaction was made on: for each agent, how many of its transactions came before.
    const need = new Array<number>(trace.numAgents).fill(0)
    for (const p of txn.parents)
      versions[p]!.forEach((n, a) => {
        need[a] = Math.max(need[a]!, n)
      })
    const doc = docs[txn.agent]!
    const have = applied[txn.agent]!
    for (let b = 0; b < trace.numAgents; b++) {
      if (b === txn.agent) continue
      for (; have[b]! < need[b]!; have[b]!++) Y.applyUpdate(doc, updates[b]![have[b]!]!)
    }
    const text = doc.getText('trace')
    const before = Y.encodeStateVector(doc)
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        // Positions count code points; Y.Text counts UTF-16 units.
        const s = text.toString()
        const at = [...s].slice(0, pos).join('').length
        const len = [...s.slice(at)].slice(0, del).join('').length
        if (len) text.delete(at, len)
        if (ins) text.insert(at, ins)
        edits++
      }
    })
    const update = Y.encodeStateAsUpdate(doc, before)
    updates[txn.agent]!.push(update)
    have[txn.agent] = updates[txn.agent]!.length
    need[txn.agent] = updates[txn.agent]!.length
    versions[i] = need
    send(txn.agent, update)
  })
  return { docs, edits }
}

// In memory only.
let t0 = performance.now()
const local = replay(() => undefined)
const merged = new Y.Doc()
for (const d of local.docs) Y.applyUpdate(merged, Y.encodeStateAsUpdate(d))
const localMs = performance.now() - t0
const localOk = merged.getText('trace').toString() === trace.endContent
console.log('in-memory replay matches the final text:', localOk)

// Through the server: every edit is stored before anyone gets it.
// The trace is replayed at machine speed, far above a typist's rate: lift the per-connection limit.
const server = await startServerProcess({ env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV, UPDATES_PER_SECOND: '100000' } })
const admin = inviteToken(server.dataDir, { plan: '*', role: 'admin', name: 'Bench', group: 'administration' })
const created = (await (
  await fetch(`${server.httpUrl}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: JSON.stringify({ template: 'empty', title: 'friendsforever' })
  })
).json()) as { plan: { id: string } }
const room = created.plan.id
// One connection carries both authors' edits in causal order. (Two sockets
// would race: an edit could reach the server before the edit it builds on,
// and the server refuses updates whose history it lacks.)
const sender = new LightClient(syncUrlOf(server.wsUrl, room, admin), { kind: 'y-websocket' }, null, () => undefined)
await sender.connect()
t0 = performance.now()
let sent = 0
const remote = replay((_agent, update) => {
  sender.sendUpdate(update)
  sent++
})
// Pace is the server's: wait until a fresh reader gets the whole text.
const reader = connectClient(server.wsUrl, room, admin)
await reader.synced()
await eventually(
  () => {
    if (reader.doc.getText('trace').toString() !== trace.endContent) throw new Error('not yet')
  },
  120_000,
  50
)
const serverMs = performance.now() - t0
const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024
const stored = Y.encodeStateAsUpdate(reader.doc).byteLength
reader.destroy()
sender.close()
await server.dispose()

report(
  'friendsforever',
  [
    {
      path: 'causal replay in memory (2 Y.Docs, merged)',
      edits: local.edits,
      seconds: +(localMs / 1000).toFixed(2),
      'edits/s': Math.round(local.edits / (localMs / 1000)),
      'encoded KB': Math.round(Y.encodeStateAsUpdate(merged).byteLength / 1024),
      'server RSS MB': '-',
      'matches end': String(localOk)
    },
    {
      path: 'through the Fællesplan server (stored before broadcast)',
      edits: remote.edits,
      seconds: +(serverMs / 1000).toFixed(2),
      'edits/s': Math.round(remote.edits / (serverMs / 1000)),
      'encoded KB': Math.round(stored / 1024),
      'server RSS MB': Math.round(rss),
      'matches end': 'true'
    }
  ],
  { updatesSent: sent }
)
process.exit(0)
