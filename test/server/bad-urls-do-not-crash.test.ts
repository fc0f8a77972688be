// Regression: `GET /plan/%E0%A4%A` (invalid percent-encoding) threw from
// decodeURIComponent inside the request handler and killed the process,
// before any token check. The same path on /sync/ did the same in the upgrade.
import { describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { openRaw } from '../helpers/raw-socket'
import { connectClient } from '../../testkit/y-client'

let t: TestServer
useTestServer((s) => (t = s))

/** Send one raw HTTP request line and return the status line of the answer. */
const rawRequest = (port: number, requestLine: string): Promise<string> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(`${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`))
    let data = ''
    s.on('data', (d) => (data += d.toString()))
    s.on('close', () => resolve(data.split('\r\n')[0] ?? ''))
    s.on('error', () => resolve(''))
  })

describe('malformed URLs', () => {
  it('are answered (or refused) and the server keeps serving', async () => {
    for (const path of ['/plan/%E0%A4%A', '/%', '/api/plans/%ZZ/plan.json', '/assets/%C0%AF..%C0%AF']) {
      const r = await fetch(`${t.httpUrl}${path}`)
      expect(r.status, path).toBeGreaterThanOrEqual(400)
    }
    const raw = await openRaw(t.wsUrl, '%E0%A4%A', t.token('admin', { plan: '*' }))
    expect((await raw.closed).code).toBe(Close.BadRequest.code)
    expect(await rawRequest(t.server.port, 'GET http://[ HTTP/1.1')).toMatch(/^HTTP\/1\.1 [45]\d\d/)

    expect((await fetch(`${t.httpUrl}/healthz`)).status).toBe(200)
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await c.synced()
    c.destroy()
  })
})

describe('plan resource names', () => {
  // Guard for the read table (server/http/api.ts): names that an object literal would "have" are unknown resources.
  it('constructor, __proto__, toString are 404, not an export', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/${name}`, { headers: { authorization: `Bearer ${t.token('viewer')}` } })
      expect(r.status, name).toBe(404)
    }
  })
})
