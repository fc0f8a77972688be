// Issue #12: an administrator changes an invitation's role (PATCH
// /api/plans/:id/invites/:invite) and it applies at once: the invitation's
// open sockets close with `access-changed`, reconnect, and are accepted with
// the row's new role, so a commenter made viewer can no longer comment. The
// session opened with the link follows the row too. Only administrators may
// change access; a bad role is refused with a message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENTS_SUFFIX, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { THREADS_MAP, createThread, type Author } from '../../schema/comments'
import { LastSeen } from '../../server/auth/last-seen'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { errorOf } from '../helpers/rest-error'

const ROOM = DEMO_PLAN_ID + COMMENTS_SUFFIX
const anchor = { start: null, end: null, quote: 'ledighed' }

let t: TestServer
beforeAll(async () => {
  // A long sweep interval: the change must apply because PATCH closes the sockets, not because a sweep came by.
  t = await startTestServer({ accessCheckMs: 60_000 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

interface InviteJson {
  id: string
  role: string
  group: string
  name: string
  state: string
  lastSeenAt: string | null
  via: string
}

const api = (path: string, auth: { token?: string; cookie?: string }, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}${path}`, {
    ...init,
    headers: {
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      'content-type': 'application/json',
      ...init.headers
    }
  })

async function invite(admin: string, body: Record<string, unknown>): Promise<{ token: string; invite: InviteJson }> {
  const res = await api('/invites', { token: admin }, { method: 'POST', body: JSON.stringify(body) })
  expect(res.status).toBe(201)
  return (await res.json()) as { token: string; invite: InviteJson }
}

const patch = (admin: string, id: string, body: unknown) => api(`/invites/${id}`, { token: admin }, { method: 'PATCH', body: JSON.stringify(body) })

/** Every close code this client receives, in order. */
function closes(c: YClient): number[] {
  const codes: number[] = []
  c.provider.on('connection-close', (e: { code: number } | null) => e && codes.push(e.code))
  return codes
}

const threadTexts = (c: YClient) => JSON.stringify(c.doc.getMap(THREADS_MAP).toJSON())

describe('changing an invitation applies to open sockets at once', () => {
  it('a commenter made viewer is reconnected as a viewer and a comment is refused with read-only', async () => {
    const admin = t.token('admin', { name: 'Birgit' })
    const { token, invite: row } = await invite(admin, { role: 'commenter', group: 'council', name: 'Lars LBR', days: 7 })
    const lars: Author = { name: 'Lars LBR', group: 'council', uid: row.id }

    const watcher = connectClient(t.wsUrl, ROOM, admin)
    const c = connectClient(t.wsUrl, ROOM, token)
    await Promise.all([watcher.synced(), c.synced()])
    const codes = closes(c)

    // As a commenter, Lars comments.
    createThread(c.doc, { anchor, author: lars, text: 'Som kommentator' })
    await eventually(() => expect(threadTexts(watcher)).toContain('Som kommentator'))

    // His browser session (opened with the same link) reads its role from the row too.
    const session = await fetch(`${t.httpUrl}/api/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!
    expect(((await session.json()) as { me: { role: string } }).me.role).toBe('commenter')

    const changed = await patch(admin, row.id, { role: 'viewer' })
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as { invite: InviteJson }).invite).toMatchObject({ id: row.id, role: 'viewer', group: 'council', state: 'active' })

    // Closed with the retryable reason, then accepted again (y-websocket reconnects by itself).
    await eventually(() => expect(codes[0]).toBe(Close.AccessChanged.code), 5_000)
    await eventually(() => expect(c.provider.wsconnected && c.provider.synced).toBe(true), 10_000)

    // Now a viewer: a comment write is refused, and nobody else receives it.
    createThread(c.doc, { anchor, author: lars, text: 'Som læser' })
    await eventually(() => expect(codes).toContain(Close.ReadOnly.code), 5_000)
    c.destroy()
    expect(threadTexts(watcher)).not.toContain('Som læser')

    const me = (await (await fetch(`${t.httpUrl}/api/session`, { headers: { cookie } })).json()) as { me: { role: string; group: string } }
    expect(me.me).toMatchObject({ role: 'viewer', group: 'council' })
    const listed = (await (await api('/invites', { token: admin })).json()) as { invites: InviteJson[] }
    expect(listed.invites.find((i) => i.id === row.id)).toMatchObject({ role: 'viewer', via: 'link' })
    watcher.destroy()
  })

  it('a viewer made editor can write the plan after the reconnect; a group change reaches the socket too', async () => {
    const admin = t.token('admin')
    const { token, invite: row } = await invite(admin, { role: 'viewer', group: 'committee', name: 'Ulla Udvalg' })
    const body = connectClient(t.wsUrl, DEMO_PLAN_ID, token)
    await body.synced()
    const codes = closes(body)
    expect((await patch(admin, row.id, { role: 'editor', group: 'administration' })).status).toBe(200)
    await eventually(() => expect(codes[0]).toBe(Close.AccessChanged.code), 5_000)
    await eventually(() => expect(body.provider.wsconnected && body.provider.synced).toBe(true), 10_000)
    body.doc.getMap('meta').set('municipality', 'Ændret af Ulla')
    const reader = connectClient(t.wsUrl, DEMO_PLAN_ID, admin)
    await reader.synced()
    await eventually(() => expect(reader.doc.getMap('meta').get('municipality')).toBe('Ændret af Ulla'), 5_000)
    expect(codes).toEqual([Close.AccessChanged.code])
    body.destroy()
    reader.destroy()
  })

  it('only administrators change access, and bad changes are refused with a message', async () => {
    const admin = t.token('admin', { name: 'Admin Selv' })
    const { invite: row } = await invite(admin, { role: 'commenter', group: 'council', name: 'Mette' })

    const asEditor = await patch(t.token('editor'), row.id, { role: 'admin' })
    expect(asEditor.status).toBe(403)

    const badRole = await patch(admin, row.id, { role: 'owner' })
    expect(badRole.status).toBe(400)
    expect(await errorOf(badRole)).toEqual({ code: 'invalid-field', params: { field: 'role' } })
    expect((await patch(admin, row.id, { group: 'everyone' })).status).toBe(400)
    expect((await patch(admin, row.id, {})).status).toBe(400)
    expect((await patch(admin, 'no-such-invite', { role: 'viewer' })).status).toBe(404)

    // Nothing of the refused changes was stored.
    const listed = (await (await api('/invites', { token: admin })).json()) as { invites: InviteJson[] }
    expect(listed.invites.find((i) => i.id === row.id)).toMatchObject({ role: 'commenter', group: 'council' })

    // An administrator cannot demote the link they are using (they would lock themselves out mid-change).
    const own = listed.invites.find((i) => i.name === 'Admin Selv')!
    expect((await patch(admin, own.id, { role: 'viewer' })).status).toBe(409)

    expect((await api(`/invites/${row.id}`, { token: admin }, { method: 'DELETE' })).status).toBe(204)
    expect((await patch(admin, row.id, { role: 'editor' })).status).toBe(409)
  })

  it('the list shows when an invitation was last used, written at most once per interval', async () => {
    const admin = t.token('admin')
    const { token, invite: row } = await invite(admin, { role: 'viewer', group: 'council', name: 'Set Sidst' })
    expect(row.lastSeenAt).toBeNull()
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID, token)
    await c.synced()
    c.destroy()
    const listed = (await (await api('/invites', { token: admin })).json()) as { invites: InviteJson[] }
    const seen = listed.invites.find((i) => i.id === row.id)!.lastSeenAt
    expect(seen).not.toBeNull()

    // The throttle, on the server's own store, with explicit clock values.
    const lastSeen = new LastSeen(t.server.store, 60_000)
    const at = Date.parse(seen!) + 120_000
    lastSeen.seen(row.id, at)
    lastSeen.seen(row.id, at + 30_000) // within the minute: not written
    const after = async () => (await t.server.store.listInvites(DEMO_PLAN_ID)).find((i) => i.id === row.id)!.lastSeenAt
    await eventually(async () => expect(await after()).toBe(new Date(at).toISOString()))
    lastSeen.seen(row.id, at + 61_000)
    await eventually(async () => expect(await after()).toBe(new Date(at + 61_000).toISOString()))
  })
})
