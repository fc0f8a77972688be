// Clients that misbehave on purpose: read-only roles writing, floods of
// updates and awareness, and a client that never reads. Each is slowed or
// closed; the others keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { BODY_FRAGMENT, Close, COMMENTS_SUFFIX, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createThread, listThreads } from '../../schema/comments'
import { metricsHeaders, startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage } from '../helpers/raw-socket'

let server: ServerProcess
let a: YClient
let b: YClient
const tokenFor = (role: 'editor' | 'commenter' | 'viewer', name: string = role) =>
  server.invite({ plan: DEMO_PLAN_ID, role, name, group: role === 'editor' ? 'administration' : 'council' })

beforeAll(async () => {
  server = await startServerProcess()
  a = connectClient(server.wsUrl, DEMO_PLAN_ID, await tokenFor('editor', 'A'))
  b = connectClient(server.wsUrl, DEMO_PLAN_ID, await tokenFor('editor', 'B'))
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => {
  a?.destroy()
  b?.destroy()
  await server?.dispose()
})

/** Time for a paragraph typed by A to reach B. */
async function roundTrip(): Promise<number> {
  const text = `ping ${Math.random()}`
  const t0 = performance.now()
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text)
  p.insert(0, [t])
  a.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [p])
  await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(text), 5_000, 2)
  return performance.now() - t0
}

const awarenessMessage = (doc: Y.Doc, n: number): Uint8Array => {
  const aw = new awarenessProtocol.Awareness(doc)
  aw.setLocalState({ user: { name: 'x'.repeat(200), n } })
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID]))
  aw.destroy()
  return encoding.toUint8Array(e)
}

describe('hostile clients', () => {
  it.each(['commenter', 'viewer'] as const)('a %s writing to the plan body is closed and changes nothing', async (role) => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, await tokenFor(role))
    raw.send(updateMessage(textUpdate(`skrevet af ${role}`)))
    expect((await raw.closed).code).toBe(Close.ReadOnly.code)
    await roundTrip()
    expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).not.toContain(`skrevet af ${role}`)
  })

  it('a commenter writing to the comments room is fine', async () => {
    const c = connectClient(server.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, await tokenFor('commenter', 'C'))
    const d = connectClient(server.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, await tokenFor('editor', 'D'))
    await Promise.all([c.synced(), d.synced()])
    const id = createThread(c.doc, { anchor: { start: null, end: null, quote: 'x' }, author: c.author, text: 'hej' })
    await eventually(() => expect(listThreads(d.doc).find((x) => x.id === id)?.comments[0]?.text).toBe('hej'))
    c.destroy()
    d.destroy()
  })

  it('an awareness flood is slowed or closed while others keep working', async () => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, await tokenFor('viewer', 'Flood'))
    const doc = new Y.Doc()
    const flood = (async () => {
      for (let i = 0; i < 3000 && raw.ws.readyState === raw.ws.OPEN; i++) {
        raw.send(awarenessMessage(doc, i))
        if (i % 100 === 0) await new Promise((r) => setImmediate(r))
      }
    })()
    const during = await roundTrip()
    await flood
    const closed = await Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), 3_000))])
    // Either the server closed it for flooding, or it is still open and was slowed down.
    if (closed) expect(closed.code).toBe(Close.RateLimited.code)
    expect(during).toBeLessThan(2_000)
    raw.ws.terminate()
  }, 30_000)

  it('an update flood from an editor is slowed or closed while others keep working', async () => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, await tokenFor('editor', 'Flood'))
    const d = new Y.Doc()
    const text = d.getText('spam')
    let sv = Y.encodeStateVector(d)
    const flood = (async () => {
      for (let i = 0; i < 3000 && raw.ws.readyState === raw.ws.OPEN; i++) {
        text.insert(text.length, 'x')
        raw.send(updateMessage(Y.diffUpdate(Y.encodeStateAsUpdate(d), sv)))
        sv = Y.encodeStateVector(d)
        if (i % 100 === 0) await new Promise((r) => setImmediate(r))
      }
    })()
    const during = await roundTrip()
    await flood
    expect(during).toBeLessThan(2_000)
    raw.ws.terminate()
    await roundTrip()
  }, 30_000)

  it('a client that never reads is disconnected instead of buffered without bound', async () => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, await tokenFor('viewer', 'Sover'))
    // Stop reading from the socket: the kernel buffers fill, then the server's.
    ;(raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause()
    const big = 'æ'.repeat(200_000)
    for (let i = 0; i < 60; i++) {
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText()
      t.insert(0, `${i} ${big}`)
      p.insert(0, [t])
      a.doc.getXmlFragment(BODY_FRAGMENT).insert(a.doc.getXmlFragment(BODY_FRAGMENT).length, [p])
      await new Promise((r) => setTimeout(r, 10))
    }
    await eventually(
      async () => {
        const m = await (await fetch(`${server.httpUrl}/metrics`, { headers: metricsHeaders })).text()
        expect(m).toMatch(/slow_consumer_closes(_total)?\s+[1-9]/)
      },
      20_000,
      200
    )
    ;(raw.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    await raw.closed
    await roundTrip()
  }, 60_000)
})
