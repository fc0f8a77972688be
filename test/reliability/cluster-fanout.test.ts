// Several server processes on one store with Redis between them (issue #16):
// clients on different processes see each other's edits and cursors, and
// every `persisted` acknowledgement covers only what SQLite holds when it
// arrives. (The process-kill and rolling-restart tests run on PostgreSQL too.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startCluster, type ClusterProcesses } from '../../testkit/cluster'
import { connectClient, eventually, nextClose, type YClient, covers } from '../../testkit/y-client'
import { bodyText, metric, storedDoc, svCovered, watchAcks } from '../helpers/cluster-clients'

let cluster: ClusterProcesses
beforeAll(async () => {
  // Compacting every few rows: a process that catches up may find the rows it missed compacted by another.
  cluster = await startCluster({ processes: 3, env: { COMPACT_EVERY: '5' } })
})
afterAll(async () => {
  await cluster?.dispose()
})

const paragraph = (text: string): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

describe('cluster fan-out', () => {
  it('clients on three processes see each other’s edits and cursors; acknowledgements are true', async () => {
    const [s0, s1, s2] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0], (typeof cluster.servers)[0]]
    const invite = (name: string, role: 'editor' | 'viewer') => s0.invite({ plan: DEMO_PLAN_ID, role, name, group: 'committee' })
    const clients: YClient[] = []
    try {
      const anna = connectClient(s0.wsUrl, DEMO_PLAN_ID, await invite('Anna', 'editor'))
      const bo = connectClient(s1.wsUrl, DEMO_PLAN_ID, await invite('Bo', 'editor'))
      const viewer = connectClient(s2.wsUrl, DEMO_PLAN_ID, await invite('Viggo', 'viewer'))
      clients.push(anna, bo, viewer)
      const annaAcks = watchAcks(anna, cluster, DEMO_PLAN_ID)
      const boAcks = watchAcks(bo, cluster, DEMO_PLAN_ID)
      await Promise.all(clients.map((c) => c.synced()))

      // Interleaved writes on two processes, faster than one round trip.
      for (let i = 0; i < 30; i++) {
        anna.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(`anna-${i}`)])
        bo.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(`bo-${i}`)])
        await new Promise((r) => setTimeout(r, 5))
      }
      await eventually(() => {
        const texts = clients.map((c) => bodyText(c.doc))
        expect(new Set(texts).size).toBe(1)
        const missing = [...Array(30).keys()].flatMap((i) => [`>anna-${i}<`, `>bo-${i}<`]).filter((m) => !texts[0]!.includes(m))
        expect(missing).toEqual([])
      })

      // Cursors: Anna's presence reaches the other processes with the name from her token.
      anna.provider.awareness.setLocalStateField('user', { name: 'forged', color: '#aa0000' })
      bo.provider.awareness.setLocalStateField('user', { name: 'forged', color: '#00aa00' })
      await eventually(() => {
        const user = (c: YClient, of: YClient) => (c.provider.awareness.getStates().get(of.doc.clientID) as { user?: { name: string } } | undefined)?.user
        expect(user(bo, anna)?.name).toBe('Anna')
        expect(user(viewer, anna)?.name).toBe('Anna')
        expect(user(anna, bo)?.name).toBe('Bo')
        expect(user(viewer, bo)?.name).toBe('Bo')
      })

      // A process that loads the room later (its first client joins now) learns who is here at once, not at their next renewal.
      const late = connectClient(s2.wsUrl, DEMO_PLAN_ID, await invite('Lene', 'viewer'))
      clients.push(late)
      await late.synced()
      expect(covers(late.doc, anna.doc) && covers(late.doc, bo.doc)).toBe(true)
      await eventually(() => expect(late.provider.awareness.getStates().has(anna.doc.clientID)).toBe(true))

      // Leaving removes the cursor on the other processes.
      bo.provider.awareness.setLocalState(null)
      await eventually(() => expect(anna.provider.awareness.getStates().has(bo.doc.clientID)).toBe(false))

      // Every writer was acknowledged all it wrote, and no acknowledgement ever covered what SQLite did not hold.
      await eventually(async () => {
        expect(svCovered(Y.decodeStateVector(Y.encodeStateVector(anna.doc)), await storedDoc(cluster, DEMO_PLAN_ID))).toBe(true)
        const own = (c: YClient, acks: Array<Map<number, number>>) => Math.max(0, ...acks.map((sv) => sv.get(c.doc.clientID) ?? 0))
        expect(own(anna, annaAcks.acks)).toBe(Y.decodeStateVector(Y.encodeStateVector(anna.doc)).get(anna.doc.clientID))
        expect(own(bo, boAcks.acks)).toBe(Y.decodeStateVector(Y.encodeStateVector(bo.doc)).get(bo.doc.clientID))
      })
      await Promise.all([annaAcks.checked(), boAcks.checked()])
      expect([...annaAcks.untrue, ...boAcks.untrue]).toEqual([])
      expect(covers(await storedDoc(cluster, DEMO_PLAN_ID), anna.doc)).toBe(true)

      // Compacting every 5 rows while another process stores rows: a compaction
      // whose state misses those rows is skipped, and that is no error.
      const counted = async (name: string) => (await Promise.all(cluster.servers.map((s) => metric(s.httpUrl, name)))).reduce((a, b) => a + b, 0)
      expect(await counted('compactions_total')).toBeGreaterThan(0)
      expect(await counted('compaction_failures_total')).toBe(0)
      const errors = cluster.servers.flatMap((s) => s.output.filter((l) => /"level":"error"/.test(l)))
      expect(errors).toEqual([])
    } finally {
      for (const c of clients) c.destroy()
    }
  }, 150_000)

  it('a plan deleted through one process closes its sockets on the others', async () => {
    const [s0, , s2] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0], (typeof cluster.servers)[0]]
    const admin = await s0.invite({ plan: '*', role: 'admin', name: 'Administrator', group: 'administration' })
    const created = await fetch(`${s0.httpUrl}/api/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'empty', title: 'Slettes på en anden proces' })
    })
    expect(created.status).toBe(201)
    const { plan } = (await created.json()) as { plan: { id: string } }
    const reader = connectClient(s2.wsUrl, plan.id, await s0.invite({ plan: plan.id, role: 'editor', name: 'Rikke', group: 'committee' }))
    await reader.synced()
    const closed = nextClose(reader)
    expect((await fetch(`${s0.httpUrl}/api/plans/${plan.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).ok).toBe(true)
    expect(await closed).toBe(Close.NotFound.code)
  }, 150_000)
})
