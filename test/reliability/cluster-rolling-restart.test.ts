// Every server process of a cluster is restarted, one after the other, while
// a meeting types through the proxy (issue #16). Clients move to the
// processes that are up and back; nothing is lost. Regression: an earlier
// attempt closed moved clients as "malformed" when their first update (built
// on what they had from the old process) arrived before their sync step 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { RunningProxy } from '../../server/cluster/proxy'
import { startCluster, startProxyFor, type ClusterProcesses } from '../../testkit/cluster'
import { connectClient, eventually, type YClient, covers } from '../../testkit/y-client'
import { Typist, bodyText, storedDoc, svCovered, watchAcks } from '../helpers/cluster-clients'

// On both stores: issue #16's target is several processes on PostgreSQL.
for (const storage of ['sqlite', 'postgres'] as const) {
  let cluster: ClusterProcesses
  let proxy: RunningProxy
  beforeAll(async () => {
    // Compacting every few rows: the processes compact the same room concurrently, and catch-ups and restarts read snapshots.
    cluster = await startCluster({ processes: 3, storage, env: { COMPACT_EVERY: '10' } })
    proxy = await startProxyFor(cluster)
  })
  afterAll(async () => {
    await proxy?.close()
    await cluster?.dispose()
  })

  describe(`cluster on ${storage}: rolling restart`, () => {
    it('restarting every process in turn during typing loses nothing', async () => {
      const wsUrl = `ws://127.0.0.1:${proxy.port}/sync`
      const invite = (name: string) => cluster.servers[0]!.invite({ plan: DEMO_PLAN_ID, role: 'editor', name, group: 'committee' })
      const editors: YClient[] = []
      const closes: string[] = []
      try {
        for (let i = 0; i < 6; i++) editors.push(connectClient(wsUrl, DEMO_PLAN_ID, await invite(`Skriver ${i}`)))
        const acks = editors.map((e) => watchAcks(e, cluster, DEMO_PLAN_ID))
        // A close with one of our refusals (4xxx other than shutting down) would mean a client was turned away.
        for (const e of editors)
          e.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
            if (event && event.code >= 4000 && event.code !== 4503) closes.push(`${event.code} ${event.reason}`)
          })
        await Promise.all(editors.map((e) => e.synced()))
        const typists = editors.map((e, i) => new Typist(e, `skriver-${i}`))
        typists.forEach((t) => t.start(25))

        // The servers' warnings and errors so far, for a failure's message.
        const warnings = () => cluster.servers.flatMap((s) => s.output.filter((l) => /"level":"(warn|error)"/.test(l)).map((l) => `${s.port}: ${l}`)).join('\n')
        for (const server of cluster.servers) {
          const typed = typists.map((t) => t.typed)
          await server.kill('SIGTERM')
          await server.start()
          // Typing went on meanwhile, and everyone is connected again before the next one goes.
          // A ceiling of 60 s, not a wait: on PostgreSQL with the whole suite running, 30 s was once not enough.
          await eventually(() => {
            expect(typists.every((t, i) => t.typed >= typed[i]! + 10)).toBe(true)
            const behind = editors.flatMap((e, i) =>
              e.provider.wsconnected && e.provider.synced ? [] : [`Skriver ${i}: ${e.provider.wsconnected ? 'connected, not synced' : 'not connected'}`]
            )
            expect(behind, `after restarting the process on port ${server.port}; the servers' warnings and errors:\n${warnings()}`).toEqual([])
          }, 60_000)
        }
        typists.forEach((t) => t.stop())

        await eventually(() => expect(new Set(editors.map((e) => bodyText(e.doc))).size).toBe(1))
        const stored = await storedDoc(cluster, DEMO_PLAN_ID)
        for (const e of editors) expect(covers(stored, e.doc), 'storage holds everything every editor typed').toBe(true)
        for (const a of acks) {
          await a.checked()
          expect(a.untrue).toEqual([])
          for (const sv of a.acks) expect(svCovered(sv, stored)).toBe(true)
        }
        // Seen once, on a machine loaded by a benchmark: four room-unavailable closes, nothing lost. The servers' warnings say which path closed them.
        expect(closes, `closes; the servers' warnings and errors:\n${warnings()}`).toEqual([])
        console.log(
          `rolling restart (${storage}): ${typists.reduce((n, t) => n + t.typed, 0)} characters typed by ${editors.length} editors over 3 restarts, all stored`
        )
      } finally {
        for (const e of editors) e.destroy()
      }
    }, 300_000)
  })
}
