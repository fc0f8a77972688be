import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seedPlanDoc } from '../../schema'
import { demoPlan } from '../../schema/build'
import { ReadPool } from '../../server/reads/read-pool'
import { eventually } from '../../testkit/y-client'

// Issue #17 (meeting memory): each read worker thread holds ~60 MB, and a
// worker once started (one export, one automatic version) used to live as
// long as the server. An idle worker is now ended; the next read starts a
// fresh one and is answered as before.

const IDLE_MS = 300
let pool: ReadPool | null = null
afterEach(async () => {
  await pool?.close()
  pool = null
})

/** The demo plan's body as one encoded state, as a loaded room hands it to a worker. */
function demoState(): Uint8Array {
  const doc = new Y.Doc()
  seedPlanDoc(doc, demoPlan('idle-workers'))
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

const readTitle = async (p: ReadPool): Promise<string> => {
  const r = await p.run(async () => ({ planId: 'idle-workers', output: 'plan.json', lang: 'da', body: { kind: 'state', update: demoState() }, comments: null }))
  if (r.kind !== 'text') throw new Error(`plan.json gave ${r.kind}`)
  return (JSON.parse(r.text) as { plan: { title: string } }).plan.title
}

it('an idle read worker is ended, and the next read starts a new one and is answered', async () => {
  pool = new ReadPool(null, { workers: 2, maxQueued: 4, heapMb: 256, timeoutMs: 60_000, idleMs: IDLE_MS })
  expect(pool.workerCount).toBe(0)
  const title = await readTitle(pool)
  expect(title.length).toBeGreaterThan(0)
  // Right after the answer the worker is still there (it ends only after IDLE_MS of nothing to do)…
  expect(pool.workerCount).toBe(1)
  // …and then it is gone.
  await eventually(() => expect(pool!.workerCount).toBe(0))
  expect(await readTitle(pool)).toBe(title)
  expect(pool.workerCount).toBe(1)
})

it('the idle clock never ends a worker in the middle of a read: with a 1 ms idle time, reads queued back to back are all answered', async () => {
  pool = new ReadPool(null, { workers: 1, maxQueued: 8, heapMb: 256, timeoutMs: 60_000, idleMs: 1 })
  const titles = await Promise.all(Array.from({ length: 6 }, () => readTitle(pool!)))
  expect(titles.length).toBe(6)
  expect(new Set(titles).size).toBe(1)
  await eventually(() => expect(pool!.workerCount).toBe(0))
})
