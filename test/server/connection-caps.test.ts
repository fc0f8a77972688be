// Issue #11 item 3: ~20,000 sockets from one viewer token exhausted the
// process. Sockets are now capped per token (closed with
// `too-many-connections`, which the client retries), per client address and
// in all (refused with HTTP 503 before the upgrade); each seat is given back
// when its socket closes.
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { DEFAULT_OPTIONS, createPlan, type ServerOptions } from '../../server'
import { addressKey } from '../../server/http/client-address'
import { networkOptionsFromEnv } from '../../server/http/network-options'
import { inviteToken, startServerProcess } from '../../testkit/server-process'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, editReachesReader } from '../../testkit/y-client'

let t: TestServer | null = null
const sockets: WebSocket[] = []
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate()
  if (t) {
    await t.stop()
    removeDir(t.dataDir)
    t = null
  }
})

async function start(connections: Partial<ServerOptions['connections']>, more: Partial<ServerOptions> = {}): Promise<TestServer> {
  t = await startTestServer({ connections: { ...DEFAULT_OPTIONS.connections, ...connections }, ...more })
  return t
}

type Outcome = { open: true } | { open: false; status?: number; code?: number; reason?: string }

type Target = { wsUrl: string }

/** Open a socket (optionally with headers) and report whether it stays open, or how it was refused. */
async function attempt(server: Target, token: string, headers: Record<string, string> = {}, room = DEMO_PLAN_ID): Promise<{ ws: WebSocket; outcome: Outcome }> {
  const ws = new WebSocket(`${server.wsUrl}/${room}?token=${encodeURIComponent(token)}`, { headers })
  sockets.push(ws)
  const outcome = await new Promise<Outcome>((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      resolve({ open: false, status: res.statusCode })
      res.resume()
      ws.terminate()
    })
    ws.on('error', () => undefined)
    ws.on('close', (code, reason) => resolve({ open: false, code, reason: reason.toString() }))
    // The server greets every accepted connection (sync step 1) at once, and a refused one is closed at once.
    ws.on('message', () => resolve({ open: true }))
  })
  return { ws, outcome }
}

/** Close a socket and wait until the server has seen it go. */
const closeAndWait = async (ws: WebSocket) => {
  const closed = new Promise((r) => ws.once('close', r))
  ws.close()
  await closed
}

/** A real editor on another plan syncs and its edit reaches a reader there. */
async function anotherPlanSyncs(server: TestServer): Promise<void> {
  const plan = (await createPlan(server.server.store, 'empty', `Anden plan ${Math.random()}`)).id
  await editReachesReader(server.wsUrl, plan, server.token('editor', { plan, name: 'Anden' }), server.token('viewer', { plan, name: 'Læser' }))
}

describe('connections per token', () => {
  it('refuses sockets over the cap with too-many-connections; other links and plans carry on; a closed socket frees its seat', async () => {
    const server = await start({ perToken: 5 })
    const viewer = server.token('viewer', { name: 'Mange faner' })
    const seated = []
    for (let i = 0; i < 5; i++) seated.push(await attempt(server, viewer))
    expect(seated.map((s) => s.outcome)).toEqual(Array(5).fill({ open: true }))
    for (let i = 0; i < 20; i++) {
      expect((await attempt(server, viewer)).outcome).toEqual({ open: false, code: Close.TooManyConnections.code, reason: Close.TooManyConnections.reason })
    }
    // Another link (even for the same person) and another plan are not affected.
    expect((await attempt(server, server.token('viewer', { name: 'Mange faner', days: 2 }))).outcome).toEqual({ open: true })
    await anotherPlanSyncs(server)
    await closeAndWait(seated[0]!.ws)
    await eventually(async () => expect((await attempt(server, viewer)).outcome).toEqual({ open: true }))
  })
})

describe('new connections per token', () => {
  it('a token that reconnects faster than allowed is refused with too-many-connections, and may connect again later', async () => {
    const server = await start({ perToken: 3 }, { limits: { ...DEFAULT_OPTIONS.limits, newConnectionsPerSecond: 1, newConnectionBurst: 3 } })
    const token = server.token('viewer', { name: 'Genopkobler' })
    const outcomes: Outcome[] = []
    for (let i = 0; i < 10; i++) {
      const { ws, outcome } = await attempt(server, token)
      outcomes.push(outcome)
      if (outcome.open) await closeAndWait(ws)
    }
    // Never more than one socket open at a time: the rate refused them, not the cap.
    expect(outcomes.filter((o) => o.open).length).toBeLessThan(10)
    expect(outcomes).toContainEqual({ open: false, code: Close.TooManyConnections.code, reason: Close.TooManyConnections.reason })
    expect((await attempt(server, server.token('viewer', { name: 'Andre' }))).outcome).toEqual({ open: true })
    await eventually(
      async () => {
        const { ws, outcome } = await attempt(server, token)
        if (outcome.open) await closeAndWait(ws)
        expect(outcome).toEqual({ open: true })
      },
      15_000,
      250
    )
  })
})

describe('connections per client address and in all', () => {
  it('refuses sockets over the address cap before the upgrade (503); a closed socket frees its seat', async () => {
    const server = await start({ perIp: 6 })
    const seated = []
    for (let i = 0; i < 6; i++) seated.push(await attempt(server, server.token('viewer', { name: `Person ${i}` })))
    expect(seated.every((s) => s.outcome.open)).toBe(true)
    // A client cannot step around the cap by naming another address: without TRUST_PROXY the header is ignored.
    expect((await attempt(server, server.token('viewer', { name: 'Ny' }), { 'x-forwarded-for': '203.0.113.9' })).outcome).toEqual({ open: false, status: 503 })
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200)
    await closeAndWait(seated[0]!.ws)
    await eventually(async () => expect((await attempt(server, server.token('viewer', { name: 'Ny' }))).outcome).toEqual({ open: true }))
  })

  it('behind a trusted proxy, counts the address the proxy appended to X-Forwarded-For', async () => {
    const server = await start({ perIp: 3 }, { trustProxy: true })
    const from = (address: string, spoofed = '198.51.100.1') => ({ 'x-forwarded-for': `${spoofed}, ${address}` })
    for (let i = 0; i < 3; i++)
      expect((await attempt(server, server.token('viewer', { name: `A${i}` }), from('10.0.0.1', `198.51.100.${i}`))).outcome).toEqual({ open: true })
    expect((await attempt(server, server.token('viewer', { name: 'A3' }), from('10.0.0.1'))).outcome).toEqual({ open: false, status: 503 })
    expect((await attempt(server, server.token('viewer', { name: 'B' }), from('10.0.0.2'))).outcome).toEqual({ open: true })
  })

  it('refuses sockets over the total cap (503) and still answers /healthz', async () => {
    const server = await start({ total: 4 })
    for (let i = 0; i < 4; i++) expect((await attempt(server, server.token('viewer', { name: `P${i}` }))).outcome).toEqual({ open: true })
    expect((await attempt(server, server.token('editor'))).outcome).toEqual({ open: false, status: 503 })
    expect(await (await fetch(`${server.httpUrl}/healthz`)).text()).toBe('ok\n')
  })
})

describe('client address keys', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64']
  ])('%s counts as %s', (address, key) => {
    expect(addressKey(address)).toBe(key)
  })
})

describe('settings from the environment (server/main.ts)', () => {
  it('MAX_CONNECTIONS_PER_TOKEN reaches the running server', async () => {
    const proc = await startServerProcess({ env: { MAX_CONNECTIONS_PER_TOKEN: '2' } })
    try {
      const token = inviteToken(proc.dataDir, { plan: DEMO_PLAN_ID, role: 'viewer', name: 'Env', group: 'council' })
      expect((await attempt(proc, token)).outcome).toEqual({ open: true })
      expect((await attempt(proc, token)).outcome).toEqual({ open: true })
      expect((await attempt(proc, token)).outcome).toMatchObject({ open: false, code: Close.TooManyConnections.code })
    } finally {
      for (const ws of sockets.splice(0)) ws.terminate()
      await proc.dispose()
    }
  })

  it('refuses a value that is not a positive whole number, naming the variable', () => {
    expect(() => networkOptionsFromEnv({ MAX_CONNECTIONS_PER_IP: 'many' }, DEFAULT_OPTIONS)).toThrow(
      'MAX_CONNECTIONS_PER_IP must be a positive whole number, got "many"'
    )
    expect(() => networkOptionsFromEnv({ TRUST_PROXY: 'maybe' }, DEFAULT_OPTIONS)).toThrow('TRUST_PROXY must be true or false')
    expect(networkOptionsFromEnv({ TRUST_PROXY: 'true', HEADERS_TIMEOUT_MS: '2000' }, DEFAULT_OPTIONS)).toMatchObject({
      trustProxy: true,
      http: { headersTimeoutMs: 2000 },
      connections: DEFAULT_OPTIONS.connections
    })
  })
})
