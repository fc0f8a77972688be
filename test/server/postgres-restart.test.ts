// The server on PostgreSQL (STORAGE=postgres, a schema of its own), as a real
// process: real Yjs clients edit over real sockets, the server is killed
// with SIGKILL mid-stream and started again, and every line the server had
// acknowledged as stored to the writer (and every line another client had
// received) is served after the restart; the writer's unacknowledged lines
// arrive when it reconnects. (issue #16)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually } from '../../testkit/y-client'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres, sqlIn } from '../../testkit/postgres'

const schema = freshSchemaName('restart')
let server: ServerProcess | null = null
beforeAll(() => requirePostgres())
afterAll(async () => {
  await server?.dispose()
  await dropSchema(schema)
})

const lines = (doc: Y.Doc): Set<number> =>
  new Set([...JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON()).matchAll(/pg-linje (\d+)/g)].map((m) => Number(m[1])))

describe('the server on PostgreSQL', () => {
  it('serves every acknowledged and every broadcast line after kill -9, and takes the rest when the writer returns', async () => {
    const s = (server = await startServerProcess({ env: { STORAGE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } }))
    const token = (name: string, role: 'editor' | 'viewer') => s.invite({ plan: DEMO_PLAN_ID, role, name, group: 'administration' })
    const writer = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Skriver', 'editor'))
    const reader = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Læser', 'viewer'))
    await Promise.all([writer.synced(), reader.synced()])

    // The writer's clock after each line: a line is acknowledged once `persisted` covers it.
    const clockAfter: number[] = []
    const total = 150
    for (let i = 0; i < total; i++) {
      writer.doc.getXmlFragment(BODY_FRAGMENT).push([new Y.XmlText(`pg-linje ${i} `)])
      clockAfter.push(Y.getState(writer.doc.store, writer.doc.clientID))
      if (i === 60) {
        // Mid-stream, once something has been acknowledged and received.
        await eventually(() => expect(writer.persisted.get(writer.doc.clientID) ?? 0).toBeGreaterThanOrEqual(clockAfter[0]!))
        await eventually(() => expect(lines(reader.doc).size).toBeGreaterThan(0))
        void s.kill('SIGKILL')
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    await eventually(() => expect(writer.provider.wsconnected).toBe(false))
    const ackClock = writer.persisted.get(writer.doc.clientID) ?? 0
    const acknowledged = clockAfter.flatMap((clock, i) => (clock <= ackClock ? [i] : []))
    const received = lines(reader.doc)
    expect(acknowledged.length).toBeGreaterThan(0)
    expect(acknowledged.length, 'the kill cut the stream').toBeLessThan(total)
    reader.destroy()
    // Away until the check below, so it cannot fill in what storage lost.
    writer.provider.disconnect()

    await s.start()
    const fresh = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Efter genstart', 'viewer'))
    await fresh.synced()
    const served = lines(fresh.doc)
    expect(
      acknowledged.filter((n) => !served.has(n)),
      'acknowledged before the kill but not served after it'
    ).toEqual([])
    expect(
      [...received].filter((n) => !served.has(n)),
      'received before the kill but not served after it'
    ).toEqual([])

    // The writer's unacknowledged lines were kept by its client and are stored when it returns.
    writer.provider.connect()
    await eventually(() => expect(lines(fresh.doc).size).toBe(total))
    await eventually(() => expect(writer.persisted.get(writer.doc.clientID) ?? 0).toBe(Y.getState(writer.doc.store, writer.doc.clientID)))
    writer.destroy()
    fresh.destroy()
    // It was PostgreSQL that held all this: the schema has the rows, the data directory no database.
    expect((await sqlIn<{ n: number }>(schema, 'SELECT COUNT(*)::int AS n FROM plans'))[0]!.n).toBe(1)
    expect(existsSync(join(s.dataDir, 'faellesplan.sqlite'))).toBe(false)
  })
})
