// Presence is relayed to everyone, so the server checks it: the name and
// group others see come from the sender's token, a connection cannot set or
// remove the presence of a client id another connection speaks for, and an
// awareness message is decoded whole before any of it is applied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { Close, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
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
})
afterAll(async () => {
  anne.destroy()
  bo.destroy()
  await t.stop()
  removeDir(t.dataDir)
})

type Presence = { user?: { name?: string; group?: string; color?: string } }
const seenBy = (c: YClient, clientID: number) => c.provider.awareness.getStates().get(clientID) as Presence | undefined

/** An awareness message with the given raw entries (state as JSON text, so it can be broken). */
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

describe('awareness', () => {
  it('shows the name and group from the token, keeping the colour the client chose', async () => {
    anne.provider.awareness.setLocalStateField('user', { name: 'Borgmester', group: 'committee', color: '#1f6feb' })
    await eventually(() => expect(seenBy(bo, anne.doc.clientID)?.user).toEqual({ name: 'Anne', group: 'administration', color: '#1f6feb' }))
  })

  it("a connection cannot remove or replace another connection's presence", async () => {
    await eventually(() => expect(seenBy(bo, anne.doc.clientID)).toBeDefined())
    const mallory = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Mallory', group: 'council' }))
    const id = anne.doc.clientID
    mallory.send(awarenessMessage([{ clientID: id, clock: 10_000, json: 'null' }]))
    mallory.send(awarenessMessage([{ clientID: id, clock: 10_001, json: JSON.stringify({ user: { name: 'Anne', color: '#000' } }) }]))
    // Mallory's own presence still goes through (under Mallory's name).
    mallory.send(awarenessMessage([{ clientID: 4242, clock: 1, json: JSON.stringify({ user: { name: 'Anne', color: '#000' } }) }]))
    await eventually(() => expect(seenBy(bo, 4242)?.user?.name).toBe('Mallory'))
    expect(seenBy(bo, id)?.user).toEqual({ name: 'Anne', group: 'administration', color: '#1f6feb' })
    mallory.ws.close()
    await eventually(() => expect(seenBy(bo, 4242)).toBeUndefined())
  })

  it('a message with a broken entry is refused whole, and an oversized one closes the connection', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Fejl' }))
    raw.send(
      awarenessMessage([
        { clientID: 5151, clock: 1, json: '{"user":{"name":"x"}}' },
        { clientID: 5152, clock: 1, json: '{not json' }
      ])
    )
    expect(await raw.closed).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
    await new Promise((r) => setTimeout(r, 100))
    expect(seenBy(bo, 5151)).toBeUndefined()

    const big = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Stor' }))
    big.send(awarenessMessage([{ clientID: 6161, clock: 1, json: JSON.stringify({ junk: 'x'.repeat(100 * 1024) }) }]))
    expect((await big.closed).code).toBe(Close.Malformed.code)
    expect(seenBy(bo, 6161)).toBeUndefined()
    expect(anne.provider.wsconnected && bo.provider.wsconnected).toBe(true)
  })
})
