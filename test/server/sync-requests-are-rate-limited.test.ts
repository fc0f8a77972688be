// Issue #11 item 4: sync step 1 and query-awareness had no rate limit. Each is
// a few bytes to send and the whole document (or the room's presence) to
// answer, so four viewers looping on step 1 slowed every other plan. Now
// every message type has a budget; these floods close with `rate-limited`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { BODY_FRAGMENT, Close, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createPlan } from '../../server/plans'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw, type RawSocket } from '../helpers/raw-socket'

let t: TestServer
let otherPlan: string
beforeAll(async () => {
  t = await startTestServer()
  otherPlan = (await createPlan(t.server.store, 'demo', 'Anden plan')).id
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}
/** Sync step 1 with an empty state vector: "send me the whole document". */
const step1 = frame((e) => {
  encoding.writeVarUint(e, MessageType.sync)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
})
const queryAwareness = frame((e) => encoding.writeVarUint(e, MessageType.queryAwareness))
const schemaVersion = frame((e) => {
  encoding.writeVarUint(e, MessageType.schemaVersion)
  encoding.writeVarUint(e, 1)
})
const auth = frame((e) => {
  encoding.writeVarUint(e, MessageType.auth)
  encoding.writeVarUint(e, 0)
})

/** Send `message` `times` times, yielding now and then so replies and a close can arrive. */
async function flood(raw: RawSocket, message: Uint8Array, times: number): Promise<void> {
  for (let i = 0; i < times && raw.ws.readyState === raw.ws.OPEN; i++) {
    raw.send(message)
    if (i % 20 === 0) await new Promise((r) => setImmediate(r))
  }
}

/** The close a socket got, or null while it is open (for `eventually`: no fixed wait). */
function closeOf(raw: RawSocket): () => { code: number; reason: string } | null {
  let result: { code: number; reason: string } | null = null
  void raw.closed.then((c) => {
    result = c
  })
  return () => result
}

/** An editor of another plan edits, and a newcomer there sees it: the flood harmed nobody else. */
async function otherPlanStillWorks(): Promise<void> {
  const editor = connectClient(t.wsUrl, otherPlan, t.token('editor', { plan: otherPlan }))
  await editor.synced()
  const note = `upåvirket ${Math.random()}`
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(note)])
  editor.doc.getXmlFragment(BODY_FRAGMENT).push([p])
  const reader = connectClient(t.wsUrl, otherPlan, t.token('viewer', { plan: otherPlan }))
  await eventually(() => expect(JSON.stringify(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(note), 15_000)
  editor.destroy()
  reader.destroy()
}

describe('every message type has a budget', () => {
  it.each([
    ['sync step 1', step1],
    ['query-awareness', queryAwareness],
    ['schemaVersion', schemaVersion],
    ['auth', auth]
  ])('a viewer flooding %s is closed with rate-limited; another plan carries on', async (_, message) => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Flod' }))
    const closed = closeOf(raw)
    await flood(raw, message, 500)
    await eventually(() => expect(closed()).toEqual({ code: Close.RateLimited.code, reason: Close.RateLimited.reason }), 15_000)
    await otherPlanStillWorks()
  })

  it("a flooder that reconnects gets no fresh budget: the budget is its token's", async () => {
    const token = t.token('viewer', { name: 'Igen og igen' })
    const first = await openRaw(t.wsUrl, DEMO_PLAN_ID, token)
    const firstClosed = closeOf(first)
    await flood(first, step1, 500)
    await eventually(() => expect(firstClosed()?.code).toBe(Close.RateLimited.code), 15_000)
    const again = await openRaw(t.wsUrl, DEMO_PLAN_ID, token)
    const againClosed = closeOf(again)
    await flood(again, step1, 5)
    await eventually(() => expect(againClosed()).toEqual({ code: Close.RateLimited.code, reason: Close.RateLimited.reason }), 15_000)
    // Another viewer's link has its own budget.
    const other = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Anden læser' }))
    await other.synced()
    other.destroy()
  })

  it('an honest client that reconnects is never limited', async () => {
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Ærlig' }))
    const closes: number[] = []
    c.provider.on('connection-close', (e: { code: number } | null) => {
      if (e) closes.push(e.code)
    })
    for (let i = 0; i < 5; i++) {
      await c.synced()
      c.provider.disconnect()
      c.provider.connect()
    }
    await c.synced()
    expect(closes).not.toContain(Close.RateLimited.code)
    c.destroy()
  })
})
