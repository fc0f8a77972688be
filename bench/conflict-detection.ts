// What conflict detection (issue #14) adds to applying one update on the
// server, on the ≈ 200-page plan: typing (the common case: one text insert),
// a causal write of a target value, and a concurrent pair of writes to the
// same field (the conflict path). The same updates are applied to a room-like
// Y.Doc with and without the server's afterTransaction hook (ClientAuthors +
// FieldConflicts over a real SqliteStore), interleaved; CPU time per update, the median of ROUNDS (9) rounds.
// Run: LOG_LEVEL=error npx tsx bench/conflict-detection.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT, seedPlanDoc } from '../schema'
import { demoMeta } from '../schema/build'
import { ClientAuthors, FieldConflicts, SqliteStore } from '../server'
import { bigPlanDoc } from '../testkit/big-plan'
import { percentile } from './lib/report'

const PLAN = 'bench-plan'
const ROUNDS = Number(process.env.ROUNDS ?? 9)
const seedDoc = new Y.Doc()
seedPlanDoc(seedDoc, { meta: demoMeta(PLAN), doc: bigPlanDoc() })
const seed = Y.encodeStateAsUpdate(seedDoc)

const clientDoc = (id: number): Y.Doc => {
  const d = new Y.Doc()
  d.clientID = id
  Y.applyUpdate(d, seed)
  return d
}

/** Every Yjs update a function makes on a doc, one per transaction. */
function record(doc: Y.Doc, make: () => void): Uint8Array[] {
  const out: Uint8Array[] = []
  const f = (u: Uint8Array) => out.push(u)
  doc.on('update', f)
  make()
  doc.off('update', f)
  return out
}

const elements = (doc: Y.Doc, name: string): Y.XmlElement[] =>
  [...doc.getXmlFragment(BODY_FRAGMENT).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === name)] as Y.XmlElement[]
const texts = (doc: Y.Doc): Y.XmlText[] => [...doc.getXmlFragment(BODY_FRAGMENT).createTreeWalker((n) => n instanceof Y.XmlText)] as Y.XmlText[]

const typist = clientDoc(11)
const typing = record(typist, () => {
  const ts = texts(typist).slice(0, 50)
  for (let i = 0; i < 2000; i++) ts[i % ts.length]!.insert(0, 'x')
})
const writer = clientDoc(12)
const causal = record(writer, () => {
  const targets = elements(writer, 'target').slice(0, 50)
  for (let i = 0; i < 500; i++) targets[i % targets.length]!.setAttribute('targetValue', (1000 + i) as unknown as string)
})
// Concurrent pairs: two writers who never see each other, one write each per target.
const a = clientDoc(13)
const b = clientDoc(14)
const pairs = elements(a, 'target').length
const concurrent = [
  ...record(a, () => elements(a, 'target').forEach((t, i) => t.setAttribute('baselineValue', (2000 + i) as unknown as string))),
  ...record(b, () => elements(b, 'target').forEach((t, i) => t.setAttribute('baselineValue', (3000 + i) as unknown as string)))
]

const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-bench-conflicts-'))
const store = new SqliteStore(dataDir, 'NORMAL')
const origin = { claims: { name: 'Bench', sub: 'bench' } }
const storedAuthors = await store.listClientAuthors(PLAN)
const openConflicts = await store.listConflicts(PLAN)

/** Microseconds per update to apply `updates` to a fresh server doc, with or without the hook. */
function applyAll(updates: Uint8Array[], detect: boolean): number {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, seed)
  if (detect) {
    // What a room loads with (Room.load): the stored authors and open conflicts.
    const authors = new ClientAuthors(PLAN, storedAuthors)
    const conflicts = new FieldConflicts(PLAN, store, authors, openConflicts)
    doc.on('afterTransaction', (txn: Y.Transaction) => {
      const at = new Date().toISOString()
      authors.observe(txn, at)
      conflicts.observe(txn, at)
    })
  }
  // CPU time, not wall time: the bench machine is shared, and a busy neighbour must not count as our cost.
  const t0 = process.cpuUsage()
  for (const u of updates) Y.applyUpdate(doc, u, origin)
  const used = process.cpuUsage(t0)
  const us = (used.user + used.system) / updates.length
  doc.destroy()
  return us
}

const rows: Array<[string, number, number]> = []
for (const [name, updates] of [
  ['typing (one character)', typing],
  ['causal target value write', causal],
  [`concurrent writes (${pairs} pairs → ${pairs} conflicts)`, concurrent]
] as const) {
  const on: number[] = []
  const off: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    off.push(applyAll(updates, false))
    on.push(applyAll(updates, true))
  }
  rows.push([name, percentile(off, 50), percentile(on, 50)])
}
console.log('| update | µs/update without | µs/update with detection | added µs |')
console.log('|---|---|---|---|')
for (const [name, off, on] of rows) console.log(`| ${name} | ${off.toFixed(1)} | ${on.toFixed(1)} | ${(on - off).toFixed(1)} |`)
await store.close()
rmSync(dataDir, { recursive: true, force: true })
