// A meeting spread over three server processes behind the built-in proxy
// (issue #16): one process is killed with SIGKILL while everyone types. Its
// clients reconnect through the proxy to the others; nothing any client saw
// or was acknowledged is lost, and everyone converges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { RunningProxy } from '../../server/cluster/proxy'
import { startCluster, startProxyFor, type ClusterProcesses } from '../../testkit/cluster'
import { connectClient, eventually, type YClient, covers } from '../../testkit/y-client'
import { Typist, bodyText, metric, storedDoc, svCovered, watchAcks } from '../helpers/cluster-clients'

// On both stores: issue #16's target is several processes on PostgreSQL.
for (const storage of ['sqlite', 'postgres'] as const) {
  let cluster: ClusterProcesses
  let proxy: RunningProxy
  beforeAll(async () => {
    cluster = await startCluster({ processes: 3, storage })
    proxy = await startProxyFor(cluster)
  })
  afterAll(async () => {
    await proxy?.close()
    await cluster?.dispose()
  })

  describe(`cluster on ${storage}: a process killed during a meeting`, () => {
    it('loses nothing seen or acknowledged; clients move to the other processes and converge', async () => {
      const wsUrl = `ws://127.0.0.1:${proxy.port}/sync`
      const invite = (name: string, role: 'editor' | 'viewer') => cluster.servers[0]!.invite({ plan: DEMO_PLAN_ID, role, name, group: 'committee' })
      const editors: YClient[] = []
      const observers: YClient[] = []
      try {
        for (let i = 0; i < 6; i++) editors.push(connectClient(wsUrl, DEMO_PLAN_ID, await invite(`Skriver ${i}`, 'editor')))
        // Observers only receive: what they hold came from a server (one per process, spread by the proxy).
        for (let i = 0; i < 3; i++) observers.push(connectClient(wsUrl, DEMO_PLAN_ID, await invite(`Observatør ${i}`, 'viewer')))
        const acks = editors.map((e) => watchAcks(e, cluster, DEMO_PLAN_ID))
        await Promise.all([...editors, ...observers].map((c) => c.synced()))
        const typists = editors.map((e, i) => new Typist(e, `skriver-${i}`))
        typists.forEach((t) => t.start(30))
        // Typing reached every process before the kill.
        await eventually(() => expect(observers.every((o) => typists.every((t) => bodyText(o.doc).includes(`${t.tag}:abc`)))).toBe(true))

        const victim = cluster.servers[1]!
        // Which clients lose their socket, and when each is synced again.
        const dropped = new Map<YClient, number | null>()
        for (const c of [...editors, ...observers]) {
          c.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && dropped.set(c, null))
          c.provider.on('sync', (synced: boolean) => synced && dropped.has(c) && dropped.get(c) === null && dropped.set(c, Date.now()))
        }
        const killedAt = Date.now()
        await victim.kill('SIGKILL')
        const seen = observers.map((o) => {
          const copy = new Y.Doc()
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(o.doc))
          return copy
        })
        // Everyone is connected and synced again (through the two processes left).
        await eventually(() => {
          expect(dropped.size).toBeGreaterThan(0)
          expect([...dropped.values()].every((at) => at !== null)).toBe(true)
          expect([...editors, ...observers].every((c) => c.provider.wsconnected && c.provider.synced)).toBe(true)
        })
        const recoveredMs = Math.max(...[...dropped.values()].map((at) => at! - killedAt))
        // Keep typing on the survivors for a moment, then stop.
        const typedAtRecovery = typists.map((t) => t.typed)
        await eventually(() => expect(typists.every((t, i) => t.typed >= typedAtRecovery[i]! + 10)).toBe(true))
        typists.forEach((t) => t.stop())

        await eventually(() => {
          const texts = [...editors, ...observers].map((c) => bodyText(c.doc))
          expect(new Set(texts).size).toBe(1)
        })
        const stored = await storedDoc(cluster, DEMO_PLAN_ID)
        for (const s of seen) expect(covers(stored, s), 'storage holds everything an observer had received before the kill').toBe(true)
        for (const e of editors) expect(covers(stored, e.doc), 'storage holds everything every editor typed').toBe(true)
        for (const a of acks) {
          await a.checked()
          expect(a.untrue).toEqual([])
          for (const sv of a.acks) expect(svCovered(sv, stored)).toBe(true)
        }
        // Each editor is finally acknowledged everything it typed.
        await eventually(() =>
          editors.forEach((e, i) =>
            expect(Math.max(0, ...acks[i]!.acks.map((sv) => sv.get(e.doc.clientID) ?? 0))).toBe(
              Y.decodeStateVector(Y.encodeStateVector(e.doc)).get(e.doc.clientID)
            )
          )
        )
        const survivors = [cluster.servers[0]!, cluster.servers[2]!]
        const sum = async (name: string) => (await Promise.all(survivors.map((s) => metric(s.httpUrl, name)))).reduce((a, b) => a + b, 0)
        const droppedEarly = await sum('updates_before_sync_dropped_total')
        const repliesCaughtUp = await sum('sync_replies_after_catch_up_total')
        const gaps = await sum('peer_gaps_total')
        console.log(
          `cluster kill (${storage}): updates dropped before a moved client's sync reply (which carried them): ${droppedEarly}; ` +
            `sync replies handled after a catch-up: ${repliesCaughtUp}; gaps caught up from storage: ${gaps}`
        )
        console.log(
          `cluster kill (${storage}): the ${dropped.size} clients of the killed process were synced again through the others ${recoveredMs} ms after the SIGKILL`
        )
      } finally {
        for (const c of [...editors, ...observers]) c.destroy()
      }
    }, 150_000)
  })
}
