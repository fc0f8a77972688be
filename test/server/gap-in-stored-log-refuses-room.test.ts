// A stored log with a missing row (every remaining row passes its checksum)
// must not be served as if complete: Yjs would hold the rows after the gap
// as "pending" and the room would open without them. The room refuses with
// RoomUnavailable, its rows stay untouched, and other plans serve.
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { SqliteStore, createPlan } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient } from '../../testkit/y-client'
import { openRaw } from '../helpers/raw-socket'

let t: TestServer | null = null
afterAll(async () => {
  await t?.stop()
  if (t) removeDir(t.dataDir)
})

describe('a gap in the stored update log', () => {
  it('makes that room refuse while other rooms serve, and nothing is overwritten', async () => {
    const first = await startTestServer()
    const dataDir = first.dataDir
    await first.stop()

    // Three updates by one writer; the middle one goes missing from storage.
    const store = new SqliteStore(dataDir)
    const healthy = await createPlan(store, 'empty', 'Sund plan')
    const writer = new Y.Doc()
    const stored = await store.loadRoom(DEMO_PLAN_ID)
    for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(writer, u)
    const updates: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => updates.push(u))
    for (const word of ['én', 'to', 'tre']) writer.getXmlFragment(BODY_FRAGMENT).push([new Y.XmlText(word)])
    await store.appendUpdates([updates[0]!, updates[2]!].map((update) => ({ room: DEMO_PLAN_ID, update })))
    await store.close()
    const rows = () => {
      const db = new Database(join(dataDir, 'faellesplan.sqlite'), { readonly: true })
      try {
        return db.prepare('SELECT id, data FROM updates WHERE room = ? ORDER BY id').all(DEMO_PLAN_ID)
      } finally {
        db.close()
      }
    }
    const before = rows()

    t = await startTestServer({}, dataDir)
    const admin = t.token('admin', { plan: '*' })
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, admin)
    expect(await raw.closed).toEqual({ code: Close.RoomUnavailable.code, reason: Close.RoomUnavailable.reason })
    expect(raw.received).toEqual([])
    expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${admin}`)).status).toBe(500)

    const other = connectClient(t.wsUrl, healthy.id, admin)
    await other.synced()
    expect(other.doc.getXmlFragment(BODY_FRAGMENT).length).toBeGreaterThan(0)
    other.destroy()

    await t.stop()
    expect(rows()).toEqual(before)
  })
})
