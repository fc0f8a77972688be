// Every REST refusal is `{ error: { code, params? }, message }` with a code
// from schema/http-errors.ts and that code's status (issue #13): the route
// table answers unknown paths with 404 and a known path with another method
// with 405 and `allow`; bodies, plan ids and access are refused by code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PLAN_ID } from '../../schema/build'
import { HTTP_ERRORS, fillPlaceholders, isHttpErrorCode } from '../../schema'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'

let t: TestServer
let other: string
let admin: string
beforeAll(async () => {
  t = await startTestServer()
  admin = t.token('admin', { plan: '*' })
  const res = await fetch(`${t.httpUrl}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'empty', title: 'Anden plan' })
  })
  other = ((await res.json()) as { plan: { id: string } }).plan.id
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

interface Refusal {
  status: number
  headers: Headers
  body: { error: { code: string; params?: Record<string, string | number> }; message: string }
}

/** Make a request that must be refused, and check the body has the one shape. */
async function refused(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Refusal> {
  const { token = admin, ...rest } = init
  const res = await fetch(`${t.httpUrl}${path}`, { ...rest, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...rest.headers } })
  expect(res.ok, `${init.method ?? 'GET'} ${path} answered ${res.status}`).toBe(false)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(res.headers.get('cache-control')).toBe('no-store')
  const body = (await res.json()) as Refusal['body']
  expect(Object.keys(body).sort()).toEqual(['error', 'message'])
  expect(isHttpErrorCode(body.error.code), body.error.code).toBe(true)
  const spec = HTTP_ERRORS[body.error.code as keyof typeof HTTP_ERRORS]
  expect(res.status).toBe(spec.status)
  expect(body.message).toBe(fillPlaceholders(spec.message, body.error.params))
  expect(body.message).not.toMatch(/\{\w+\}/)
  return { status: res.status, headers: res.headers, body }
}

describe('REST errors', () => {
  it('an unknown path is 404 not-found, with or without a token', async () => {
    for (const path of ['/api/nothing', '/api/plans/x/y/z/w', `/api/plans/${DEMO_PLAN_ID}/secrets.txt`, '/api/', '/api/plans/constructor/__proto__']) {
      expect((await refused(path)).body.error.code, path).toBe('not-found')
      expect((await refused(path, { token: null })).body.error.code, path).toBe('not-found')
    }
  })

  it('a known path with another method is 405 with the methods it allows', async () => {
    const cases: Array<[string, string, string]> = [
      ['PUT', '/api/plans', 'GET, POST'],
      ['DELETE', `/api/plans/${DEMO_PLAN_ID}/plan.json`, 'GET'],
      ['POST', `/api/plans/${DEMO_PLAN_ID}`, 'DELETE, GET, PATCH'],
      ['GET', `/api/plans/${DEMO_PLAN_ID}/restore`, 'POST'],
      ['PUT', `/api/plans/${DEMO_PLAN_ID}/invites/some-invite`, 'DELETE, PATCH'],
      ['PATCH', '/api/session', 'DELETE, GET, POST'],
      ['GET', '/api/imports', 'POST']
    ]
    for (const [method, path, allow] of cases) {
      const r = await refused(path, { method })
      expect(r.body.error.code, `${method} ${path}`).toBe('method-not-allowed')
      expect(r.headers.get('allow'), `${method} ${path}`).toBe(allow)
    }
  })

  it('a body that is not a JSON object is 400 invalid-json', async () => {
    for (const body of ['{"template":', '[1,2]', 'null', '"text"']) {
      const r = await refused('/api/plans', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      expect(r.body.error.code, body).toBe('invalid-json')
    }
    const settings = await refused(`/api/plans/${other}`, { method: 'PATCH', body: 'not json' })
    expect(settings.body.error.code).toBe('invalid-json')
  })

  it('an oversized body is 413 body-too-large, with the limit', async () => {
    const r = await refused('/api/plans', { method: 'POST', body: JSON.stringify({ title: 'x'.repeat(70 * 1024) }) })
    expect(r.body.error).toEqual({ code: 'body-too-large', params: { limit: 64 * 1024 } })
  })

  it('a malformed plan id is 400 invalid-plan-id, naming it', async () => {
    const r = await refused('/api/plans/NOT..VALID/plan.json')
    expect(r.body.error).toEqual({ code: 'invalid-plan-id', params: { plan: 'NOT..VALID' } })
    expect((await refused('/api/plans/NOT..VALID/restore', { method: 'POST' })).body.error.code).toBe('invalid-plan-id')
  })

  it('a token for another plan is 403 forbidden; none at all is 401 unauthorized; an unknown plan is 404 plan-not-found', async () => {
    const editor = t.token('editor')
    expect((await refused(`/api/plans/${other}/plan.json`, { token: editor })).body.error.code).toBe('forbidden')
    expect((await refused(`/api/plans/${other}`, { token: editor, method: 'PATCH', body: '{}' })).body.error.code).toBe('forbidden')
    expect((await refused(`/api/plans/${DEMO_PLAN_ID}/plan.json`, { token: null })).body.error.code).toBe('unauthorized')
    expect((await refused('/api/plans', { token: 'a.b.c' })).body.error.code).toBe('unauthorized')
    const missing = await refused('/api/plans/no-such-plan/plan.json')
    expect(missing.body.error).toEqual({ code: 'plan-not-found', params: { plan: 'no-such-plan' } })
  })

  it('fields are refused by name, and admin-only actions by code', async () => {
    const long = await refused(`/api/plans/${other}`, { method: 'PATCH', body: JSON.stringify({ title: 'x'.repeat(201) }) })
    expect(long.body.error).toEqual({ code: 'field-too-long', params: { field: 'title', limit: 200 } })
    const unknown = await refused(`/api/plans/${other}`, { method: 'PATCH', body: JSON.stringify({ colour: 'red' }) })
    expect(unknown.body.error).toEqual({ code: 'unknown-field', params: { field: 'colour' } })
    const invite = await refused(`/api/plans/${other}/invites`, { method: 'POST', body: JSON.stringify({ role: 'king', group: 'committee', name: 'x' }) })
    expect(invite.body.error).toEqual({ code: 'invalid-field', params: { field: 'role' } })
    const viewer = await refused(`/api/plans/${DEMO_PLAN_ID}/invites`, { token: t.token('viewer') })
    expect(viewer.body.error.code).toBe('admin-only')
  })
})
