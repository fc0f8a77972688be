import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unzipSync } from 'fflate'
import type { Node as PMNode } from 'prosemirror-model'
import * as Y from 'yjs'
import { BODY_FRAGMENT, type PlanExport } from '../../schema'
import { DEMO_IDS } from '../../schema/build'
import { type BlockChange, type ChangeSummary, type GoalChange, type VersionInfo } from '../../schema/history'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'

// Issue #14: versions against the real server over real sockets: automatic
// versions after edits (time driven by the takeDue hook, never by sleeping),
// named and status versions, compare, restore with a concurrent editor,
// exports of a version, and who may do what.

let t: TestServer
beforeAll(async () => {
  // Never by the clock in these tests: takeDue() stands in for "10 minutes later".
  t = await startTestServer({ versions: { everyMs: 1e9 } })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const api = async (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api/plans/${path}`, { ...init, headers: { ...auth(token), ...(init.headers ?? {}) } })
const getJson = async <T>(path: string, token: string): Promise<T> => {
  const r = await api(path, token)
  expect(r.status, `${path}: ${r.status}`).toBe(200)
  return (await r.json()) as T
}
const versionsOf = async (plan: string, token: string) => (await getJson<{ versions: VersionInfo[] }>(`${plan}/versions`, token)).versions
const save = async (plan: string, token: string, name: string) => {
  const r = await api(`${plan}/versions`, token, { method: 'POST', body: JSON.stringify({ name }) })
  expect(r.status).toBe(201)
  return ((await r.json()) as { version: VersionInfo }).version
}

/** A fresh demo plan made through the REST API, so each test has its own. */
async function newPlan(): Promise<string> {
  const r = await fetch(`${t.httpUrl}/api/plans`, {
    method: 'POST',
    headers: auth(t.token('admin', { plan: '*' })),
    body: JSON.stringify({ template: 'demo', title: 'Versionsplan' })
  })
  return ((await r.json()) as { plan: { id: string } }).plan.id
}

const targetPos = (doc: PMNode, id: string): number => {
  let at = -1
  doc.descendants((n, p) => {
    if (at < 0 && n.attrs.id === id) at = p
    return at < 0
  })
  return at
}

/** Replace `text` in the body, the way the editor does. */
const replaceText = (c: YClient, text: string, by: string) =>
  editBody(c.doc, (s) => {
    const at = posOfText(s.doc, text)
    return s.tr.insertText(by, at, at + text.length)
  })

const bodyText = (c: YClient) => JSON.stringify(c.doc.getXmlFragment(BODY_FRAGMENT).toJSON())

async function editor(plan: string, name = 'Anna Redaktør'): Promise<YClient> {
  const c = connectClient(t.wsUrl, plan, t.token('editor', { plan, name }))
  await c.synced()
  return c
}

/** Wait until the server holds what the client sent (the plan.json export reads only what is stored). */
const stored = (plan: string, check: (p: PlanExport) => void) =>
  eventually(async () => check(await getJson<PlanExport>(`${plan}/plan.json`, t.token('viewer', { plan }))))

describe('versions', () => {
  it('takes an automatic version after edits, by who edited, summarised; none when nothing changed', async () => {
    const plan = await newPlan()
    const viewer = t.token('viewer', { plan })
    const a = await editor(plan)
    editBody(a.doc, (s) => s.tr.setNodeAttribute(targetPos(s.doc, DEMO_IDS.targetSickLevel), 'targetValue', 430))
    await stored(plan, (p) => expect(p.goals[0]!.targets[0]!.target.value).toBe(430))
    await t.server.versions.takeDue()
    const [auto] = await versionsOf(plan, viewer)
    expect(auto).toMatchObject({ kind: 'auto', author: 'Anna Redaktør', stage: 'draft' })
    // Read by a read worker from SQLite while the room is loaded (the sync thread never encodes it): it holds the edit.
    expect((JSON.parse((await t.server.store.getVersionPlanJson(plan, auto!.id))!) as PlanExport).goals[0]!.targets[0]!.target.value).toBe(430)
    // Nothing changed since: no second version.
    await t.server.versions.takeDue()
    expect(await versionsOf(plan, viewer)).toHaveLength(1)
    editBody(a.doc, (s) => s.tr.setNodeAttribute(targetPos(s.doc, DEMO_IDS.targetSickLevel), 'targetValue', 420))
    await stored(plan, (p) => expect(p.goals[0]!.targets[0]!.target.value).toBe(420))
    await t.server.versions.takeDue()
    const list = await versionsOf(plan, viewer)
    expect(list).toHaveLength(2)
    expect(list[0]!.summary).toEqual({ goalsChanged: 1, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 })
    expect(Date.parse(list[0]!.created)).toBeGreaterThanOrEqual(Date.parse(list[1]!.created))
    a.destroy()
  })

  it('takes a version when an idle room with unversioned edits unloads', async () => {
    const s = await startTestServer({ versions: { everyMs: 1e9 }, idleMs: 50 })
    try {
      const plan = 'demo-beskaeftigelsesplan'
      const c = connectClient(s.wsUrl, plan, s.token('editor', { name: 'Bo' }))
      await c.synced()
      editBody(c.doc, (st) => st.tr.setNodeAttribute(targetPos(st.doc, DEMO_IDS.targetSickLevel), 'targetValue', 401))
      await eventually(async () => expect((await s.server.store.loadRoom(plan)).updates.length).toBeGreaterThan(1))
      c.destroy()
      await eventually(async () => {
        await s.server.versions.idle()
        expect((await s.server.store.listVersions(plan)).map((v) => [v.kind, v.author])).toEqual([['auto', 'Bo']])
      })
      // Read from storage in a read worker (not encoded on the sync thread at unload), it holds the edit.
      const [v] = await s.server.store.listVersions(plan)
      const json = JSON.parse((await s.server.store.getVersionPlanJson(plan, v!.id))!) as PlanExport
      expect(json.goals[0]!.targets[0]!.target.value).toBe(401)
    } finally {
      await s.stop()
      removeDir(s.dataDir)
    }
  })

  it('saves named versions (editors, 1–200 characters) and refuses viewers and commenters', async () => {
    const plan = await newPlan()
    const v = await save(plan, t.token('editor', { plan, name: 'Eva' }), 'Til udvalget')
    expect(v).toMatchObject({ kind: 'named', name: 'Til udvalget', author: 'Eva', stage: 'draft' })
    for (const role of ['viewer', 'commenter'] as const) {
      expect((await api(`${plan}/versions`, t.token(role, { plan }), { method: 'POST', body: JSON.stringify({ name: 'x' }) })).status).toBe(403)
      expect((await api(`${plan}/versions/${v.id}/restore`, t.token(role, { plan }), { method: 'POST' })).status).toBe(403)
    }
    for (const name of ['', ' ', 'x'.repeat(201), 42]) {
      expect((await api(`${plan}/versions`, t.token('editor', { plan }), { method: 'POST', body: JSON.stringify({ name }) })).status).toBe(400)
    }
    // Any role that opens the plan reads the list and the version.
    const one = await getJson<{ version: VersionInfo; plan: PlanExport }>(`${plan}/versions/${v.id}`, t.token('commenter', { plan }))
    expect(one.version).toEqual(v)
    expect(one.plan.plan.id).toBe(plan)
  })

  it('takes a status version when the plan status changes', async () => {
    const plan = await newPlan()
    const admin = t.token('admin', { plan, name: 'Ida Admin' })
    expect((await api(plan, admin, { method: 'PATCH', body: JSON.stringify({ status: 'committee' }) })).status).toBe(200)
    await t.server.versions.idle()
    await eventually(async () =>
      expect((await versionsOf(plan, admin))[0]).toMatchObject({
        kind: 'status',
        stage: 'committee',
        author: 'Ida Admin',
        name: 'Status: Til behandling i udvalget'
      })
    )
  })

  it('compares a version with now and with another version: goal fields before → after, text word by word', async () => {
    const plan = await newPlan()
    const viewer = t.token('viewer', { plan })
    const a = await editor(plan)
    const v1 = await save(plan, t.token('editor', { plan }), 'Før')
    editBody(a.doc, (s) => {
      const tr = s.tr
      const at = targetPos(tr.doc, DEMO_IDS.targetSickLevel)
      tr.setNodeAttribute(at, 'targetValue', 550)
      tr.setNodeAttribute(at, 'targetPeriod', '2020')
      return tr
    })
    replaceText(a, 'tidligere kontakt', 'langt tidligere kontakt')
    await stored(plan, (p) => expect(p.goals[0]!.targets[0]!.target.value).toBe(550))
    type Compared = { from: VersionInfo; to: VersionInfo | null; goals: GoalChange[]; text: BlockChange[]; summary: ChangeSummary }
    const now = await getJson<Compared>(`${plan}/compare?from=${v1.id}&to=now`, viewer)
    expect(now.from).toEqual(v1)
    expect(now.to).toBeNull()
    expect(now.goals).toEqual([
      expect.objectContaining({
        kind: 'target-changed',
        itemId: DEMO_IDS.targetSickLevel,
        unit: 'fullTimePersons',
        fields: [
          { field: 'target.value', before: 438, after: 550 },
          { field: 'target.period', before: '2019', after: '2020' }
        ]
      })
    ])
    expect(now.text).toHaveLength(1)
    expect(now.text[0]!.parts).toContainEqual({ op: 'insert', text: 'langt ' })
    expect(now.summary).toEqual({ goalsChanged: 1, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 1 })
    const v2 = await save(plan, t.token('editor', { plan }), 'Efter')
    const between = await getJson<Compared>(`${plan}/compare?from=${v1.id}&to=${v2.id}`, viewer)
    expect(between.goals).toEqual(now.goals)
    expect(between.to).toEqual(v2)
    expect(v2.summary).toEqual(now.summary)
    a.destroy()
  })

  it('exports a version: plan.json is the stored one, the .docx opens, the others render', async () => {
    const plan = await newPlan()
    const viewer = t.token('viewer', { plan })
    const a = await editor(plan)
    const v1 = await save(plan, t.token('editor', { plan }), 'Udgangspunkt')
    replaceText(a, 'Færre langtidsledige', 'Markant færre langtidsledige')
    await stored(plan, (p) => expect(p.goals.map((g) => g.title)).toContain('Markant færre langtidsledige'))
    const stored1 = (await getJson<{ plan: PlanExport }>(`${plan}/versions/${v1.id}`, viewer)).plan
    const exported = await getJson<PlanExport>(`${plan}/plan.json?version=${v1.id}`, viewer)
    expect(exported).toEqual(stored1)
    expect(exported.goals.map((g) => g.title)).toContain('Færre langtidsledige')
    const docx = await api(`${plan}/plan.docx?version=${v1.id}`, viewer)
    expect(docx.status).toBe(200)
    const files = unzipSync(new Uint8Array(await docx.arrayBuffer()))
    expect(new TextDecoder().decode(files['word/document.xml'])).toContain('Færre langtidsledige')
    for (const f of ['plan.md', 'goals.csv', 'plan.html']) {
      const r = await api(`${plan}/${f}?version=${v1.id}`, viewer)
      expect(r.status, f).toBe(200)
      const text = await r.text()
      expect(text, f).not.toContain('Markant færre')
    }
    a.destroy()
  })

  it("refuses another plan's version and ids that are not version ids (404), and unknown version paths", async () => {
    const plan = await newPlan()
    const other = await newPlan()
    const theirs = await save(other, t.token('editor', { plan: other }), 'Deres')
    const admin = t.token('admin', { plan: '*' })
    for (const path of [
      `${plan}/plan.json?version=${theirs.id}`,
      `${plan}/plan.docx?version=${theirs.id}`,
      `${plan}/versions/${theirs.id}`,
      `${plan}/compare?from=${theirs.id}`,
      `${plan}/plan.json?version=${encodeURIComponent("' OR 1=1 --")}`,
      `${plan}/plan.json?version=`,
      `${plan}/versions/${encodeURIComponent('../' + theirs.id)}`,
      `${plan}/compare?from=${theirs.id.toUpperCase()}`
    ]) {
      expect((await api(path, admin)).status, path).toBe(404)
    }
    expect((await api(`${plan}/versions/${theirs.id}/restore`, admin, { method: 'POST' })).status).toBe(404)
    expect((await api(`${plan}/versions/${theirs.id}/delete`, admin)).status).toBe(404)
    // A token for another plan does not open this plan's versions at all.
    expect((await api(`${plan}/versions`, t.token('viewer', { plan: other }))).status).toBe(403)
  })
})

describe('restore', () => {
  it('restores as a forward change between "før gendannelse" and "Gendannet fra", and loses no concurrent typing silently', async () => {
    const plan = await newPlan()
    const a = await editor(plan, 'Anna')
    const b = await editor(plan, 'Bent')
    const v1 = await save(plan, t.token('editor', { plan }), 'Godkendt udkast')
    // After v1: Anna edits a paragraph, a target and adds a paragraph.
    replaceText(a, 'Planen er udarbejdet af jobcentret', 'Planen er skrevet om af jobcentret')
    editBody(a.doc, (s) => s.tr.setNodeAttribute(targetPos(s.doc, DEMO_IDS.targetSickLevel), 'targetValue', 999))
    editBody(a.doc, (s) => s.tr.insert(s.doc.content.size, s.schema.node('paragraph', null, [s.schema.text('Et nyt afsnit efter versionen.')])))
    await eventually(() => expect(bodyText(b)).toContain('Et nyt afsnit efter versionen.'))
    await stored(plan, (p) => expect(p.goals[0]!.targets[0]!.target.value).toBe(999))
    // Bent goes offline and types in three places: a block the restore does
    // not touch, the paragraph it edits back, and the paragraph it removes.
    b.provider.disconnect()
    replaceText(b, 'Vi vil have tidligere kontakt', 'Vi vil have BENT-UROERT tidligere kontakt')
    replaceText(b, 'skrevet om', 'skrevet BENT-RETTET om')
    replaceText(b, 'Et nyt afsnit', 'Et BENT-FJERNET nyt afsnit')
    const r = await api(`${plan}/versions/${v1.id}/restore`, t.token('editor', { plan, name: 'Carl' }), { method: 'POST' })
    expect(r.status).toBe(200)
    const { before, restored } = (await r.json()) as { before: VersionInfo; restored: VersionInfo }
    expect(before).toMatchObject({ kind: 'before-restore', author: 'Carl' })
    expect(restored).toMatchObject({ kind: 'restored', author: 'Carl' })
    expect(restored.name).toContain('Godkendt udkast')
    const list = await versionsOf(plan, t.token('viewer', { plan }))
    expect(list.slice(0, 3).map((v) => v.id)).toEqual([restored.id, before.id, v1.id])
    // The restored state is v1's content; the version before it holds Anna's edits.
    const asV1 = await getJson<PlanExport>(`${plan}/plan.json?version=${restored.id}`, t.token('viewer', { plan }))
    expect(asV1.goals[0]!.targets[0]!.target.value).toBe(438)
    expect(asV1.vision).toBe((await getJson<{ plan: PlanExport }>(`${plan}/versions/${v1.id}`, t.token('viewer', { plan }))).plan.vision)
    expect((await getJson<PlanExport>(`${plan}/plan.json?version=${before.id}`, t.token('viewer', { plan }))).goals[0]!.targets[0]!.target.value).toBe(999)
    // Anna, online, sees the restore like any edit.
    await eventually(() => {
      expect(bodyText(a)).toContain('Planen er udarbejdet af jobcentret')
      expect(bodyText(a)).not.toContain('Et nyt afsnit efter versionen.')
    })
    // Bent comes back: nothing he typed is gone without a trace.
    b.provider.connect()
    await eventually(async () => {
      const md = await (await api(`${plan}/plan.md`, t.token('viewer', { plan }))).text()
      expect(md).toContain('BENT-UROERT') // untouched block: kept where he typed it
      expect(md).toContain('BENT-RETTET') // block edited back in place: his words stay in it
      expect(md).toMatch(/Skrevet under en gendannelse[^\n]*Bent[^\n]*BENT-FJERNET/) // removed block: written back, saying who
      expect(bodyText(a)).toContain('BENT-FJERNET')
    })
    // The log was not rewound: Anna's and Bent's clients converge with the server.
    await eventually(() => expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc)))
    a.destroy()
    b.destroy()
  })
})
