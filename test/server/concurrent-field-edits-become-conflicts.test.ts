// Issue #14: two people set the same target value offline; Yjs keeps one by
// client id. The server records both, with who wrote them, until someone
// chooses: nothing silently disappears.
import { describe, expect, it } from 'vitest'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { extractPlanFromYDoc, type Conflict, type PlanExport } from '../../schema'
import { parseCsv, GOALS_CSV_COLUMNS } from '../../schema/export'
import { startTestServer, type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { goOffline, reconnect, setField } from '../helpers/field-edits'
import { planValidator } from '../helpers/plan-schema-validator'

let t: TestServer
useTestServer((s) => (t = s))

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api/plans/${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })

async function conflicts(token: string, plan = DEMO_PLAN_ID, all = false): Promise<Conflict[]> {
  const res = await api(`${plan}/conflicts${all ? '?all=1' : ''}`, token)
  expect(res.status).toBe(200)
  return ((await res.json()) as { conflicts: Conflict[] }).conflicts
}

const valueIn = (c: YClient, targetId: string): unknown =>
  extractPlanFromYDoc(c.doc)
    .goals.flatMap((g) => g.targets)
    .find((x) => x.id === targetId)?.target.value

/**
 * Anna and Bo go offline, set `targetId`'s target value to 55 and 60, and
 * come back in `order`; a watcher online sees the first arrive before the
 * second reconnects, so the server receives them in that order.
 */
async function concurrentWrites(targetId: string, order: ['Anna' | 'Bo', 'Anna' | 'Bo']): Promise<{ anna: YClient; bo: YClient; watcher: YClient }> {
  const anna = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anna' }))
  const bo = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo' }))
  const watcher = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Vera' }))
  await Promise.all([anna.synced(), bo.synced(), watcher.synced()])
  goOffline(anna)
  goOffline(bo)
  setField(anna.doc, targetId, 'targetValue', 55)
  setField(bo.doc, targetId, 'targetValue', 60)
  const byName = { Anna: { c: anna, v: 55 }, Bo: { c: bo, v: 60 } }
  const first = byName[order[0]]
  await reconnect(first.c)
  await eventually(() => expect(valueIn(watcher, targetId)).toBe(first.v))
  await reconnect(byName[order[1]].c)
  await eventually(() => {
    expect(valueIn(anna, targetId)).toBe(valueIn(bo, targetId))
    expect(valueIn(watcher, targetId)).toBe(valueIn(anna, targetId))
  })
  return { anna, bo, watcher }
}

describe('concurrent writes to one target value', () => {
  const cases: Array<{ target: string; order: ['Anna' | 'Bo', 'Anna' | 'Bo'] }> = [
    { target: DEMO_IDS.targetSickLevel, order: ['Anna', 'Bo'] },
    { target: DEMO_IDS.targetSickChange, order: ['Bo', 'Anna'] }
  ]
  for (const { target, order } of cases) {
    it(`both values are listed with who wrote them (${order.join(' then ')}), in plan.json and goals.csv`, async () => {
      const { anna, bo, watcher } = await concurrentWrites(target, order)
      const viewer = t.token('viewer', { name: 'Vera' })
      const current = valueIn(watcher, target)
      const list = await eventually(async () => {
        const found = (await conflicts(viewer)).filter((c) => c.nodeId === target)
        expect(found).toHaveLength(1)
        return found
      })
      const c = list[0]!
      expect(c).toMatchObject({ plan: DEMO_PLAN_ID, kind: 'field', nodeType: 'target', field: 'targetValue', resolved: null })
      expect(c.kept.value).toBe(current)
      const written = [c.kept, ...c.lost].map((v) => `${v.value} ${v.by}`).sort()
      expect(written).toEqual(['55 Anna', '60 Bo'])
      for (const v of [c.kept, ...c.lost]) expect(Number.isNaN(Date.parse(v.at))).toBe(false)

      const plan = (await (await api(`${DEMO_PLAN_ID}/plan.json`, viewer)).json()) as PlanExport
      const validate = planValidator()
      expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
      expect(plan.conflicts?.map((x) => x.id)).toContain(c.id)
      expect(plan.goals.flatMap((g) => g.targets).find((x) => x.id === target)?.conflict).toBe(true)

      const rows = parseCsv(await (await api(`${DEMO_PLAN_ID}/goals.csv`, viewer)).text())
      const col = GOALS_CSV_COLUMNS.indexOf('Konflikt')
      const row = rows.find((r) => r[GOALS_CSV_COLUMNS.indexOf('Målsætning-id')] === target)!
      expect(row[col]).toMatch(/^uafklaret: /)
      expect(row[col]).toContain('55 (Anna)')
      expect(row[col]).toContain('60 (Bo)')
      for (const x of [anna, bo, watcher]) x.destroy()
    })
  }

  it('a write by someone who saw the kept value resolves it', async () => {
    const target = DEMO_IDS.targetClarify
    const { anna, bo, watcher } = await concurrentWrites(target, ['Anna', 'Bo'])
    const viewer = t.token('viewer')
    const open = await eventually(async () => (await conflicts(viewer)).find((c) => c.nodeId === target)!)
    // Cecilie opens the plan now, sees the kept value and chooses 58.
    const cecilie = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Cecilie' }))
    await cecilie.synced()
    setField(cecilie.doc, target, 'targetValue', 58)
    await eventually(async () => {
      expect((await conflicts(viewer)).find((c) => c.nodeId === target)).toBeUndefined()
      const all = await conflicts(viewer, DEMO_PLAN_ID, true)
      expect(all.find((c) => c.id === open.id)?.resolved).toMatchObject({ value: 58, by: 'Cecilie' })
    })
    const rows = parseCsv(await (await api(`${DEMO_PLAN_ID}/goals.csv`, viewer)).text())
    expect(rows.find((r) => r[GOALS_CSV_COLUMNS.indexOf('Målsætning-id')] === target)![GOALS_CSV_COLUMNS.indexOf('Konflikt')]).toBe('')
    for (const x of [anna, bo, watcher, cecilie]) x.destroy()
  })

  it('POST resolve keeps the current value: editors only, the current value only, this plan only', async () => {
    const target = DEMO_IDS.targetJobOpenings
    const { anna, bo, watcher } = await concurrentWrites(target, ['Anna', 'Bo'])
    for (const x of [anna, bo, watcher]) x.destroy()
    const open = await eventually(async () => (await conflicts(t.token('viewer'))).find((c) => c.nodeId === target)!)
    const resolve = (token: string, value: unknown, plan = DEMO_PLAN_ID, id = open.id) =>
      api(`${plan}/conflicts/${id}/resolve`, token, { method: 'POST', body: JSON.stringify({ value }) })

    expect((await resolve(t.token('viewer'), open.kept.value)).status).toBe(403)
    expect((await resolve(t.token('commenter'), open.kept.value)).status).toBe(403)
    // Another plan's conflict is not found through this plan, nor this one's through another.
    const admin = t.token('admin', { plan: '*', name: 'Birgit Admin' })
    const other = (
      (await (await api('', admin, { method: 'POST', body: JSON.stringify({ template: 'demo', title: 'Anden plan' }) })).json()) as { plan: { id: string } }
    ).plan.id
    expect((await resolve(admin, open.kept.value, other)).status).toBe(404)
    expect((await resolve(t.token('editor'), open.kept.value, DEMO_PLAN_ID, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    // A lost value is chosen in the editor (an edit), not here.
    expect((await resolve(t.token('editor'), open.lost[0]!.value)).status).toBe(409)
    expect((await resolve(t.token('editor'), { not: 'a value' })).status).toBe(400)

    const res = await resolve(t.token('editor', { name: 'Eva' }), open.kept.value)
    expect(res.status).toBe(200)
    const { conflict } = (await res.json()) as { conflict: Conflict }
    expect(conflict).toMatchObject({ id: open.id, resolved: { value: open.kept.value, by: 'Eva' } })
    expect((await conflicts(t.token('viewer'))).find((c) => c.id === open.id)).toBeUndefined()
    const plan = (await (await api(`${DEMO_PLAN_ID}/plan.json`, t.token('viewer'))).json()) as PlanExport
    expect(plan.conflicts?.find((c) => c.id === open.id)).toBeUndefined()
  })
})

describe('conflicts are stored', () => {
  it("a restart keeps them, and a value stored before it still has its writer's name", async () => {
    const target = DEMO_IDS.targetLongTerm
    const { anna, bo, watcher } = await concurrentWrites(target, ['Bo', 'Anna'])
    const before = await eventually(async () => {
      const found = (await conflicts(t.token('viewer'))).filter((c) => c.nodeId === target)
      expect(found).toHaveLength(1)
      return found
    })
    // Bo goes offline; Anna sets a baseline online, which reaches the server before it stops.
    goOffline(bo)
    setField(anna.doc, DEMO_IDS.targetFlexFewer, 'baselineValue', 7)
    await eventually(() =>
      expect(
        extractPlanFromYDoc(watcher.doc)
          .goals.flatMap((g) => g.targets)
          .find((x) => x.id === DEMO_IDS.targetFlexFewer)?.baseline?.value
      ).toBe(7)
    )
    anna.destroy()
    watcher.destroy()
    bo.provider.destroy()
    const dataDir = t.dataDir
    await t.stop()
    t = await startTestServer({}, dataDir)
    expect((await conflicts(t.token('viewer'))).filter((c) => c.nodeId === target)).toEqual(before)

    // Bo, still offline with the old state, sets the same baseline and comes back to the new server.
    setField(bo.doc, DEMO_IDS.targetFlexFewer, 'baselineValue', 8)
    const boAgain = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo' }), bo.doc)
    await boAgain.synced()
    const c = await eventually(async () =>
      (await conflicts(t.token('viewer'))).find((x) => x.nodeId === DEMO_IDS.targetFlexFewer && x.field === 'baselineValue')!
    )
    expect([c.kept, ...c.lost].map((v) => `${v.value} ${v.by}`).sort()).toEqual(['7 Anna', '8 Bo'])
    boAgain.destroy()
  })
})
