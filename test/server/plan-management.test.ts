// Plan management (issue #12): an administrator renames a plan and sets its
// municipality, period and status through REST, and every open editor sees
// it at once (it is an ordinary Yjs edit of the room's meta) while the plan
// list shows it with the last change and by whom; a non-administrator is
// refused; a deleted plan is hidden, refuses and closes its sockets, and
// comes back whole when restored; "kopiér som næste års plan" keeps goal and
// target ids, clears follow-ups and leaves the original as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENTS_SUFFIX, Close, META_MAP } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { errorOf } from '../helpers/rest-error'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ idleMs: 200 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api/plans${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })

type Listed = {
  id: string
  title: string
  municipality: string
  period: string
  status: string
  changedAt: string | null
  changedBy: string | null
  deletedAt: string | null
}
const list = async (token: string) => (await (await api('', token)).json()) as { plans: Listed[]; deleted: Array<Listed & { restoreUntil: string }> }

/** Every close code this client receives, in order. */
function closes(c: YClient): number[] {
  const codes: number[] = []
  c.provider.on('connection-close', (e: { code: number } | null) => e && codes.push(e.code))
  return codes
}

type PlanJson = {
  plan: { title: string; status: string; period: string }
  focusAreas: unknown[]
  goals: Array<{ id: string; title: string; targets: Array<{ id: string }>; followUps: unknown[] }>
}

async function newPlan(admin: string, title: string): Promise<string> {
  const r = await api('', admin, { method: 'POST', body: JSON.stringify({ template: 'demo', title }) })
  expect(r.status).toBe(201)
  return ((await r.json()) as { plan: { id: string } }).plan.id
}

describe('plan settings', () => {
  it('a rename and a status set through PATCH reach a connected editor live and show in the list, with who changed it', async () => {
    const admin = t.token('admin', { plan: '*', name: 'Birgit Admin' })
    const id = await newPlan(admin, 'Beskæftigelsesplan 2027')
    const editor = connectClient(t.wsUrl, id, t.token('editor', { plan: id, name: 'Ole Redaktør' }))
    await editor.synced()
    const meta = editor.doc.getMap(META_MAP)

    const r = await api(`/${id}`, admin, {
      method: 'PATCH',
      body: JSON.stringify({ title: 'Beskæftigelsesplan 2027 (revideret)', municipality: 'Eksempel Kommune', period: '2027', status: 'committee' })
    })
    expect(r.status).toBe(200)
    await eventually(() => {
      expect(meta.get('title')).toBe('Beskæftigelsesplan 2027 (revideret)')
      expect(meta.get('status')).toBe('committee')
      expect(meta.get('municipality')).toBe('Eksempel Kommune')
    })
    const row = (await list(admin)).plans.find((p) => p.id === id)!
    expect(row).toMatchObject({
      title: 'Beskæftigelsesplan 2027 (revideret)',
      municipality: 'Eksempel Kommune',
      period: '2027',
      status: 'committee',
      changedBy: 'Birgit Admin',
      deletedAt: null
    })
    expect(Date.parse(row.changedAt!)).toBeGreaterThan(0)
    // The exports read the document: they agree with the list.
    expect(((await (await api(`/${id}/plan.json`, admin)).json()) as PlanJson).plan).toMatchObject({
      title: 'Beskæftigelsesplan 2027 (revideret)',
      status: 'committee',
      period: '2027'
    })

    // An editor's own change of the title in the document (not through REST) reaches the list too, with their name.
    editor.doc.transact(() => meta.set('title', 'Plan fra editoren'))
    await eventually(async () =>
      expect((await list(admin)).plans.find((p) => p.id === id)).toMatchObject({ title: 'Plan fra editoren', changedBy: 'Ole Redaktør' })
    )
    editor.destroy()
  })

  it('bad settings are refused with a code saying which field', async () => {
    const admin = t.token('admin', { plan: '*' })
    const id = await newPlan(admin, 'Forkerte felter')
    const refusals: Array<[unknown, unknown]> = [
      [{ status: 'approved-ish' }, { code: 'invalid-field', params: { field: 'status' } }],
      [{ title: '   ' }, { code: 'invalid-field', params: { field: 'title' } }],
      [{ owner: 'me' }, { code: 'unknown-field', params: { field: 'owner' } }],
      [{ period: 2027 }, { code: 'invalid-field', params: { field: 'period' } }],
      [{}, { code: 'no-change', params: { fields: 'title, municipality, period, status' } }]
    ]
    for (const [body, error] of refusals) {
      const r = await api(`/${id}`, admin, { method: 'PATCH', body: JSON.stringify(body) })
      expect(r.status).toBe(400)
      expect(await errorOf(r)).toEqual(error)
    }
    expect((await api('/no-such-plan-here', admin, { method: 'PATCH', body: JSON.stringify({ title: 'x' }) })).status).toBe(404)
  })

  it('editors, commenters and viewers cannot rename, delete, restore or copy (403), and nothing changes', async () => {
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const token = t.token(role)
      const calls: Array<[string, RequestInit]> = [
        [`/${DEMO_PLAN_ID}`, { method: 'PATCH', body: JSON.stringify({ title: 'Kapret' }) }],
        [`/${DEMO_PLAN_ID}`, { method: 'DELETE' }],
        [`/${DEMO_PLAN_ID}/restore`, { method: 'POST' }],
        [`/${DEMO_PLAN_ID}/copy`, { method: 'POST', body: '{}' }]
      ]
      for (const [path, init] of calls) {
        const r = await api(path, token, init)
        expect(r.status, `${role} ${init.method} ${path}`).toBe(403)
        expect((await errorOf(r)).code).toBe('admin-only')
      }
    }
    const admin = t.token('admin')
    const listed = await list(admin)
    expect(listed.plans.find((p) => p.id === DEMO_PLAN_ID)?.title).not.toBe('Kapret')
    expect(listed.plans.map((p) => p.id)).toContain(DEMO_PLAN_ID)
  })
})

describe('deleting a plan', () => {
  it('hides it, closes and refuses its sockets with not-found, and a restore brings it back with nothing lost', async () => {
    const admin = t.token('admin', { plan: '*', name: 'Birgit Admin' })
    const id = await newPlan(admin, 'Plan der slettes')
    const editorToken = t.token('editor', { plan: id, name: 'Ole Redaktør' })
    const body = connectClient(t.wsUrl, id, editorToken)
    const comments = connectClient(t.wsUrl, id + COMMENTS_SUFFIX, editorToken)
    await Promise.all([body.synced(), comments.synced()])
    body.doc.getText('note').insert(0, 'skrevet før sletningen')
    const before = (await (await api(`/${id}/plan.json`, admin)).json()) as PlanJson
    await eventually(async () => expect((await list(admin)).plans.find((p) => p.id === id)?.changedBy).toBe('Ole Redaktør'))
    const bodyCloses = closes(body)
    const commentCloses = closes(comments)

    const del = await api(`/${id}`, admin, { method: 'DELETE' })
    expect(del.status).toBe(200)
    const { plan: deleted } = (await del.json()) as { plan: { deletedAt: string; restoreUntil: string } }
    expect(Date.parse(deleted.restoreUntil) - Date.parse(deleted.deletedAt)).toBe(30 * 24 * 60 * 60 * 1000)
    await eventually(() => {
      expect(bodyCloses[0]).toBe(Close.NotFound.code)
      expect(commentCloses[0]).toBe(Close.NotFound.code)
    })
    body.destroy()
    comments.destroy()

    // Hidden from the list, listed for administrators under deleted; closed to REST and sockets.
    const listed = await list(admin)
    expect(listed.plans.map((p) => p.id)).not.toContain(id)
    expect(listed.deleted.map((p) => p.id)).toContain(id)
    expect((await list(t.token('editor', { plan: id }))).deleted).toEqual([])
    expect((await api(`/${id}/plan.json`, admin)).status).toBe(404)
    expect((await api(`/${id}`, admin, { method: 'PATCH', body: JSON.stringify({ title: 'x' }) })).status).toBe(404)
    const again = connectClient(t.wsUrl, id, editorToken)
    const againCloses = closes(again)
    await eventually(() => expect(againCloses[0]).toBe(Close.NotFound.code))
    again.destroy()

    // Restore: back in the list, content and last change as they were, sockets open again.
    expect((await api(`/${id}/restore`, admin, { method: 'POST' })).status).toBe(200)
    expect((await api(`/${id}/restore`, admin, { method: 'POST' })).status).toBe(409)
    const back = await list(admin)
    expect(back.plans.find((p) => p.id === id)).toMatchObject({ title: 'Plan der slettes', changedBy: 'Ole Redaktør', deletedAt: null })
    expect(back.deleted.map((p) => p.id)).not.toContain(id)
    expect(await (await api(`/${id}/plan.json`, admin)).json()).toEqual(before)
    const reopened = connectClient(t.wsUrl, id, editorToken)
    await reopened.synced()
    expect(reopened.doc.getText('note').toString()).toBe('skrevet før sletningen')
    reopened.destroy()
  })

  it('a plan deleted longer ago than DELETED_PLAN_DAYS cannot be restored and is no longer listed', async () => {
    const admin = t.token('admin', { plan: '*' })
    const id = await newPlan(admin, 'Gammel sletning')
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString()
    await t.server.store.setPlanDeleted(id, longAgo)
    expect((await list(admin)).deleted.map((p) => p.id)).not.toContain(id)
    const r = await api(`/${id}/restore`, admin, { method: 'POST' })
    expect(r.status).toBe(410)
    expect(await errorOf(r)).toEqual({ code: 'restore-expired', params: { days: 30 } })
  })
})

describe('kopiér som næste års plan', () => {
  it('makes a new plan with the same goal and target ids and no follow-ups, and leaves the original unchanged', async () => {
    const admin = t.token('admin', { plan: '*', name: 'Birgit Admin' })
    const id = await newPlan(admin, 'Beskæftigelsesplan 2027')
    expect(
      (await api(`/${id}`, admin, { method: 'PATCH', body: JSON.stringify({ period: '2027', status: 'adopted', municipality: 'Eksempel Kommune' }) })).status
    ).toBe(200)
    const original = (await (await api(`/${id}/plan.json`, admin)).json()) as PlanJson
    expect(original.goals.flatMap((g) => g.followUps).length).toBeGreaterThan(0)

    const r = await api(`/${id}/copy`, admin, { method: 'POST', body: '{}' })
    expect(r.status).toBe(201)
    const { plan: copy } = (await r.json()) as { plan: Listed }
    expect(copy.id).not.toBe(id)
    expect(copy).toMatchObject({ title: 'Beskæftigelsesplan 2028', period: '2028', status: 'draft', municipality: 'Eksempel Kommune' })

    const copied = (await (await api(`/${copy.id}/plan.json`, admin)).json()) as PlanJson
    expect(copied.goals.map((g) => g.id)).toEqual(original.goals.map((g) => g.id))
    expect(copied.goals.map((g) => g.title)).toEqual(original.goals.map((g) => g.title))
    expect(copied.goals.flatMap((g) => g.targets.map((x) => x.id))).toEqual(original.goals.flatMap((g) => g.targets.map((x) => x.id)))
    expect(copied.goals.flatMap((g) => g.followUps)).toEqual([])
    expect(copied.plan).toMatchObject({ title: 'Beskæftigelsesplan 2028', period: '2028', status: 'draft' })

    // The original is untouched, and both are in the list.
    expect(await (await api(`/${id}/plan.json`, admin)).json()).toEqual(original)
    const ids = (await list(admin)).plans.map((p) => p.id)
    expect(ids).toEqual(expect.arrayContaining([id, copy.id]))

    // A title and period can be given; the copy opens for a connected client like any plan.
    const named = (await (await api(`/${id}/copy`, admin, { method: 'POST', body: JSON.stringify({ title: 'Plan 2030', period: '2030' }) })).json()) as {
      plan: Listed
    }
    expect(named.plan).toMatchObject({ title: 'Plan 2030', period: '2030' })
    const c = connectClient(t.wsUrl, named.plan.id, t.token('editor', { plan: named.plan.id }))
    await c.synced()
    expect(c.doc.getMap(META_MAP).get('title')).toBe('Plan 2030')
    c.destroy()
  })
})
