// kill -9 while an editor streams updates: everything another client had
// received before the kill is served by the restarted server (checked
// before the writer returns, so the writer cannot fill in a loss), and the
// writer's edits the server never stored (typed while it was down, or in
// flight at the kill) arrive when its provider reconnects.
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually } from '../../testkit/y-client'

let server: ServerProcess | null = null
afterAll(async () => {
  await server?.dispose()
})

/** The stream's lines ("kill9 n") present in a document's body. */
const lines = (doc: Y.Doc): Set<number> =>
  new Set([...JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON()).matchAll(/kill9 (\d+)/g)].map((m) => Number(m[1])))

describe('kill -9 during a stream of updates', () => {
  it('loses nothing another client received; the writer catches up on reconnect', async () => {
    const s = (server = await startServerProcess())
    const token = (name: string, role: 'editor' | 'viewer') => s.invite({ plan: DEMO_PLAN_ID, role, name, group: 'administration' })
    const writer = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Skriver', 'editor'))
    const reader = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Læser', 'viewer'))
    await Promise.all([writer.synced(), reader.synced()])

    const total = 200
    let killedAt = -1
    for (let i = 0; i < total; i++) {
      writer.doc.getXmlFragment(BODY_FRAGMENT).push([new Y.XmlText(`kill9 ${i} `)])
      if (i === 80) {
        // Mid-stream, with updates in flight: the writer keeps typing while the server is down.
        // On a loaded machine the first lines may not have reached the reader yet: wait for one, so the check below has something to check.
        await eventually(() => expect(lines(reader.doc).size).toBeGreaterThan(0))
        void s.kill('SIGKILL')
        killedAt = i
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    expect(killedAt).toBe(80)
    // What the reader holds came from the server before it died.
    await new Promise((r) => setTimeout(r, 100))
    const received = lines(reader.doc)
    expect(received.size).toBeGreaterThan(0)
    expect(received.size, 'the kill cut the stream').toBeLessThan(total)
    reader.destroy()
    // Keep the writer away until the check below, so it cannot fill in what storage lost.
    writer.provider.disconnect()

    await s.start()
    const fresh = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Efter genstart', 'viewer'))
    await fresh.synced()
    const served = lines(fresh.doc)
    expect(
      [...received].filter((n) => !served.has(n)),
      'received before the kill but not served after it'
    ).toEqual([])

    // The writer's provider reconnects and sends what the server lacks.
    writer.provider.connect()
    await eventually(() => expect(lines(fresh.doc).size).toBe(total), 20_000)
    expect(JSON.stringify(fresh.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(JSON.stringify(writer.doc.getXmlFragment(BODY_FRAGMENT).toJSON()))
    fresh.destroy()
    writer.destroy()
  })
})
