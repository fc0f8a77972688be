// Issue #11, item 2: a large but legitimate plan (a 20 MB import) must open.
// Its initial sync reply is one message bigger than the slow-consumer limit,
// and the server used to cut every joining client as soon as it sent the
// next message behind it, so the plan never opened for anyone new. A client
// that really stops reading must still be cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { BODY_FRAGMENT, MessageType } from '../../schema'
import { DEFAULT_OPTIONS } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw } from '../helpers/raw-socket'
import { metricsHeaders } from '../../testkit/server-process'

/** Seed a plan on the server whose body is `paragraphs` paragraphs of `size` characters each. */
async function seedLargePlan(t: TestServer, id: string, paragraphs: number, size: number): Promise<number> {
  const doc = new Y.Doc()
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  doc.transact(() => {
    for (let i = 0; i < paragraphs; i++) {
      const p = new Y.XmlElement('paragraph')
      // Varied text, like a real plan's, rather than one repeated letter.
      p.insert(0, [new Y.XmlText(`${i}: ${'Borgere i ledighed skal hurtigere i job. '.repeat(Math.ceil(size / 41)).slice(0, size)}`)])
      body.insert(body.length, [p])
    }
  })
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  await t.server.store.createPlan({ id, title: 'Stor plan', createdAt: new Date().toISOString() }, state)
  return state.byteLength
}

const slowConsumerCloses = async (t: TestServer): Promise<number> => {
  const m = await (await fetch(`${t.httpUrl}/metrics`, { headers: metricsHeaders })).text()
  return Number(/faellesplan_slow_consumer_closes_total (\d+)/.exec(m)![1])
}

const bodyLength = (doc: Y.Doc) => doc.getXmlFragment(BODY_FRAGMENT).length

describe('a large legitimate room', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(async () => {
    await t.stop()
    removeDir(t.dataDir)
  })

  it('a 20 MB plan opens for a fresh client with the default slow-consumer limit', async () => {
    const bytes = await seedLargePlan(t, 'stor-importeret-plan', 200, 100_000)
    expect(bytes).toBeGreaterThan(DEFAULT_OPTIONS.limits.maxBufferedBytes)
    const viewer = connectClient(t.wsUrl, 'stor-importeret-plan', t.token('viewer', { plan: 'stor-importeret-plan' }))
    const editor = connectClient(t.wsUrl, 'stor-importeret-plan', t.token('editor', { plan: 'stor-importeret-plan' }))
    try {
      const before = await slowConsumerCloses(t)
      await Promise.all([viewer.synced(60_000), editor.synced(60_000)])
      expect(bodyLength(viewer.doc)).toBe(200)
      expect(Y.encodeStateAsUpdate(viewer.doc).byteLength).toBeGreaterThan(20_000_000)
      // Still connected and live after the big reply: an edit arrives.
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText('ny linje efter åbning')])
      editor.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [p])
      await eventually(() => expect(JSON.stringify(viewer.doc.getXmlFragment(BODY_FRAGMENT).get(0).toJSON())).toContain('ny linje efter åbning'), 30_000)
      expect(await slowConsumerCloses(t)).toBe(before)
    } finally {
      viewer.destroy()
      editor.destroy()
    }
  }, 120_000)
})

describe('a client that stops reading', () => {
  // A small queue limit, so a few MB of edits show the cut-off without a huge room.
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ limits: { ...DEFAULT_OPTIONS.limits, maxBufferedBytes: 1024 * 1024 } })
  })
  afterAll(async () => {
    await t.stop()
    removeDir(t.dataDir)
  })

  it('opens for a fresh client although its sync reply is over the limit, and still cuts one that never reads', async () => {
    const room = 'plan-over-graensen'
    await seedLargePlan(t, room, 40, 100_000)
    const fresh = connectClient(t.wsUrl, room, t.token('viewer', { plan: room }))
    await fresh.synced(60_000)
    expect(bodyLength(fresh.doc)).toBe(40)

    // Asks for the whole state (sync step 1 with an empty state vector), then stops reading.
    const sleeper = await openRaw(t.wsUrl, room, t.token('viewer', { plan: room, name: 'Sover' }))
    const pause = (sleeper.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    pause.pause()
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep1(e, new Y.Doc())
    sleeper.send(encoding.toUint8Array(e))

    const editor = connectClient(t.wsUrl, room, t.token('editor', { plan: room }))
    await editor.synced(60_000)
    const before = await slowConsumerCloses(t)
    const members = () => [...t.server.rooms.peek(room)!.members].map((m) => m.label)
    expect(members()).toContain('Sover (viewer)')
    // Keep writing (1 MB at a time, under the byte rate limit) until the sleeper is cut.
    for (let i = 0; i < 40 && members().includes('Sover (viewer)'); i++) {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(`${i} ${'x'.repeat(1_000_000)}`)])
      editor.doc.getXmlFragment(BODY_FRAGMENT).push([p])
      await eventually(() => expect(bodyLength(fresh.doc)).toBe(41 + i), 30_000)
      await new Promise((r) => setTimeout(r, 300))
    }
    expect(members()).not.toContain('Sover (viewer)')
    expect(await slowConsumerCloses(t)).toBe(before + 1)
    pause.resume()
    await sleeper.closed
    // Everyone else is still in the room.
    expect(fresh.provider.wsconnected).toBe(true)
    fresh.destroy()
    editor.destroy()
  }, 120_000)

  it('gives no second exemption to a client that asks for the whole state again without reading', async () => {
    const room = 'plan-over-graensen'
    const repeater = await openRaw(t.wsUrl, room, t.token('viewer', { plan: room, name: 'Gentager' }))
    const socket = (repeater.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
    socket.pause()
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep1(e, new Y.Doc())
    // Each reply is about 4 MB; once the kernel's buffers are full, the next request finds the queue over the limit.
    for (let i = 0; i < 8; i++) repeater.send(encoding.toUint8Array(e))
    await eventually(() => expect([...t.server.rooms.peek(room)!.members].map((m) => m.label)).not.toContain('Gentager (viewer)'), 30_000)
    socket.resume()
    await repeater.closed
  }, 60_000)
})
