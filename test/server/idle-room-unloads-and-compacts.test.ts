// Rooms are compacted (update log merged into one stored state) once the log
// is long, and unloaded after their last connection has been gone for a
// while; a room loaded again from the compacted state has everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ idleMs: 200, compactEvery: 10 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const stored = () => {
  const db = new Database(join(t.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    return {
      rows: (db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?').get(DEMO_PLAN_ID) as { n: number }).n,
      snapshot: (db.prepare('SELECT COUNT(*) AS n FROM snapshots WHERE room = ?').get(DEMO_PLAN_ID) as { n: number }).n
    }
  } finally {
    db.close()
  }
}

describe('room lifecycle', () => {
  it('compacts a long log, unloads an idle room, and reloads it whole', async () => {
    const a = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await a.synced()
    for (let i = 0; i < 25; i++) {
      a.doc.getXmlFragment(BODY_FRAGMENT).push([new Y.XmlText(`linje ${i} `)])
      await new Promise((r) => setTimeout(r, 5))
    }
    // Compaction ran while the room was busy: the log never grows far past compactEvery.
    await eventually(() => {
      const s = stored()
      expect(s.snapshot).toBe(1)
      expect(s.rows).toBeLessThan(10)
    })
    const expected = JSON.stringify(a.doc.getXmlFragment(BODY_FRAGMENT).toJSON())
    a.destroy()

    await eventually(() => expect(t.server.rooms.peek(DEMO_PLAN_ID)).toBeUndefined())
    // Unloading writes its compaction asynchronously, after the room left the registry.
    await eventually(() => expect(stored().rows).toBe(0))

    const b = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await b.synced()
    expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(expected)
    b.destroy()
  })
})
