// Issue #16 with issue #14's automatic versions: two server instances on one
// store with a real redis-server between them, each storing edits of one
// plan, take the period's automatic version: the plan gets one, not one per
// instance (a known issue until the period key; fails without it). Two
// instances in this test process, not two processes: the versions' test hook
// (takeDue, "the period has ended") is reachable only in process; they share
// nothing but storage and Redis, as processes do. SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServer, type RunningServer, type StorageConfig } from '../../server'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres } from '../../testkit/postgres'
import { startRedisProcess, type RedisProcess } from '../../testkit/redis-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { applyStoredRoom } from '../../server/sync/stored-doc'

const paragraph = (text: string): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

for (const engine of ['sqlite', 'postgres'] as const) {
  describe(`automatic versions across processes (${engine})`, () => {
    let redis: RedisProcess
    const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-cluster-versions-'))
    const schema = engine === 'postgres' ? freshSchemaName('cversions') : null
    const servers: RunningServer[] = []
    const clients: YClient[] = []
    beforeAll(async () => {
      if (schema) await requirePostgres()
      redis = await startRedisProcess()
      const storage: StorageConfig | null = schema ? { engine: 'postgres', url: TEST_DATABASE_URL, schema, poolSize: 4 } : null
      // Periods of 1e9 ms: never ended by the clock during the test, only by takeDue.
      const start = () => startServer({ port: 0, host: '127.0.0.1', dataDir, storage, redisUrl: redis.url, versions: { everyMs: 1e9 } })
      // The first alone: it creates the store and the demo plan.
      servers.push(await start())
      servers.push(await start())
    })
    afterAll(async () => {
      for (const c of clients) c.destroy()
      for (const s of servers) await s.close()
      await redis?.dispose()
      rmSync(dataDir, { recursive: true, force: true })
      if (schema) await dropSchema(schema)
    })

    const editor = async (s: RunningServer, name: string): Promise<YClient> => {
      const token = await s.mintToken({ plan: DEMO_PLAN_ID, role: 'editor', name, group: 'administration' })
      const c = connectClient(`ws://127.0.0.1:${s.port}/sync`, DEMO_PLAN_ID, token)
      clients.push(c)
      await c.synced()
      return c
    }

    /** Each writes a paragraph through its own process; resolves once storage holds both. */
    const bothWrite = async (anna: YClient, bo: YClient, round: number) => {
      anna.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(`anna-${round}`)])
      bo.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(`bo-${round}`)])
      await eventually(async () => {
        const doc = new Y.Doc()
        applyStoredRoom(doc, DEMO_PLAN_ID, await servers[0]!.store.loadRoom(DEMO_PLAN_ID))
        const text = JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON())
        expect(text).toContain(`>anna-${round}<`)
        expect(text).toContain(`>bo-${round}<`)
      })
    }

    const autoVersions = async () => (await servers[0]!.store.listVersions(DEMO_PLAN_ID)).filter((v) => v.kind === 'auto')

    it('two processes that both stored edits in a period take one automatic version of it, at once or one after the other', async () => {
      const [s0, s1] = servers as [RunningServer, RunningServer]
      const anna = await editor(s0, 'Anna')
      const bo = await editor(s1, 'Bo')

      // Both periods end at the same moment on both processes.
      await bothWrite(anna, bo, 1)
      await Promise.all([s0.versions.takeDue(), s1.versions.takeDue()])
      const first = await autoVersions()
      expect(first).toHaveLength(1)

      // The next period: one after the other (the second finds the first's version already stored).
      await bothWrite(anna, bo, 2)
      await s0.versions.takeDue()
      await s1.versions.takeDue()
      const second = await autoVersions()
      expect(second).toHaveLength(2)
      expect(second[1]!.id).toBe(first[0]!.id)
      // The version holds what both stored before the period ended.
      const doc = new Y.Doc()
      Y.applyUpdateV2(doc, (await s0.store.getVersion(DEMO_PLAN_ID, second[0]!.id))!.state)
      const text = JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON())
      expect(text).toContain('>anna-2<')
      expect(text).toContain('>bo-2<')
    }, 120_000)
  })
}
