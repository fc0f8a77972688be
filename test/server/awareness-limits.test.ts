// Issue #11 item 4: a viewer could add 1,000 awareness client ids per
// message (357k states in 20 s), and a `user` that was a string was relayed
// as is and froze every client's presence list. Now a connection speaks for
// a handful of ids, and what is relayed has the shape readers expect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { Close, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { DEFAULT_OPTIONS } from '../../server'
import { metrics } from '../../server/metrics'
import { peopleIn } from '../../client/src/ui/people'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw } from '../helpers/raw-socket'

let t: TestServer
let anne: YClient
let bo: YClient
beforeAll(async () => {
  t = await startTestServer()
  anne = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne' }))
  bo = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Bo', group: 'council' }))
  await Promise.all([anne.synced(), bo.synced()])
  anne.provider.awareness.setLocalStateField('user', { name: 'Anne', group: 'administration', color: '#1f5fbf' })
  bo.provider.awareness.setLocalStateField('user', { name: 'Bo', group: 'council', color: '#a33a00' })
  await eventually(() => expect(peopleIn(bo.provider.awareness.getStates(), bo.doc.clientID).map((p) => p.name)).toEqual(['Bo', 'Anne']))
})
afterAll(async () => {
  anne.destroy()
  bo.destroy()
  await t.stop()
  removeDir(t.dataDir)
})

/** An awareness message with the given entries (state as JSON text). */
function awarenessMessage(entries: Array<{ clientID: number; clock: number; json: string }>): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const x of entries) {
    encoding.writeVarUint(inner, x.clientID)
    encoding.writeVarUint(inner, x.clock)
    encoding.writeVarString(inner, x.json)
  }
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

const room = () => t.server.rooms.peek(DEMO_PLAN_ID)!
const seenBy = (c: YClient, id: number) => c.provider.awareness.getStates().get(id)

describe('awareness client ids per connection', () => {
  it('a message with 1,000 client ids is refused and the room does not grow', async () => {
    const before = { states: room().awareness.getStates().size, meta: room().awareness.meta.size }
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Mange' }))
    const entries = Array.from({ length: 1000 }, (_, i) => ({ clientID: 900_000 + i, clock: 1, json: '{"user":{"name":"x"}}' }))
    raw.send(awarenessMessage(entries))
    expect(await raw.closed).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
    expect(room().awareness.getStates().size).toBe(before.states)
    expect(room().awareness.meta.size).toBe(before.meta)
    expect(seenBy(bo, 900_000)).toBeUndefined()
  })

  it(`a connection may speak for ${DEFAULT_OPTIONS.limits.maxAwarenessIds} ids over its life, then is closed`, async () => {
    const max = DEFAULT_OPTIONS.limits.maxAwarenessIds
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Flere' }))
    for (let i = 0; i < max; i++) {
      raw.send(awarenessMessage([{ clientID: 800_000 + i, clock: 1, json: '{"user":{"name":"x"}}' }]))
      // Leaving an id does not free its place: each id is one more record the room keeps.
      raw.send(awarenessMessage([{ clientID: 800_000 + i, clock: 2, json: 'null' }]))
    }
    raw.send(awarenessMessage([{ clientID: 800_000 + max, clock: 1, json: '{"user":{"name":"x"}}' }]))
    expect(await raw.closed).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
    expect(
      room()
        .awareness.getStates()
        .has(800_000 + max)
    ).toBe(false)
  })

  it('honest clients echoing others coming and going are never closed for it', async () => {
    // y-websocket sends every awareness change it sees, its own or not,
    // including the departures of people who left.
    const closes: number[] = []
    const foreignBefore = metrics.awareness_foreign_dropped_total
    bo.provider.on('connection-close', (e: { code: number } | null) => {
      if (e) closes.push(e.code)
    })
    for (let i = 0; i < 7; i++) {
      const guest = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: `Gæst ${i}` }))
      await guest.synced()
      guest.provider.awareness.setLocalStateField('user', { name: `Gæst ${i}`, group: 'council', color: '#0f7a3f' })
      await eventually(() => expect(seenBy(bo, guest.doc.clientID)).toBeDefined())
      const id = guest.doc.clientID
      guest.destroy()
      await eventually(() => expect(seenBy(bo, id)).toBeUndefined())
    }
    expect(closes).toEqual([])
    expect(bo.provider.wsconnected).toBe(true)
    // Echoes change nothing, so they are not logged as attempts to speak for someone else.
    expect(metrics.awareness_foreign_dropped_total).toBe(foreignBefore)
  })
})

describe('the shape of what is relayed', () => {
  it.each([
    ['a string', '"Mallory"'],
    ['a number', '42'],
    ['null', 'null'],
    ['an array', '["Mallory"]']
  ])("a `user` that is %s reaches others as the token's name, and everyone stays in the list", async (_, userJson) => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Mallory', group: 'council' }))
    const id = 700_000 + Math.floor(Math.random() * 1000)
    raw.send(awarenessMessage([{ clientID: id, clock: 1, json: `{"user":${userJson},"cursor":5,"junk":"${'x'.repeat(100)}"}` }]))
    await eventually(() => expect(seenBy(bo, id)).toEqual({ user: { name: 'Mallory', group: 'council' }, cursor: null }))
    expect(peopleIn(bo.provider.awareness.getStates(), bo.doc.clientID).map((p) => p.name)).toEqual(['Bo', 'Anne', 'Mallory'])
    raw.ws.close()
    await eventually(() => expect(seenBy(bo, id)).toBeUndefined())
  })

  it('a colour that is not #rrggbb and a cursor naming another root type are dropped; a real cursor passes', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Farve' }))
    const good = { anchor: { type: { client: 1, clock: 2 }, tname: null, item: null, assoc: 0 }, head: { tname: 'body', assoc: -1 } }
    raw.send(
      awarenessMessage([{ clientID: 600_001, clock: 1, json: JSON.stringify({ user: { name: 'x', color: 'red;background:url(//evil)' }, cursor: good }) }])
    )
    raw.send(
      awarenessMessage([
        { clientID: 600_002, clock: 1, json: JSON.stringify({ user: { name: 'y', color: '#123456' }, cursor: { anchor: { tname: 'evil' }, head: {} } }) }
      ])
    )
    await eventually(() => {
      expect(seenBy(bo, 600_001)).toEqual({
        user: { name: 'Farve', group: 'administration' },
        cursor: { anchor: { type: { client: 1, clock: 2 }, assoc: 0 }, head: { tname: 'body', assoc: -1 } }
      })
      expect(seenBy(bo, 600_002)).toEqual({ user: { name: 'Farve', group: 'administration', color: '#123456' }, cursor: null })
    })
    raw.ws.close()
  })
})
