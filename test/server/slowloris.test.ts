// Issue #11 item 3: unauthenticated sockets sending their request head a
// byte at a time (slowloris) held the server's sockets for Node's defaults
// (headersTimeout 60 s, checked every 30 s) and made /healthz and new
// editors fail. Now the head must arrive within HEADERS_TIMEOUT_MS, and at
// most MAX_HALF_OPEN_SOCKETS may be waiting: a new socket over that closes
// the one that has waited longest.
import { afterEach, describe, expect, it } from 'vitest'
import { connect, type Socket } from 'node:net'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { DEFAULT_OPTIONS, type ServerOptions } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, editReachesReader } from '../../testkit/y-client'
import { metricsHeaders } from '../../testkit/server-process'

let t: TestServer | null = null
const slow: Array<{ socket: Socket; closed: boolean; timer: NodeJS.Timeout }> = []
afterEach(async () => {
  for (const s of slow.splice(0)) {
    clearInterval(s.timer)
    s.socket.destroy()
  }
  if (t) {
    await t.stop()
    removeDir(t.dataDir)
    t = null
  }
})

/** `n` sockets that start an upgrade request and then send one more byte of its head every 500 ms, never finishing. */
async function slowloris(server: TestServer, n: number): Promise<void> {
  const head = `GET /sync/${DEMO_PLAN_ID} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Padding: ${'a'.repeat(10_000)}`
  for (let i = 0; i < n; i++) {
    const socket = connect(server.server.port, '127.0.0.1')
    let at = 0
    const entry = { socket, closed: false, timer: setInterval(() => socket.writable && socket.write(head[at++ % head.length]!), 500) }
    socket.on('error', () => undefined)
    socket.on('close', () => {
      entry.closed = true
      clearInterval(entry.timer)
    })
    slow.push(entry)
    await new Promise<void>((r) => socket.once('connect', () => r()))
  }
}

const closedCount = () => slow.filter((s) => s.closed).length

/** /healthz answers and a real editor syncs and is heard by a reader. */
async function serverStillServes(server: TestServer): Promise<void> {
  expect(await (await fetch(`${server.httpUrl}/healthz`)).text()).toBe('ok\n')
  await editReachesReader(server.wsUrl, DEMO_PLAN_ID, server.token('editor'), server.token('viewer'))
}

const start = async (http: Partial<ServerOptions['http']>, connections: Partial<ServerOptions['connections']> = {}) => {
  t = await startTestServer({ http: { ...DEFAULT_OPTIONS.http, ...http }, connections: { ...DEFAULT_OPTIONS.connections, ...connections } })
  return t
}

describe('slowloris', () => {
  it('300 slow sockets: /healthz answers, an editor syncs, and the server closes them after the headers timeout', async () => {
    const server = await start({ headersTimeoutMs: 1_000 })
    await slowloris(server, 300)
    await serverStillServes(server)
    // Node's default (60 s, checked every 30 s) would keep them far longer than this generous wait.
    await eventually(() => expect(closedCount()).toBe(300), 20_000, 100)
    await serverStillServes(server)
  }, 60_000)

  it('more slow sockets than MAX_HALF_OPEN_SOCKETS: the longest waiting are closed at once, whatever the timeout', async () => {
    const server = await start({ headersTimeoutMs: 120_000, requestTimeoutMs: 300_000 }, { halfOpen: 50 })
    await slowloris(server, 300)
    await eventually(() => expect(closedCount()).toBeGreaterThanOrEqual(250), 20_000, 100)
    await serverStillServes(server)
    const metrics = await (await fetch(`${server.httpUrl}/metrics`, { headers: metricsHeaders })).text()
    expect(Number(/faellesplan_half_open_closed_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(250)
  }, 60_000)
})
