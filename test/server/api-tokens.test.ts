// Issue #12: personal API tokens for scripts. An administrator creates one
// (name, days), sees it once, lists and revokes it; a revoked token is
// refused at once (401) and its open sockets close with access-revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { errorOf } from '../helpers/rest-error'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ accessCheckMs: 100 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const call = (method: string, path: string, bearer: string, body?: unknown) =>
  fetch(`${t.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })

describe('personal API tokens', () => {
  it('an administrator creates a token that works as Bearer until it is revoked', async () => {
    const admin = t.token('admin')
    const created = await call('POST', '/api/tokens', admin, { name: 'Opfølgning til Power BI', days: 30, plan: DEMO_PLAN_ID, role: 'viewer' })
    expect(created.status).toBe(201)
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string; name: string; state: string; plan: string; role: string } }
    expect(apiToken).toMatchObject({ name: 'Opfølgning til Power BI', state: 'active', plan: DEMO_PLAN_ID, role: 'viewer' })

    // Shown once: the list names it but never carries the token.
    const listed = await (await call('GET', '/api/tokens', admin)).text()
    expect(listed).toContain(apiToken.id)
    expect(listed).not.toContain(token.split('.')[1]!)
    // Not an invitation of the plan.
    expect(await (await call('GET', `/api/plans/${DEMO_PLAN_ID}/invites`, admin)).text()).not.toContain(apiToken.id)

    expect((await call('GET', `/api/plans/${DEMO_PLAN_ID}/plan.json`, token)).status).toBe(200)
    // Its role holds: a viewer token creates nothing.
    expect((await call('POST', '/api/plans', token, { template: 'empty' })).status).toBe(403)
    const ws = new WebSocket(`${t.wsUrl}/${DEMO_PLAN_ID}?token=${token}`)
    await new Promise((resolve, reject) => {
      ws.once('message', resolve)
      ws.once('close', (code) => reject(new Error(`closed ${code}`)))
    })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))

    expect((await call('DELETE', `/api/tokens/${apiToken.id}`, admin)).status).toBe(204)
    const refused = await call('GET', `/api/plans/${DEMO_PLAN_ID}/plan.json`, token)
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).code).toBe('access-revoked')
    expect(await closed).toBe(Close.AccessRevoked.code)
    const after = (await (await call('GET', '/api/tokens', admin)).json()) as { apiTokens: Array<{ id: string; state: string }> }
    expect(after.apiTokens.find((x) => x.id === apiToken.id)?.state).toBe('revoked')
  })

  it('refuses non-administrators and bad input with a clear code', async () => {
    const editor = t.token('editor')
    const refused = await call('POST', '/api/tokens', editor, { name: 'x', days: 5 })
    expect(refused.status).toBe(403)
    expect((await errorOf(refused)).code).toBe('admin-only')
    expect((await call('GET', '/api/tokens', editor)).status).toBe(403)

    const admin = t.token('admin')
    expect((await call('POST', '/api/tokens', admin, { days: 5 })).status).toBe(400)
    expect((await call('POST', '/api/tokens', admin, { name: 'x', days: 0 })).status).toBe(400)
    expect((await call('POST', '/api/tokens', admin, { name: 'x', days: 10_000 })).status).toBe(400)
    expect((await call('POST', '/api/tokens', admin, { name: 'x', role: 'root' })).status).toBe(400)
    // Another plan, existing or not, is not this administrator's (and whether it exists is not said).
    expect((await call('POST', '/api/tokens', admin, { name: 'x', plan: 'no-such-plan' })).status).toBe(403)
    // An administrator of one plan makes tokens for that plan only.
    expect((await call('POST', '/api/tokens', admin, { name: 'x', plan: '*' })).status).toBe(403)
    expect((await call('DELETE', '/api/tokens/not-a-token', admin)).status).toBe(404)
    expect((await fetch(`${t.httpUrl}/api/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: '[1,2' })).status).toBe(400)
  })

  it('an all-plans administrator makes all-plans tokens, which are administrator tokens', async () => {
    const root = t.server.mintTokenNow({ plan: '*', role: 'admin', name: 'Root', group: 'administration', days: 1 })
    expect((await call('POST', '/api/tokens', root, { name: 'x', plan: '*', role: 'viewer' })).status).toBe(400)
    expect((await call('POST', '/api/tokens', root, { name: 'x', plan: 'no-such-plan' })).status).toBe(404)
    const created = await call('POST', '/api/tokens', root, { name: 'Backup-script', days: 1 })
    expect(created.status).toBe(201)
    const { token } = (await created.json()) as { token: string }
    expect((await call('GET', '/api/plans', token)).status).toBe(200)
  })
})
