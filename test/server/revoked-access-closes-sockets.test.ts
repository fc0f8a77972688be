// Access can be taken back: an invitation is a row an administrator lists and
// revokes (REST or `npm run invite -- --revoke`), and the sockets opened with
// it close with `access-revoked` within seconds and cannot come back; a link
// that expires while its socket is open is closed the same way; an editor
// cannot reach the administrators' invitation endpoints.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENTS_SUFFIX, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { errorOf } from '../helpers/rest-error'

const ROOT = resolve(import.meta.dirname, '..', '..')
let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ accessCheckMs: 100 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

/** Every close code this client receives, in order. */
function closes(c: YClient): number[] {
  const codes: number[] = []
  c.provider.on('connection-close', (e: { code: number } | null) => e && codes.push(e.code))
  return codes
}

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers }
  })

const invite = (cwdEnv: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/invite.ts', ...args], { cwd: ROOT, env: { ...process.env, ...cwdEnv }, encoding: 'utf8' })

describe('revoking access', () => {
  it("a revoked invitation's open sockets close within seconds and cannot reconnect; its REST calls are refused", async () => {
    const admin = t.token('admin', { name: 'Birgit' })
    const created = await api('/invites', admin, { method: 'POST', body: JSON.stringify({ role: 'editor', group: 'committee', name: 'Ole Udvalg', days: 7 }) })
    expect(created.status).toBe(201)
    const { token, invite: row } = (await created.json()) as { token: string; invite: { id: string; state: string } }
    expect(row.state).toBe('active')

    const body = connectClient(t.wsUrl, DEMO_PLAN_ID, token)
    const comments = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, token)
    await Promise.all([body.synced(), comments.synced()])
    const bodyCloses = closes(body)
    const commentCloses = closes(comments)

    // The list names the person and never shows the link again.
    const listed = (await (await api('/invites', admin)).json()) as { invites: Array<Record<string, unknown>> }
    const mine = listed.invites.find((i) => i.id === row.id)!
    expect(mine).toMatchObject({ name: 'Ole Udvalg', role: 'editor', group: 'committee', createdBy: 'Birgit', state: 'active' })
    expect(JSON.stringify(listed)).not.toContain(token)

    expect((await api(`/invites/${row.id}`, admin, { method: 'DELETE' })).status).toBe(204)
    await eventually(() => {
      expect(bodyCloses[0]).toBe(Close.AccessRevoked.code)
      expect(commentCloses[0]).toBe(Close.AccessRevoked.code)
    }, 5_000)
    // Reconnecting is refused at the door (the provider treats 44xx as final; try anyway).
    body.provider.connect()
    await eventually(() => expect(bodyCloses.length).toBeGreaterThanOrEqual(2), 5_000)
    expect(new Set(bodyCloses)).toEqual(new Set([Close.AccessRevoked.code]))
    expect(body.provider.wsconnected).toBe(false)
    body.destroy()
    comments.destroy()

    const refused = await api('/plan.json', token)
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).code).toBe('access-revoked')
    expect(
      ((await (await api('/invites', admin)).json()) as { invites: Array<{ id: string; state: string }> }).invites.find((i) => i.id === row.id)!.state
    ).toBe('revoked')
  })

  it('a link that expires while its socket is open is closed and cannot write again', async () => {
    const token = t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role: 'editor', name: 'Kortvarig', group: 'administration', days: 3 / 86400 })
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID, token)
    await c.synced()
    const codes = closes(c)
    await eventually(() => expect(codes[0]).toBe(Close.TokenExpired.code), 10_000)
    c.provider.connect()
    await eventually(() => expect(codes.length).toBeGreaterThanOrEqual(2), 5_000)
    expect(new Set(codes)).toEqual(new Set([Close.TokenExpired.code]))
    c.destroy()
  })

  it('an editor cannot list, create or revoke invitations', async () => {
    const editor = t.token('editor')
    const someone = (await (
      await api('/invites', t.token('admin'), { method: 'POST', body: JSON.stringify({ role: 'viewer', group: 'council', name: 'Tilskuer' }) })
    ).json()) as { invite: { id: string } }
    expect((await api('/invites', editor)).status).toBe(403)
    expect((await api('/invites', editor, { method: 'POST', body: JSON.stringify({ role: 'admin', group: 'administration', name: 'Mig' }) })).status).toBe(403)
    expect((await api(`/invites/${someone.invite.id}`, editor, { method: 'DELETE' })).status).toBe(403)
    expect((await api('/invites/no-such-invite', t.token('admin'), { method: 'DELETE' })).status).toBe(404)
  })

  it('npm run invite: revokes from the command line (the running server closes the socket), refuses a plan that does not exist, answers --help, warns without a database', async () => {
    const env = { DATA_DIR: t.dataDir }
    const made = invite(env, '--plan', DEMO_PLAN_ID, '--role', 'commenter', '--name', 'Lars LBR', '--group', 'council')
    expect(made.status).toBe(0)
    const token = decodeURIComponent(/[?&]token=([^&\s]+)/.exec(made.stdout)![1]!)
    const inviteId = /--revoke ([0-9a-f-]+)/.exec(made.stderr)![1]!
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, token)
    await c.synced()
    const codes = closes(c)
    const listed = invite(env, '--list', '--plan', DEMO_PLAN_ID)
    expect(listed.stdout).toContain('Lars LBR')
    expect(invite(env, '--revoke', inviteId).status).toBe(0)
    await eventually(() => expect(codes[0]).toBe(Close.AccessRevoked.code), 5_000)
    c.destroy()

    const missing = invite(env, '--plan', 'findes-ikke', '--role', 'editor', '--name', 'X', '--group', 'committee')
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('findes ikke')
    expect(missing.stdout).toBe('')

    const help = invite(env, '--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--revoke')

    const empty = mkdtempSync(join(tmpdir(), 'faellesplan-nodb-'))
    const noDb = invite({ DATA_DIR: empty }, '--plan', DEMO_PLAN_ID, '--role', 'editor', '--name', 'X', '--group', 'committee')
    expect(noDb.stderr).toContain('ingen database')
    expect(noDb.status).toBe(2)
    removeDir(empty)
  })
})
