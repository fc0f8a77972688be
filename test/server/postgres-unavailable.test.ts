// PostgreSQL becomes unreachable for a while under a running server: the
// server reaches it through a small TCP proxy written here, which the test
// cuts (every connection reset, new ones refused) and restores, so the
// machine's PostgreSQL is never stopped. While it is cut, writes are neither
// broadcast nor acknowledged and the writer's client keeps them; once it is
// back they are stored, acknowledged and served, and survive a kill -9.
// (issue #16)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { freePort, inviteToken, startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually } from '../../testkit/y-client'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres } from '../../testkit/postgres'

/** A TCP proxy to PostgreSQL that can be cut and restored. */
class CuttableProxy {
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number }
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => s.destroy())
      }
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.server = server
  }

  /** Reset every connection and refuse new ones. */
  async cut(): Promise<void> {
    const server = this.server
    this.server = null
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    for (const s of this.sockets) s.destroy()
    await closed
  }
}

const schema = freshSchemaName('unavailable')
const target = new URL(TEST_DATABASE_URL)
let proxy: CuttableProxy
let server: ServerProcess | null = null
beforeAll(async () => {
  await requirePostgres()
  proxy = new CuttableProxy(await freePort(), { host: target.hostname, port: Number(target.port || 5432) })
  await proxy.open()
})
afterAll(async () => {
  await server?.dispose()
  await proxy.cut()
  await dropSchema(schema)
})

const lines = (doc: Y.Doc, word: string): number =>
  [...JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON()).matchAll(new RegExp(`${word} \\d+`, 'g'))].length

describe('PostgreSQL briefly unavailable', () => {
  it('refuses writes while it is away (nothing broadcast or acknowledged, the client keeps them) and stores them once it is back', async () => {
    const viaProxy = new URL(TEST_DATABASE_URL)
    viaProxy.port = String(proxy.port)
    const s = (server = await startServerProcess({
      env: { STORAGE: 'postgres', DATABASE_URL: viaProxy.href, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '4' }
    }))
    // Links from the invite command, which reaches PostgreSQL directly: it runs synchronously here, and the proxy lives in this process.
    const direct = { STORAGE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema }
    const token = async (name: string, role: 'editor' | 'viewer') => inviteToken(s.dataDir, { plan: DEMO_PLAN_ID, role, name, group: 'administration' }, direct)
    const writer = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Skriver', 'editor'))
    const readerToken = await token('Læser', 'viewer')
    const reader = connectClient(s.wsUrl, DEMO_PLAN_ID, readerToken)
    await Promise.all([writer.synced(), reader.synced()])
    const body = writer.doc.getXmlFragment(BODY_FRAGMENT)
    const writerClock = () => Y.getState(writer.doc.store, writer.doc.clientID)
    for (let i = 0; i < 5; i++) body.push([new Y.XmlText(`før ${i} `)])
    await eventually(() => expect(lines(reader.doc, 'før')).toBe(5))
    await eventually(() => expect(writer.persisted.get(writer.doc.clientID)).toBe(writerClock()))
    const ackedBefore = writerClock()

    await proxy.cut()
    for (let i = 0; i < 5; i++) body.push([new Y.XmlText(`under ${i} `)])
    // The commit fails: the room closes its sockets (room-unavailable) rather than pretend.
    await eventually(() => expect(s.output.join('\n')).toMatch(/store-failed/))
    await eventually(() => expect(writer.provider.wsconnected).toBe(false))
    // While storage is away the clients keep retrying and are refused; the writer keeps its lines.
    await eventually(() => expect(s.output.join('\n')).toMatch(/room-load-failed|accept-error/))
    expect(writer.persisted.get(writer.doc.clientID)).toBe(ackedBefore)
    expect(lines(reader.doc, 'under')).toBe(0)
    expect(lines(writer.doc, 'under')).toBe(5)
    // The server itself carries on (it answers HTTP while storage is away).
    expect((await fetch(`${s.httpUrl}/healthz`)).status).toBe(200)
    // REST says so plainly, and asks to be tried again.
    const rest = await fetch(`${s.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { authorization: `Bearer ${readerToken}` } })
    expect(rest.status).toBe(503)
    expect(rest.headers.get('retry-after')).not.toBeNull()
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('storage-unavailable')

    await proxy.open()
    // The providers reconnect by themselves; the writer's sync sends what the server lacks.
    await eventually(() => expect(lines(reader.doc, 'under')).toBe(5))
    await eventually(() => expect(writer.persisted.get(writer.doc.clientID)).toBe(writerClock()))

    // Stored, not only held in memory: a kill -9 and a restart serve them.
    reader.destroy()
    writer.destroy()
    await s.kill('SIGKILL')
    await s.start()
    const fresh = connectClient(s.wsUrl, DEMO_PLAN_ID, await token('Efter', 'viewer'))
    await fresh.synced()
    expect(lines(fresh.doc, 'før')).toBe(5)
    expect(lines(fresh.doc, 'under')).toBe(5)
    fresh.destroy()
  })

  it('does not start when PostgreSQL does not answer, and says so', async () => {
    await proxy.cut()
    const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-nopg-'))
    try {
      const dead = new URL(TEST_DATABASE_URL)
      dead.port = String(proxy.port)
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: join(import.meta.dirname, '..', '..'),
        env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dataDir, STORAGE: 'postgres', DATABASE_URL: dead.href, DATABASE_SCHEMA: schema },
        encoding: 'utf8',
        timeout: 120_000
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/cannot start: Storage is unavailable: PostgreSQL at postgres:\/\/.*:\d+\/test does not answer/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
      await proxy.open()
    }
  })
})
