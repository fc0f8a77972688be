// Redis dies and comes back in the middle of a meeting spread over two
// server processes (issue #16). Nothing is lost; while Redis is away the
// processes read what the others stored from storage (clients still see each
// other, a second late), and once it is back they catch up and fan out as
// before. The times are printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startCluster, type ClusterProcesses } from '../../testkit/cluster'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { Typist, bodyText, covers, metric, storedDoc, svCovered, watchAcks } from '../helpers/cluster-clients'

let cluster: ClusterProcesses
beforeAll(async () => {
  cluster = await startCluster({ processes: 2 })
})
afterAll(async () => {
  await cluster?.dispose()
})

/** How long until a new character typed by `from` is seen by `to`. */
async function propagation(from: Typist, to: YClient): Promise<number> {
  const marker = `${from.tag}-mark-${Math.random().toString(36).slice(2, 8)}`
  const started = Date.now()
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(marker)])
  from.client.doc.getXmlFragment('body').push([p])
  await eventually(() => expect(bodyText(to.doc)).toContain(marker))
  return Date.now() - started
}

describe('cluster: Redis restarts mid-meeting', () => {
  it('loses nothing, keeps clients in step meanwhile, and recovers within seconds', async () => {
    const [s0, s1] = cluster.servers as [(typeof cluster.servers)[0], (typeof cluster.servers)[0]]
    const invite = (name: string) => s0.invite({ plan: DEMO_PLAN_ID, role: 'editor', name, group: 'committee' })
    const clients = [
      connectClient(s0.wsUrl, DEMO_PLAN_ID, await invite('Anna')),
      connectClient(s0.wsUrl, DEMO_PLAN_ID, await invite('Anders')),
      connectClient(s1.wsUrl, DEMO_PLAN_ID, await invite('Bo')),
      connectClient(s1.wsUrl, DEMO_PLAN_ID, await invite('Birthe'))
    ]
    try {
      const acks = clients.map((c) => watchAcks(c, cluster, DEMO_PLAN_ID))
      await Promise.all(clients.map((c) => c.synced()))
      const typists = clients.map((c, i) => new Typist(c, `skriver-${i}`))
      typists.forEach((t) => t.start(30))
      const before = await propagation(typists[0]!, clients[2]!)

      await cluster.redis.kill('SIGKILL')
      await eventually(async () => expect([await metric(s0.httpUrl, 'peers_connected'), await metric(s1.httpUrl, 'peers_connected')]).toEqual([0, 0]))
      // Without Redis: each process reads what the other stored, when its own
      // commits show a gap and, with its clients quiet, every second (POLL_WHILE_DISCONNECTED_MS).
      typists[0]!.stop()
      typists[1]!.stop()
      const during = await propagation(typists[2]!, clients[0]!)
      typists[0]!.start(30)
      typists[1]!.start(30)
      // A client that joins meanwhile gets everything stored, not only what
      // its process had heard of: s1's own clients are quiet (no commit of its
      // own shows it a gap), so without reading storage for the reply it would
      // serve what its last poll found, up to a second behind s0's typists.
      typists[2]!.stop()
      typists[3]!.stop()
      const lateToken = await invite('Lene')
      const typedOnS0 = typists[0]!.typed
      await eventually(() => expect(typists[0]!.typed).toBeGreaterThanOrEqual(typedOnS0 + 5))
      // Read before it connects: what is stored after the reply need not be in it.
      const storedBeforeJoin = await storedDoc(cluster, DEMO_PLAN_ID)
      const late = connectClient(s1.wsUrl, DEMO_PLAN_ID, lateToken)
      await late.synced()
      expect(covers(late.doc, storedBeforeJoin), 'a sync reply during the outage holds everything stored before it').toBe(true)
      typists[2]!.start(30)
      typists[3]!.start(30)
      late.destroy()

      const restartedAt = Date.now()
      await cluster.redis.start()
      await eventually(async () => expect([await metric(s0.httpUrl, 'peers_connected'), await metric(s1.httpUrl, 'peers_connected')]).toEqual([1, 1]))
      const reconnectedMs = Date.now() - restartedAt
      const after = await propagation(typists[1]!, clients[3]!)
      const recoveredMs = Date.now() - restartedAt
      typists.forEach((t) => t.stop())

      await eventually(() => expect(new Set(clients.map((c) => bodyText(c.doc))).size).toBe(1))
      const stored = await storedDoc(cluster, DEMO_PLAN_ID)
      for (const c of clients) expect(covers(stored, c.doc)).toBe(true)
      for (const a of acks) {
        await a.checked()
        expect(a.untrue).toEqual([])
        for (const sv of a.acks) expect(svCovered(sv, stored)).toBe(true)
      }
      console.log(
        `redis restart: an edit crossed processes in ${before} ms before, ${during} ms during the outage (read from storage), ${after} ms after; ` +
          `processes resubscribed ${reconnectedMs} ms and fan-out worked again ${recoveredMs} ms after Redis came back`
      )
      expect(recoveredMs).toBeLessThan(30_000)
    } finally {
      for (const c of clients) c.destroy()
    }
  }, 150_000)
})
