// Kill the server with SIGKILL at random moments while several editors write;
// restart it on the same data. After every round, everything any client had
// received from the server is stored, and once the writers reconnect all
// clients converge with every edit they made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, covers, eventually, type YClient } from '../../testkit/y-client'
import { GoalTableEditor, randomGoalTableEdit } from '../helpers/goal-table-edits'

let server: ServerProcess
beforeAll(async () => {
  server = await startServerProcess()
})
afterAll(async () => {
  await server?.dispose()
})

describe('crash loop', () => {
  it('SIGKILL at random moments loses nothing any client had received', async () => {
    let x = 4242
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648)
    // Links as an administrator makes them in the share dialog (POST …/invites).
    const token = (name: string, role: 'editor' | 'viewer' = 'editor') => server.invite({ plan: DEMO_PLAN_ID, role, name, group: 'administration' })
    const writers: YClient[] = []
    for (const i of [0, 1, 2]) writers.push(connectClient(server.wsUrl, DEMO_PLAN_ID, await token(`Skriver ${i}`)))
    await Promise.all(writers.map((w) => w.synced()))
    const editor = new GoalTableEditor(writers[0]!.doc)

    for (let round = 0; round < 4; round++) {
      // An observer that only receives: whatever it holds came from the server.
      const observer = connectClient(server.wsUrl, DEMO_PLAN_ID, await token('Observatør', 'viewer'))
      await observer.synced()
      const writing = (async () => {
        for (let i = 0; i < 40; i++) {
          writers.forEach((w, peer) => editor.apply(w.doc, peer, randomGoalTableEdit(rand)))
          await new Promise((r) => setTimeout(r, 5))
        }
      })()
      await new Promise((r) => setTimeout(r, 20 + Math.floor(rand() * 150)))
      await server.kill('SIGKILL')
      await writing
      const seen = new Y.Doc()
      Y.applyUpdate(seen, Y.encodeStateAsUpdate(observer.doc))
      observer.destroy()

      await server.start()
      const fresh = connectClient(server.wsUrl, DEMO_PLAN_ID, await token('Ny læser', 'viewer'))
      await fresh.synced()
      expect(covers(fresh.doc, seen), `round ${round}: the restarted server has everything the observer had received`).toBe(true)
      fresh.destroy()
    }

    // The writers reconnect by themselves and send what the server never got.
    await eventually(() => {
      const bodies = writers.map((w) => JSON.stringify(w.doc.getXmlFragment(BODY_FRAGMENT).toJSON()))
      expect(new Set(bodies).size).toBe(1)
    }, 30_000)
    const check = connectClient(server.wsUrl, DEMO_PLAN_ID, await token('Kontrol', 'viewer'))
    await check.synced()
    await eventually(() => {
      for (const w of writers) expect(covers(check.doc, w.doc)).toBe(true)
    }, 15_000)
    check.destroy()
    for (const w of writers) w.destroy()
    // A ceiling, not a wait: five server starts, each compiling the server with tsx, took a minute apiece on a loaded machine.
    // Writers start typing again while still reconnecting (no invite command blocks the test between rounds): this found
    // updates sent before the sync reply being refused (test/server/update-before-sync-reply.test.ts).
  }, 300_000)
})
