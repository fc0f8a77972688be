// A link's token is exchanged once for a session cookie (HttpOnly,
// SameSite=Lax, Secure behind https); REST and sockets accept the cookie; a
// page on another site cannot open a socket with it; signing out or revoking
// the invitation ends the session and closes its sockets.
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

async function signIn(token: string): Promise<{ cookie: string; setCookie: string; me: Record<string, unknown> }> {
  const res = await fetch(`${t.httpUrl}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(201)
  const setCookie = res.headers.get('set-cookie') ?? ''
  return { cookie: setCookie.split(';')[0]!, setCookie, me: ((await res.json()) as { me: Record<string, unknown> }).me }
}

/** Open a raw socket with these headers; resolves with the close code, or 'open' once the server greets it. */
function socket(headers: Record<string, string>, room = DEMO_PLAN_ID): Promise<{ ws: WebSocket; first: Promise<'greeted' | number> }> {
  const ws = new WebSocket(`${t.wsUrl}/${room}`, { headers })
  const first = new Promise<'greeted' | number>((resolve) => {
    ws.once('message', () => resolve('greeted'))
    ws.once('close', (code) => resolve(code))
  })
  return Promise.resolve({ ws, first })
}
const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => (ws.readyState === ws.CLOSED ? resolve(-1) : ws.once('close', (code) => resolve(code))))

describe('sessions instead of tokens in addresses', () => {
  it('exchanges a link for an HttpOnly cookie that opens REST and sockets, never echoing the token', async () => {
    const token = t.token('editor', { name: 'Anne' })
    const { cookie, setCookie, me } = await signIn(token)
    expect(setCookie).toMatch(/^fp_session=[A-Za-z0-9_-]{40,};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).not.toContain('Secure') // plain http here; https PUBLIC_URL adds it
    expect(me).toMatchObject({ name: 'Anne', role: 'editor', plan: DEMO_PLAN_ID })
    expect(JSON.stringify(me)).not.toContain(token.split('.')[1]!)

    expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { cookie } })).status).toBe(200)
    expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`)).status).toBe(401)
    expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { cookie: 'fp_session=forged-value' } })).status).toBe(401)
    const who = (await (await fetch(`${t.httpUrl}/api/session`, { headers: { cookie } })).json()) as { me: { name: string } }
    expect(who.me.name).toBe('Anne')

    const { ws, first } = await socket({ cookie, origin: t.httpUrl })
    expect(await first).toBe('greeted')
    ws.close()
  })

  it('refuses a socket opened with the cookie from another site (cross-site WebSocket hijacking)', async () => {
    const { cookie } = await signIn(t.token('editor'))
    const { first } = await socket({ cookie, origin: 'https://evil.example' })
    expect(await first).toBe(Close.Forbidden.code)
  })

  it('signing out ends the session and closes its sockets', async () => {
    const { cookie } = await signIn(t.token('editor'))
    const { ws, first } = await socket({ cookie, origin: t.httpUrl })
    expect(await first).toBe('greeted')
    const closed = closeCode(ws)
    const out = await fetch(`${t.httpUrl}/api/session`, { method: 'DELETE', headers: { cookie } })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0')
    expect(await closed).toBe(Close.AccessRevoked.code)
    expect((await fetch(`${t.httpUrl}/api/plans`, { headers: { cookie } })).status).toBe(401)
  })

  it('revoking the invitation ends the sessions opened with its link', async () => {
    const admin = t.token('admin')
    const created = (await (
      await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'commenter', group: 'council', name: 'Lars' })
      })
    ).json()) as { token: string; invite: { id: string } }
    const { cookie } = await signIn(created.token)
    const { ws, first } = await socket({ cookie, origin: t.httpUrl })
    expect(await first).toBe('greeted')
    const closed = closeCode(ws)
    await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/invites/${created.invite.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })
    expect(await closed).toBe(Close.AccessRevoked.code)
    const refused = await fetch(`${t.httpUrl}/api/plans`, { headers: { cookie } })
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).code).toBe('access-revoked')
  })

  it('an expired or unknown link gets no session', async () => {
    const expired = await fetch(`${t.httpUrl}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${t.token('editor', { days: -1 })}` } })
    expect(expired.status).toBe(401)
    expect(expired.headers.get('set-cookie')).toBeNull()
    expect((await fetch(`${t.httpUrl}/api/session`, { method: 'POST' })).status).toBe(400)
  })
})
