// Issue #12: sign-in with the organisation's OpenID Connect provider. A real
// provider (oidc-provider) runs on 127.0.0.1; the authorization code flow
// with PKCE, state and nonce goes through it. What a signed-in person may do
// in a plan is their member row, managed by the plan's administrators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import type { TestProvider } from '../helpers/oidc-provider'
import { signInWithoutBrowser, startSignInServers } from '../helpers/sign-in-servers'

let t: TestServer
let idp: TestProvider
let stop: () => Promise<void>
beforeAll(async () => {
  ;({ t, idp, stop } = await startSignInServers(
    [
      { sub: 'alice-sub', email: 'alice@kommune.dk', name: 'Alice Andersen' },
      { sub: 'bo-sub', email: 'bo@kommune.dk', name: 'Bo Bech' },
      { sub: 'chef-sub', email: 'chef@kommune.dk', name: 'Chef Christensen', roles: ['faellesplan-admin'] }
    ],
    { accessCheckMs: 100 }
  ))
})
afterAll(async () => {
  await stop()
  removeDir(t.dataDir)
})

const as = async (account: string, returnTo?: string) => {
  idp.signInAs = account
  return signInWithoutBrowser(t.httpUrl, returnTo)
}
const get = (path: string, cookie: string) => fetch(`${t.httpUrl}${path}`, { headers: { cookie } })
const send = (method: string, path: string, auth: { cookie?: string; bearer?: string }, body?: unknown) =>
  fetch(`${t.httpUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {})
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
const planIds = async (cookie: string) => ((await (await get('/api/plans', cookie)).json()) as { plans: Array<{ id: string }> }).plans.map((p) => p.id)

/** Open a socket with the session cookie; resolves with 'greeted' or the close code. */
function socket(cookie: string, room = DEMO_PLAN_ID): { ws: WebSocket; first: Promise<'greeted' | number> } {
  const ws = new WebSocket(`${t.wsUrl}/${room}`, { headers: { cookie, origin: t.httpUrl } })
  const first = new Promise<'greeted' | number>((resolve) => {
    ws.once('message', () => resolve('greeted'))
    ws.once('close', (code) => resolve(code))
  })
  return { ws, first }
}
const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => (ws.readyState === ws.CLOSED ? resolve(-1) : ws.once('close', (code) => resolve(code))))

describe('sign-in with OpenID Connect', () => {
  it('signs in through the provider and, with no membership, opens no plan', async () => {
    const before = idp.logins
    const { cookie, landed } = await as('alice-sub', '/plan/' + DEMO_PLAN_ID)
    expect(idp.logins).toBe(before + 1)
    expect(landed).toBe('/plan/' + DEMO_PLAN_ID)
    const me = (await (await get('/api/session', cookie)).json()) as { me: { name: string; signedIn?: boolean } }
    expect(me.me).toMatchObject({ name: 'Alice Andersen', signedIn: true })
    expect(await planIds(cookie)).toEqual([])
    const inPlan = await get(`/api/session?plan=${DEMO_PLAN_ID}`, cookie)
    expect(inPlan.status).toBe(403)
    expect((await get(`/api/plans/${DEMO_PLAN_ID}/plan.json`, cookie)).status).toBe(403)
    expect(await socket(cookie).first).toBe(Close.Forbidden.code)
  })

  it('an administrator makes a signed-in person a member; the role holds on REST and sockets; removing them closes their sockets', async () => {
    const { cookie } = await as('bo-sub')
    const admin = t.token('admin')
    // Nobody has signed in with this address: no access is bound to an unproven e-mail.
    expect(
      (await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { bearer: admin }, { email: 'nobody@kommune.dk', role: 'editor', group: 'administration' }))
        .status
    ).toBe(404)
    const added = await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { bearer: admin }, { email: 'BO@kommune.dk', role: 'commenter', group: 'committee' })
    expect(added.status).toBe(201)
    const { member } = (await added.json()) as { member: { user: string; role: string; name: string } }
    expect(member).toMatchObject({ role: 'commenter', name: 'Bo Bech' })

    expect(await planIds(cookie)).toEqual([DEMO_PLAN_ID])
    const me = (await (await get(`/api/session?plan=${DEMO_PLAN_ID}`, cookie)).json()) as { me: { role: string; group: string; plan: string } }
    expect(me.me).toMatchObject({ role: 'commenter', group: 'committee', plan: DEMO_PLAN_ID })
    expect((await get(`/api/plans/${DEMO_PLAN_ID}/plan.json`, cookie)).status).toBe(200)

    // A role change closes the socket opened with the old role, as a change (the client reconnects with the new role).
    const first = socket(cookie)
    expect(await first.first).toBe('greeted')
    const changedClose = closeCode(first.ws)
    expect(
      (await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { bearer: admin }, { user: member.user, role: 'viewer', group: 'committee' })).status
    ).toBe(200)
    expect(await changedClose).toBe(Close.AccessChanged.code)
    const again = socket(cookie)
    expect(await again.first).toBe('greeted')
    again.ws.close()

    const second = socket(cookie)
    expect(await second.first).toBe('greeted')
    const removedClose = closeCode(second.ws)
    expect((await send('DELETE', `/api/plans/${DEMO_PLAN_ID}/members/${member.user}`, { bearer: admin })).status).toBe(204)
    expect(await removedClose).toBe(Close.AccessRevoked.code)
    expect(await planIds(cookie)).toEqual([])
    expect(await socket(cookie).first).toBe(Close.Forbidden.code)
  })

  it('only a plan administrator manages members (an editor member gets 403)', async () => {
    const { cookie } = await as('alice-sub')
    const admin = t.token('admin')
    const alice = ((await (await get('/api/session', cookie)).json()) as { me: { sub: string } }).me.sub
    expect((await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { bearer: admin }, { user: alice, role: 'editor', group: 'administration' })).status).toBe(
      201
    )
    expect((await get(`/api/plans/${DEMO_PLAN_ID}/members`, cookie)).status).toBe(403)
    expect((await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { cookie }, { user: alice, role: 'admin', group: 'administration' })).status).toBe(403)
    expect((await send('DELETE', `/api/plans/${DEMO_PLAN_ID}/members/${alice}`, { cookie })).status).toBe(403)
    expect((await send('POST', '/api/plans', { cookie }, { template: 'empty', title: 'Ikke min' })).status).toBe(403)
    // Made administrator of this plan, the same person may.
    expect((await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { bearer: admin }, { user: alice, role: 'admin', group: 'administration' })).status).toBe(
      200
    )
    const list = (await (await get(`/api/plans/${DEMO_PLAN_ID}/members`, cookie)).json()) as { members: Array<{ email: string; role: string }> }
    expect(list.members).toContainEqual(expect.objectContaining({ email: 'alice@kommune.dk', role: 'admin' }))
    expect((await send('POST', `/api/plans/${DEMO_PLAN_ID}/members`, { cookie }, { user: alice, role: 'superuser', group: 'administration' })).status).toBe(400)
  })

  it("maps the provider's administrator role to every plan", async () => {
    const { cookie } = await as('chef-sub')
    const created = await send('POST', '/api/plans', { cookie }, { template: 'empty', title: 'Chefens plan' })
    expect(created.status).toBe(201)
    const { plan } = (await created.json()) as { plan: { id: string } }
    expect(await planIds(cookie)).toEqual(expect.arrayContaining([DEMO_PLAN_ID, plan.id]))
    expect(await socket(cookie, plan.id).first).toBe('greeted')
  })

  it('refuses a callback that was not started in this browser, a forged state and a replayed code', async () => {
    expect((await fetch(`${t.httpUrl}/auth/callback?code=abc&state=xyz`)).status).toBe(400)
    // Start a login, run it through the provider, then tamper with the state on the way back.
    idp.signInAs = 'alice-sub'
    const start = await fetch(`${t.httpUrl}/auth/login`, { redirect: 'manual' })
    const loginCookie = start.headers.getSetCookie()[0]!.split(';')[0]!
    const authUrl = new URL(start.headers.get('location')!)
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authUrl.searchParams.get('code_challenge')).toBeTruthy()
    expect(authUrl.searchParams.get('nonce')).toBeTruthy()
    let url = authUrl.href
    let jar = ''
    let callback: URL | null = null
    for (let hop = 0; hop < 8 && !callback; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar } })
      jar = [jar, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].filter(Boolean).join('; ')
      url = new URL(res.headers.get('location')!, url).href
      if (url.startsWith(`${t.httpUrl}/auth/callback`)) callback = new URL(url)
    }
    expect(callback?.searchParams.get('code')).toBeTruthy()
    const forged = new URL(callback!)
    forged.searchParams.set('state', 'forged')
    const refused = await fetch(forged, { redirect: 'manual', headers: { cookie: loginCookie } })
    expect(refused.status).toBe(400)
    expect(refused.headers.getSetCookie().join()).not.toContain('fp_session=')
    // The login was used up by the failed attempt: the genuine answer does not work afterwards either.
    expect((await fetch(callback!, { redirect: 'manual', headers: { cookie: loginCookie } })).status).toBe(400)
  })

  it('returns only to a path on this site after sign-in (no open redirect)', async () => {
    expect((await as('alice-sub', '//evil.example/x')).landed).toBe('/')
    expect((await as('alice-sub', 'https://evil.example/')).landed).toBe('/')
  })

  it('signing out ends the signed-in session', async () => {
    const { cookie } = await as('chef-sub')
    expect((await get('/api/plans', cookie)).status).toBe(200)
    expect((await send('DELETE', '/api/session', { cookie })).status).toBe(204)
    expect((await get('/api/plans', cookie)).status).toBe(401)
  })
})

describe('with the provider unreachable', () => {
  let down: TestServer
  beforeAll(async () => {
    // Nothing listens on port 9 of 127.0.0.1 (discard): discovery fails.
    down = await startTestServer({ oidc: { issuer: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'y', adminValue: 'a', sessionHours: 1 } })
  })
  afterAll(async () => {
    await down.stop()
    removeDir(down.dataDir)
  })

  it('answers a plain 502 page and keeps serving everyone else', async () => {
    const login = await fetch(`${down.httpUrl}/auth/login`, { redirect: 'manual' })
    expect(login.status).toBe(502)
    expect(await login.text()).toContain('svarer ikke')
    expect((await fetch(`${down.httpUrl}/healthz`)).status).toBe(200)
    expect((await fetch(`${down.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${down.token('viewer')}` } })).status).toBe(200)
  })
})

describe('without OIDC configuration', () => {
  let plain: TestServer
  beforeAll(async () => {
    plain = await startTestServer()
  })
  afterAll(async () => {
    await plain.stop()
    removeDir(plain.dataDir)
  })

  it('offers no sign-in and answers /auth/login with a plain 404 page', async () => {
    expect(await (await fetch(`${plain.httpUrl}/auth/methods`)).json()).toEqual({ oidc: false })
    const login = await fetch(`${plain.httpUrl}/auth/login`, { redirect: 'manual' })
    expect(login.status).toBe(404)
    expect(await login.text()).toContain('ikke sat op')
  })
})
