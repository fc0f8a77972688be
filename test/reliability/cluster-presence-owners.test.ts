// Issue #16 with presence: a client id that a connection on one process
// speaks for cannot be set or removed by a hostile connection on another
// process (refused as a clash between two connections of one process is:
// dropped, counted in awareness_foreign_dropped_total), and it is released
// when its owner leaves or its process dies, so no id stays locked. (A
// known issue until the room's owner map learnt the peers' ids; fails
// without it.) Two real processes, a real redis-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startCluster, type ClusterProcesses } from '../../testkit/cluster'
import type { ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, type RawSocket } from '../helpers/raw-socket'
import { metric } from '../helpers/cluster-clients'

/** An awareness message setting `state` (null: a removal) for `clientID` at `clock`. */
function awarenessMessage(clientID: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientID)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.awareness)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
  return encoding.toUint8Array(e)
}

type Presence = { user?: { name?: string } }
const nameSeen = (c: YClient, clientID: number) => (c.provider.awareness.getStates().get(clientID) as Presence | undefined)?.user?.name

let cluster: ClusterProcesses
let s0: ServerProcess
let s1: ServerProcess
const clients: YClient[] = []
let mallory: RawSocket
let clock = 1_000
beforeAll(async () => {
  // Info lines too: the test reads 'peer-gone' from process 1's log.
  cluster = await startCluster({ processes: 2, env: { LOG_LEVEL: 'info' } })
  ;[s0, s1] = cluster.servers as [ServerProcess, ServerProcess]
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  mallory?.ws.close()
  await cluster?.dispose()
})

const join = async (s: ServerProcess, name: string, role: 'editor' | 'viewer'): Promise<YClient> => {
  const c = connectClient(s.wsUrl, DEMO_PLAN_ID, await s.invite({ plan: DEMO_PLAN_ID, role, name, group: 'committee' }))
  clients.push(c)
  await c.synced()
  return c
}

/**
 * Mallory (on process 1) tries to remove, then to set, `clientID`'s presence,
 * then sets her own (id 4242, a fresh state each time): the server handles one
 * socket's messages in order, so once `watcher` sees her own, the two before
 * it were handled.
 */
async function malloryTries(clientID: number, watcher: YClient): Promise<void> {
  mallory.send(awarenessMessage(clientID, ++clock, null))
  mallory.send(awarenessMessage(clientID, ++clock, { user: { name: 'Anna' }, cursor: null }))
  const marker = ++clock
  mallory.send(awarenessMessage(4242, marker, { user: { name: 'x', color: `#${String(marker % 1_000_000).padStart(6, '0')}` } }))
  await eventually(() => expect(watcher.provider.awareness.meta.get(4242)?.clock).toBe(marker))
}

describe('presence owners across processes', () => {
  it("a connection on another process cannot set or remove a client id's presence until its owner left", async () => {
    const anna = await join(s0, 'Anna', 'editor')
    const viggo = await join(s1, 'Viggo', 'viewer')
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', color: '#1f6feb' })
    await eventually(() => expect(nameSeen(viggo, anna.doc.clientID)).toBe('Anna'))
    mallory = await openRaw(s1.wsUrl, DEMO_PLAN_ID, await s1.invite({ plan: DEMO_PLAN_ID, role: 'viewer', name: 'Mallory', group: 'council' }))

    const droppedBefore = await metric(s1.httpUrl, 'awareness_foreign_dropped_total')
    await malloryTries(anna.doc.clientID, viggo)
    // Her own presence went through, under her own name; Anna's is untouched on both processes.
    expect(nameSeen(viggo, 4242)).toBe('Mallory')
    expect(nameSeen(viggo, anna.doc.clientID)).toBe('Anna')
    await eventually(() => expect(anna.provider.awareness.meta.get(4242)?.clock).toBe(clock))
    expect(nameSeen(anna, anna.doc.clientID)).toBe('Anna')
    expect(await metric(s1.httpUrl, 'awareness_foreign_dropped_total')).toBeGreaterThan(droppedBefore)

    // Anna leaves: process 0 publishes the removal, and the id is nobody's any more.
    anna.provider.awareness.setLocalState(null)
    await eventually(() => expect(viggo.provider.awareness.getStates().has(anna.doc.clientID)).toBe(false))
    await malloryTries(anna.doc.clientID, viggo)
    expect(nameSeen(viggo, anna.doc.clientID)).toBe('Mallory')
  }, 150_000)

  it("a killed process's ids are released once it falls silent", async () => {
    const bo = await join(s0, 'Bo', 'editor')
    const viggo = clients.find((c) => c.author.name === 'Viggo')!
    bo.provider.awareness.setLocalStateField('user', { name: 'Bo', color: '#00aa00' })
    await eventually(() => expect(nameSeen(viggo, bo.doc.clientID)).toBe('Bo'))
    await malloryTries(bo.doc.clientID, viggo)
    expect(nameSeen(viggo, bo.doc.clientID)).toBe('Bo')

    await s0.kill('SIGKILL')
    bo.provider.disconnect()
    // Process 1 takes process 0 for dead after PEER_SILENT_MS without a word
    // from it and removes its connections' presence (y-protocols' own timeout
    // would take 30 s); then Bo's id is free.
    await eventually(
      async () => {
        await malloryTries(bo.doc.clientID, viggo)
        expect(nameSeen(viggo, bo.doc.clientID)).toBe('Mallory')
      },
      60_000,
      500
    )
    expect(s1.output.some((line) => line.includes('"event":"peer-silent"'))).toBe(true)
  }, 150_000)

  it("a stopping process says so: its connections' presence goes at once", async () => {
    await s0.start()
    const cid = await join(s0, 'Cid', 'editor')
    const viggo = clients.find((c) => c.author.name === 'Viggo')!
    cid.provider.awareness.setLocalStateField('user', { name: 'Cid', color: '#aa0000' })
    await eventually(() => expect(nameSeen(viggo, cid.doc.clientID)).toBe('Cid'))
    await s0.kill('SIGTERM')
    cid.provider.disconnect()
    await eventually(() => expect(viggo.provider.awareness.getStates().has(cid.doc.clientID)).toBe(false))
    await eventually(async () => expect(s1.output.some((line) => line.includes('"event":"peer-gone"'))).toBe(true))
  }, 150_000)
})
