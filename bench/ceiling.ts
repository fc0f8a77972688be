// Limits of one server process: storage per 10,000 edits before and after
// compaction, and memory per loaded room (idle, and with an editor typing).
// Run: npx tsx bench/ceiling.ts
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../schema'
import { DEMO_PLAN_ID } from '../schema/build'
import { inviteToken, startServerProcess } from '../testkit/server-process'
import { connectClient, eventually, type YClient } from '../testkit/y-client'
import { report } from './lib/report'
import { LOAD_GENERATOR_ENV } from './lib/load-env'

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
const settle = () => new Promise((r) => setTimeout(r, 1500))

// 1. Storage per 10,000 edits.
const server = await startServerProcess({ env: { LOG_LEVEL: 'error', ...LOAD_GENERATOR_ENV, COMPACT_EVERY: '1000000', ROOM_IDLE_MS: '500' } })
const admin = inviteToken(server.dataDir, { plan: '*', role: 'admin', name: 'Bench', group: 'administration' })
const dbBytes = () => {
  const db = new Database(join(server.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    const u = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS b, COUNT(*) AS n FROM updates WHERE room = ?').get(DEMO_PLAN_ID) as { b: number; n: number }
    const s = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS b FROM snapshots WHERE room = ?').get(DEMO_PLAN_ID) as { b: number }
    return { bytes: u.b + s.b, rows: u.n }
  } finally {
    db.close()
  }
}
const before = dbBytes()
const writer = connectClient(server.wsUrl, DEMO_PLAN_ID, admin)
await writer.synced()
const para = new Y.XmlElement('paragraph')
const text = new Y.XmlText()
para.insert(0, [text])
writer.doc.getXmlFragment(BODY_FRAGMENT).push([para])
for (let i = 0; i < 10_000; i++) {
  text.insert(text.length, 'abcdefghij'[i % 10]!)
  if (i % 150 === 149) await new Promise((r) => setTimeout(r, 1000))
}
await eventually(
  () => {
    if (dbBytes().rows < 10_000) throw new Error('not stored yet')
  },
  60_000,
  200
)
const afterEdits = dbBytes()
writer.destroy()
await settle() // the room unloads (ROOM_IDLE_MS) and compacts
const afterCompaction = dbBytes()

// 2. Memory per loaded room.
const plans: string[] = []
for (let i = 0; i < 100; i++) {
  const r = (await (
    await fetch(`${server.httpUrl}/api/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: JSON.stringify({ template: 'demo', title: `Plan ${i}` })
    })
  ).json()) as { plan: { id: string } }
  plans.push(r.plan.id)
}
await settle()
const rss0 = rssMb(server.pid)
const viewers: YClient[] = []
for (const id of plans) {
  const v = connectClient(server.wsUrl, id, admin)
  await v.synced()
  viewers.push(v)
}
await settle()
const rssIdle = rssMb(server.pid)
// Now one edit per room every 300 ms for 10 s: active rooms.
const timer = setInterval(() => {
  for (const v of viewers) {
    const body = v.doc.getXmlFragment(BODY_FRAGMENT)
    const p = body.get(0) as Y.XmlElement
    ;(p.get(0) as Y.XmlText | undefined)?.insert(0, 'x')
  }
}, 300)
await new Promise((r) => setTimeout(r, 10_000))
clearInterval(timer)
const rssActive = rssMb(server.pid)
for (const v of viewers) v.destroy()
await server.dispose()

report('ceiling', [
  { measure: 'storage before 10,000 edits, KB (demo plan)', value: Math.round(before.bytes / 1024) },
  { measure: 'storage after 10,000 single-character edits, KB (update log)', value: Math.round(afterEdits.bytes / 1024) },
  { measure: 'rows in the update log after the edits', value: afterEdits.rows },
  { measure: 'storage after compaction, KB', value: Math.round(afterCompaction.bytes / 1024) },
  { measure: 'server RSS with no room loaded, MB', value: Math.round(rss0) },
  { measure: 'memory per loaded idle room (demo plan, 1 connection), KB', value: Math.round(((rssIdle - rss0) * 1024) / plans.length) },
  { measure: 'memory per active room (+ 3 edits/s for 10 s), KB', value: Math.round(((rssActive - rss0) * 1024) / plans.length) }
])
process.exit(0)
