import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { commentsRoomOf, type PlanExport } from '../../schema'
import { GOALS_CSV_COLUMNS, csvNumber, parseCsv } from '../../schema/export'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { planValidator } from '../helpers/plan-schema-validator'
import { connectClient, eventually } from '../../testkit/y-client'
import { editBody } from '../helpers/pm-edit'

let t: TestServer
// /metrics is served only with a token (issue #11).
beforeAll(async () => {
  t = await startTestServer({ metrics: { token: 'rest-plans-metrics', port: null, host: '127.0.0.1' } })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const get = (path: string, token: string) => fetch(`${t.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })

describe('REST', () => {
  it('plan.json validates against the JSON Schema and follows live edits', async () => {
    const editor = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await editor.synced()
    editBody(editor.doc, (s) => {
      let pos = -1
      s.doc.descendants((n, p) => {
        if (n.type.name === 'target' && n.attrs.id === DEMO_IDS.targetLongTerm) pos = p
        return pos < 0
      })
      return s.tr.setNodeAttribute(pos, 'targetValue', 575)
    })
    const validate = planValidator()
    await eventually(async () => {
      const plan = (await (await get(`/api/plans/${DEMO_PLAN_ID}/plan.json`, t.token('viewer'))).json()) as PlanExport
      expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
      expect(plan.goals.flatMap((g) => g.targets).find((x) => x.id === DEMO_IDS.targetLongTerm)!.target.value).toBe(575)
    })
    editor.destroy()
  })

  it('goals.csv is UTF-8 with BOM and parses back to the same targets as plan.json', async () => {
    const token = t.token('viewer')
    const plan = (await (await get(`/api/plans/${DEMO_PLAN_ID}/plan.json`, token)).json()) as PlanExport
    const res = await get(`/api/plans/${DEMO_PLAN_ID}/goals.csv`, token)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes))
    expect(header).toEqual([...GOALS_CSV_COLUMNS])
    const col = (name: string) => header!.indexOf(name)
    const targets = plan.goals.flatMap((g) => g.targets)
    expect(rows.map((r) => [r[col('Målsætning-id')], r[col('Type')], csvNumber(r[col('Målværdi')]!), r[col('Enhed')]])).toEqual(
      targets.map((x) => [x.id, x.kind, x.target.value, x.unit])
    )
    expect(rows.some((r) => r[col('Fokusområde')] === 'Ledighedsydelse, fleksjob og faglig kvalitet')).toBe(true)
  })

  it('admins create plans from the template or empty; others may not', async () => {
    const admin = t.token('admin', { plan: '*' })
    const res = await fetch(`${t.httpUrl}/api/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'demo', title: 'Beskæftigelsesplan 2027' })
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { plan: { id: string; title: string }; url: string }
    expect(created.plan.title).toBe('Beskæftigelsesplan 2027')
    expect(created.url).toContain(`/plan/${created.plan.id}?token=`)
    const json = (await (await get(`/api/plans/${created.plan.id}/plan.json`, admin)).json()) as PlanExport
    expect(json.plan.title).toBe('Beskæftigelsesplan 2027')
    expect(json.goals).toHaveLength(6)

    const empty = (await (
      await fetch(`${t.httpUrl}/api/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
        body: JSON.stringify({ template: 'empty', title: 'Tom' })
      })
    ).json()) as { plan: { id: string } }
    const c = connectClient(t.wsUrl, empty.plan.id, admin)
    await c.synced()
    expect(c.doc.getXmlFragment('body').length).toBe(1)
    expect(c.doc.getMap('meta').get('schemaVersion')).toBe(1)
    c.destroy()

    const list = (await (await get('/api/plans', admin)).json()) as { plans: Array<{ id: string }> }
    expect(list.plans.map((p) => p.id)).toEqual(expect.arrayContaining([DEMO_PLAN_ID, created.plan.id, empty.plan.id]))

    const refused = await fetch(`${t.httpUrl}/api/plans`, { method: 'POST', headers: { authorization: `Bearer ${t.token('editor')}` }, body: '{}' })
    expect(refused.status).toBe(403)
    const bad = await fetch(`${t.httpUrl}/api/plans`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: '{not json' })
    expect(bad.status).toBe(400)
  })

  it('comments.json and plan.md with open comments as footnotes', async () => {
    const { createAnchor, createThread, yTextRuns } = await import('../../schema/comments')
    const body = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    const comments = connectClient(t.wsUrl, commentsRoomOf(DEMO_PLAN_ID), t.token('commenter', { name: 'Lars' }))
    await Promise.all([body.synced(), comments.synced()])
    const fragment = body.doc.getXmlFragment('body')
    const flat = yTextRuns(fragment).text
    const at = flat.indexOf('Fortsætte den kommunale stressenhed')
    createThread(comments.doc, {
      anchor: createAnchor(fragment, at, at + 'Fortsætte den kommunale stressenhed'.length)!,
      author: comments.author,
      text: 'Hvor mange pladser?'
    })
    await eventually(async () => {
      const r = (await (await get(`/api/plans/${DEMO_PLAN_ID}/comments.json`, t.token('viewer'))).json()) as {
        threads: Array<{ quote: string; goalId: string; focusAreaId: string; attached: boolean }>
      }
      expect(r.threads).toHaveLength(1)
      expect(r.threads[0]).toMatchObject({
        quote: 'Fortsætte den kommunale stressenhed',
        goalId: DEMO_IDS.goalSick,
        focusAreaId: DEMO_IDS.focusSick,
        attached: true
      })
    })
    const md = await (await get(`/api/plans/${DEMO_PLAN_ID}/plan.md?comments=open`, t.token('viewer'))).text()
    expect(md).toContain('Fortsætte den kommunale stressenhed[^1]')
    expect(md).toContain('[^1]: Lars: Hvor mange pladser?')
    body.destroy()
    comments.destroy()
  })

  it('serves the health check and metrics', async () => {
    expect(await (await fetch(`${t.httpUrl}/healthz`)).text()).toBe('ok\n')
    const m = await (await fetch(`${t.httpUrl}/metrics`, { headers: { authorization: 'Bearer rest-plans-metrics' } })).text()
    expect(m).toMatch(/faellesplan_updates_stored_total \d+/)
    expect(m).toMatch(/faellesplan_rooms_loaded \d+/)
  })
})
