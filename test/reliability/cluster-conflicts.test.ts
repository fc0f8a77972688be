// Issue #16 with issue #14's conflicts: two writes to one target value that
// meet only after each was stored on its own process are recorded as one
// process would record them (once, both values, both names), and a
// resolution made on one process is respected by the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { extractPlanFromYDoc, type Conflict } from '../../schema'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { startCluster, type ClusterProcesses, type ClusterStorage } from '../../testkit/cluster'
import type { ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { setField } from '../helpers/field-edits'
import { storedDoc, svCovered } from '../helpers/cluster-clients'

const valueIn = (doc: Y.Doc, targetId: string): unknown =>
  extractPlanFromYDoc(doc)
    .goals.flatMap((g) => g.targets)
    .find((x) => x.id === targetId)?.target.value

const stateOf = (c: YClient) => Y.decodeStateVector(Y.encodeStateVector(c.doc))

for (const storage of ['sqlite', 'postgres'] as ClusterStorage[]) {
  describe(`conflicts across processes (${storage})`, () => {
    let cluster: ClusterProcesses
    let s0: ServerProcess
    let s1: ServerProcess
    let viewer: string
    const clients: YClient[] = []
    beforeAll(async () => {
      cluster = await startCluster({ processes: 2, storage })
      ;[s0, s1] = cluster.servers as [ServerProcess, ServerProcess]
      viewer = await s0.invite({ plan: DEMO_PLAN_ID, role: 'viewer', name: 'Vera', group: 'committee' })
    })
    afterAll(async () => {
      for (const c of clients) c.destroy()
      await cluster?.dispose()
    })

    const editor = async (s: ServerProcess, name: string): Promise<YClient> => {
      const c = connectClient(s.wsUrl, DEMO_PLAN_ID, await s.invite({ plan: DEMO_PLAN_ID, role: 'editor', name, group: 'committee' }))
      clients.push(c)
      await c.synced()
      return c
    }

    /** What storage holds for the plan (REST reads the store; any process answers the same). */
    const stored = async (s: ServerProcess, all = true): Promise<Conflict[]> => {
      const res = await fetch(`${s.httpUrl}/api/plans/${DEMO_PLAN_ID}/conflicts${all ? '?all=1' : ''}`, { headers: { authorization: `Bearer ${viewer}` } })
      expect(res.status).toBe(200)
      return ((await res.json()) as { conflicts: Conflict[] }).conflicts
    }

    /**
     * Anna (process 0) and Bo (process 1) set `target` to 55 and 60 in one
     * turn (neither has seen the other's) while Redis is paused: each write
     * reaches its own process, which judges it against the value before it
     * (a live update, unlike a sync reply, starts no read of storage). The
     * other's write arrives only after that, from storage (the second
     * commit finds the first's row and catches up) or from Redis once it
     * runs again: applied from a peer on both processes.
     */
    async function writesThatMeetLate(target: string, anna: YClient, bo: YClient): Promise<void> {
      process.kill(cluster.redis.pid, 'SIGSTOP')
      try {
        setField(anna.doc, target, 'targetValue', 55)
        setField(bo.doc, target, 'targetValue', 60)
        await eventually(async () => {
          const doc = await storedDoc(cluster, DEMO_PLAN_ID)
          expect(svCovered(stateOf(anna), doc) && svCovered(stateOf(bo), doc)).toBe(true)
        }, 30_000)
      } finally {
        process.kill(cluster.redis.pid, 'SIGCONT')
      }
      await eventually(() => expect(valueIn(anna.doc, target)).toBe(valueIn(bo.doc, target)), 30_000)
    }

    it('writes that meet only after each was stored on its own process: one record, both values and names; a causal write on the other process resolves it', async () => {
      const target = DEMO_IDS.targetSickLevel
      const anna = await editor(s0, 'Anna')
      const bo = await editor(s1, 'Bo')
      await writesThatMeetLate(target, anna, bo)
      const kept = valueIn(anna.doc, target)
      const c = await eventually(async () => {
        const found = (await stored(s0)).filter((x) => x.nodeId === target)
        expect(found).toHaveLength(1)
        expect([found[0]!.kept, ...found[0]!.lost].map((v) => `${v.value} ${v.by}`).sort()).toEqual(['55 Anna', '60 Bo'])
        return found[0]!
      }, 30_000)
      expect(c).toMatchObject({ field: 'targetValue', resolved: null, kept: { value: kept } })
      expect(c.lost).toHaveLength(1)

      // Cai on process 1 sees the kept value and chooses 58; whichever process judged the conflict, it is resolved once, by Cai.
      const cai = await editor(s1, 'Cai')
      setField(cai.doc, target, 'targetValue', 58)
      await eventually(async () => {
        const found = (await stored(s1)).filter((x) => x.nodeId === target)
        expect(found).toHaveLength(1)
        expect(found[0]).toMatchObject({ id: c.id, resolved: { value: 58, by: 'Cai' } })
      }, 30_000)
      // Process 0 knows too: Anna's next write is an ordinary one, no conflict is reopened or recorded.
      await eventually(() => expect(valueIn(anna.doc, target)).toBe(58), 30_000)
      setField(anna.doc, target, 'targetValue', 59)
      await eventually(async () => expect(valueIn(cai.doc, target)).toBe(59), 30_000)
      const after = (await stored(s0)).filter((x) => x.nodeId === target)
      expect(after).toHaveLength(1)
      expect(after[0]!.resolved).toMatchObject({ value: 58, by: 'Cai' })
    })

    it('a resolution through REST on one process is not undone by a later write handled by the other', async () => {
      const target = DEMO_IDS.targetSickChange
      const anna = await editor(s0, 'Anna')
      const bo = await editor(s1, 'Bo')
      await writesThatMeetLate(target, anna, bo)
      const open = await eventually(async () => {
        const found = (await stored(s1, false)).filter((x) => x.nodeId === target)
        expect(found).toHaveLength(1)
        return found[0]!
      }, 30_000)
      const eva = await s0.invite({ plan: DEMO_PLAN_ID, role: 'editor', name: 'Eva', group: 'committee' })
      const res = await fetch(`${s0.httpUrl}/api/plans/${DEMO_PLAN_ID}/conflicts/${open.id}/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${eva}`, 'content-type': 'application/json' },
        body: JSON.stringify({ value: open.kept.value })
      })
      expect(res.status).toBe(200)
      // Bo, on process 1 (which had the conflict open in memory), writes the field again having seen the kept value.
      setField(bo.doc, target, 'targetValue', 61)
      await eventually(async () => expect(valueIn(anna.doc, target)).toBe(61), 30_000)
      await eventually(async () => {
        const doc = await storedDoc(cluster, DEMO_PLAN_ID)
        expect(valueIn(doc, target)).toBe(61)
      }, 30_000)
      const found = (await stored(s1)).filter((x) => x.nodeId === target)
      expect(found).toHaveLength(1)
      expect(found[0]).toMatchObject({ id: open.id, resolved: { value: open.kept.value, by: 'Eva' } })
    })
  })
}
