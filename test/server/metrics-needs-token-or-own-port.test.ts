import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'

// Issue #11 item 7: /metrics was open to anyone who could reach the server.
// Now: not served by default (404); with METRICS_TOKEN only with that bearer
// token (401 otherwise); with METRICS_PORT on its own loopback listener.

let t: TestServer | null = null
afterEach(async () => {
  await t?.stop()
  if (t) removeDir(t.dataDir)
  t = null
})

const metricsAt = (base: string, token?: string) => fetch(`${base}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } })

describe('/metrics access', () => {
  it('is not served on the public port when nothing is configured', async () => {
    // (Test servers get a metrics token by default; here nothing is configured, as in production.)
    t = await startTestServer({ metrics: { token: null, port: null, host: '127.0.0.1' } })
    const res = await metricsAt(t.httpUrl)
    expect(res.status).toBe(404)
    expect(await res.text()).toMatch(/METRICS_TOKEN|METRICS_PORT/)
    // An admin's plan token is no metrics token.
    expect((await metricsAt(t.httpUrl, t.token('admin', { plan: '*' }))).status).toBe(404)
  })

  it('with a token: 401 without it or with a wrong one, 200 with it', async () => {
    t = await startTestServer({ metrics: { token: 's3cret-metrics', port: null, host: '127.0.0.1' } })
    const none = await metricsAt(t.httpUrl)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect((await metricsAt(t.httpUrl, 's3cret-metricz')).status).toBe(401)
    expect((await metricsAt(t.httpUrl, 's3cret')).status).toBe(401)
    expect((await fetch(`${t.httpUrl}/metrics?token=s3cret-metrics`)).status).toBe(401)
    const ok = await metricsAt(t.httpUrl, 's3cret-metrics')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toMatch(/faellesplan_rooms_loaded \d+/)
  })

  it('with its own port: served there on 127.0.0.1, still 404 on the public port', async () => {
    t = await startTestServer({ metrics: { token: null, port: 0, host: '127.0.0.1' } })
    const port = t.server.metricsPort!
    expect(port).toBeGreaterThan(0)
    expect(port).not.toBe(t.server.port)
    const ok = await metricsAt(`http://127.0.0.1:${port}`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toMatch(/faellesplan_updates_stored_total \d+/)
    expect((await fetch(`http://127.0.0.1:${port}/api/plans`)).status).toBe(404)
    expect((await metricsAt(t.httpUrl)).status).toBe(404)
  })
})
