import { describe, expect, it } from 'vitest'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { ImportReview } from '../../schema/import/types'
import { MAX_IMPORT_BYTES } from '../../server/import/read-file'
import { connectClient } from '../../testkit/y-client'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { fixtureToDocx } from '../helpers/seed-documents'
import { errorOf } from '../helpers/rest-error'

// POST /api/imports against the real server: preview (nothing stored) and
// create, for .docx, Markdown and text; who may; and bad files.

let t: TestServer
useTestServer((s) => (t = s))

const PLAN = {
  title: 'Beskæftigelsesplan 2016 for Eksempel Kommune',
  blocks: [
    { heading: 'Langtidsledighed', level: 1 as const },
    { paragraph: 'Langtidsledigheden er steget, og indsatsen styrkes.' },
    {
      table: [
        ['Mål', 'Handlinger', 'Succeskriterier', 'Opfølgning'],
        [
          'Færre langtidsledige',
          'Tidlig indsats',
          'Langtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015.',
          'Kvartalsvis'
        ]
      ]
    },
    { heading: 'Sygedagpenge', level: 1 as const },
    {
      table: [
        ['Mål', 'Succeskriterier'],
        ['Kortere forløb', 'Antal årspersoner på sygedagpenge er reduceret med 63 i december 2017 sammenlignet med niveauet i december 2015.']
      ]
    }
  ]
}
const MARKDOWN = `# ${PLAN.title}

## Langtidsledighed

Langtidsledigheden er steget, og indsatsen styrkes.

| Mål | Handlinger | Succeskriterier | Opfølgning |
|---|---|---|---|
| Færre langtidsledige | Tidlig indsats | Langtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015. | Kvartalsvis |

## Sygedagpenge

| Mål | Succeskriterier |
|---|---|
| Kortere forløb | Antal årspersoner på sygedagpenge er reduceret med 63 i december 2017 sammenlignet med niveauet i december 2015. |
`
const TEXT = `${PLAN.title}

Langtidsledighed

Langtidsledigheden er steget, og indsatsen styrkes.

Mål\tHandlinger\tSucceskriterier\tOpfølgning
Færre langtidsledige\tTidlig indsats\tLangtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015.\tKvartalsvis

Sygedagpenge

Mål\tSucceskriterier
Kortere forløb\tAntal årspersoner på sygedagpenge er reduceret med 63 i december 2017 sammenlignet med niveauet i december 2015.
`

const post = (query: string, body: Uint8Array<ArrayBuffer> | string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${t.httpUrl}/api/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body })

const files = async (): Promise<Array<[string, string, Uint8Array<ArrayBuffer>]>> => [
  ['docx', 'plan.docx', new Uint8Array(await fixtureToDocx(PLAN))],
  ['markdown', 'plan.md', new TextEncoder().encode(MARKDOWN)],
  ['text', 'plan.txt', new TextEncoder().encode(TEXT)]
]

const targetsOf = (review: ImportReview) => review.goals.flatMap((g) => g.targets.map((x) => [x.target.kind, x.target.target.value, x.target.target.period]))
const EXPECTED_TARGETS = [
  ['level', 600, '2015-12'],
  ['change', -63, '2017-12']
]

describe('POST /api/imports', () => {
  it('previews .docx, Markdown and text the same way, and stores nothing', async () => {
    const admin = t.token('admin', { plan: '*' })
    const before = (await (await fetch(`${t.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { plans: unknown[] }
    for (const [format, name, bytes] of await files()) {
      const res = await post(`filename=${name}`, bytes, admin)
      expect(res.status, format).toBe(200)
      const body = (await res.json()) as { title: string; review: ImportReview }
      expect(body.title, format).toBe(PLAN.title)
      expect(body.review.format).toBe(format)
      expect(body.review.focusAreas, format).toEqual(['Langtidsledighed', 'Sygedagpenge'])
      expect(
        body.review.goals.map((g) => g.title),
        format
      ).toEqual(['Færre langtidsledige', 'Kortere forløb'])
      expect(targetsOf(body.review), format).toEqual(EXPECTED_TARGETS)
      expect(body.review.goals[0]!.targets[0]!.source).toMatch(/^Langtidsledigheden skal begrænses fra 681 personer/)
    }
    const after = (await (await fetch(`${t.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { plans: unknown[] }
    expect(after.plans.length).toBe(before.plans.length)
  })

  it('creates a plan from each format, with its goals and targets in plan.json and a link that opens it', async () => {
    const admin = t.token('admin', { plan: '*' })
    for (const [format, name, bytes] of await files()) {
      const res = await post(`filename=${name}&create=1`, bytes, admin)
      expect(res.status, format).toBe(201)
      const body = (await res.json()) as { plan: { id: string; title: string }; token: string | null; url: string; review: ImportReview }
      expect(body.plan.title).toBe(PLAN.title)
      expect(body.token).toBeNull() // an all-plans admin token opens the new plan already
      expect(body.url).toContain(`/plan/${body.plan.id}?token=`)
      const plan = (await (
        await fetch(`${t.httpUrl}/api/plans/${body.plan.id}/plan.json`, { headers: { authorization: `Bearer ${admin}` } })
      ).json()) as PlanExport
      expect(plan.problems, format).toEqual([])
      expect(plan.focusAreas.map((f) => f.title)).toEqual(['Langtidsledighed', 'Sygedagpenge'])
      expect(plan.goals.map((g) => g.title)).toEqual(['Færre langtidsledige', 'Kortere forløb'])
      expect(plan.goals.flatMap((g) => g.targets.map((x) => [x.kind, x.target.value, x.target.period]))).toEqual(EXPECTED_TARGETS)
      expect(plan.goals[0]!.targets[0]!.baseline).toEqual({ value: 681, period: '2013-12' })
      expect(plan.goals[0]!.followUpMethod).toMatch(/Kvartalsvis/)
    }
  })

  // Issue #15: our own export carries municipality and period; the new plan keeps them.
  it('a plan created from our own .docx export gets its municipality and period back', async () => {
    const admin = t.token('admin', { plan: '*' })
    const exported = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.docx`, { headers: { authorization: `Bearer ${admin}` } })
    const res = await post('filename=plan.docx&create=1&plan=reimported-demo', new Uint8Array(await exported.arrayBuffer()), admin)
    expect(res.status).toBe(201)
    const plan = (await (
      await fetch(`${t.httpUrl}/api/plans/reimported-demo/plan.json`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as PlanExport
    expect(plan.plan).toMatchObject({ title: 'Beskæftigelsesplan 2019', municipality: 'Eksempel Kommune', period: '2019' })
  })

  it('a one-plan admin token gets a token for the new plan; the plan id is used when free and 409 when taken', async () => {
    const admin = t.token('admin') // opens only the demo plan
    const docx = new Uint8Array(await fixtureToDocx(PLAN))
    const res = await post('filename=plan.docx&create=1&plan=import-2016&title=' + encodeURIComponent('Importeret plan'), docx, admin)
    expect(res.status).toBe(201)
    const body = (await res.json()) as { plan: { id: string; title: string }; token: string; url: string }
    expect(body.plan).toMatchObject({ id: 'import-2016', title: 'Importeret plan' })
    expect(body.url).toContain(`/plan/import-2016?token=${body.token}`)
    const c = connectClient(t.wsUrl, 'import-2016', body.token)
    await c.synced()
    expect(c.doc.getXmlFragment('body').length).toBeGreaterThan(0)
    expect(c.doc.getMap('meta').get('title')).toBe('Importeret plan')
    c.destroy()

    const taken = await post('filename=plan.docx&create=1&plan=import-2016', docx, t.token('admin', { plan: '*' }))
    expect(taken.status).toBe(409)
    expect(await errorOf(taken)).toEqual({ code: 'plan-exists', params: { plan: 'import-2016' } })
    const demo = await post(`filename=plan.docx&create=1&plan=${DEMO_PLAN_ID}`, docx, t.token('admin', { plan: '*' }))
    expect(demo.status).toBe(409)
    const invalid = await post('filename=plan.docx&create=1&plan=' + encodeURIComponent('../etc'), docx, t.token('admin', { plan: '*' }))
    expect(invalid.status).toBe(400)
    expect((await errorOf(invalid)).code).toBe('invalid-plan-id')
  })

  it('reads a text file saved as Windows-1252 (older Windows programs) with its Danish letters', async () => {
    const latin1 = Uint8Array.from('Målsætninger for ældre ledige\n\nFærre på ydelse.', (c) => c.charCodeAt(0)) // å æ ø are single bytes in Windows-1252
    const res = await post('filename=plan.txt', latin1, t.token('admin', { plan: '*' }))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { title: string }).title).toBe('Målsætninger for ældre ledige')
  })

  it('only administrators may import (403), and a token is required (401)', async () => {
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const res = await post('filename=plan.md', MARKDOWN, t.token(role))
      expect(res.status, role).toBe(403)
      expect((await errorOf(res)).code).toBe('admin-only')
    }
    expect((await fetch(`${t.httpUrl}/api/imports?filename=plan.md`, { method: 'POST', body: MARKDOWN })).status).toBe(401)
  })

  it('garbage named .docx is a 400 with a code, and the server still serves others', async () => {
    const admin = t.token('admin', { plan: '*' })
    const garbage = new Uint8Array(64 * 1024).map((_, i) => (i * 7919 + 13) % 256)
    const res = await post('filename=plan.docx', garbage, admin)
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('import-not-docx')
    // A zip that is only half there (cut-off upload) is refused the same way.
    const docx = new Uint8Array(await fixtureToDocx(PLAN))
    const cut = await post('filename=plan.docx&create=1', docx.slice(0, docx.length >> 1), admin)
    expect(cut.status).toBe(400)
    expect((await errorOf(cut)).code).toBe('import-damaged-docx')
    const legacy = await post('filename=plan.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), admin)
    expect(legacy.status).toBe(415)
    expect((await errorOf(legacy)).code).toBe('import-legacy-doc')
    expect(await errorOf(await post('filename=plan.txt', new Uint8Array(0), admin))).toEqual({ code: 'import-empty' })
    expect(await errorOf(await post('', MARKDOWN, admin))).toEqual({ code: 'invalid-field', params: { field: 'filename' } })
    // Still serving: another import and the plan list.
    expect((await post('filename=plan.md', MARKDOWN, admin)).status).toBe(200)
    expect((await fetch(`${t.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200)
  })

  it('a file over the limit is a 413, whether its length is declared or streamed', async () => {
    const admin = t.token('admin', { plan: '*' })
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61)
    const declared = await post('filename=plan.txt', big, admin)
    expect(declared.status).toBe(413)
    expect(await errorOf(declared)).toEqual({ code: 'import-too-large', params: { limitMb: MAX_IMPORT_BYTES / 1024 / 1024 } })
    // Chunked: no content-length, the server counts as it reads.
    const chunk = new Uint8Array(1024 * 1024).fill(0x62)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_IMPORT_BYTES) return controller.close()
        sent += chunk.length
        controller.enqueue(chunk)
      }
    })
    const streamed = await fetch(`${t.httpUrl}/api/imports?filename=plan.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: stream,
      duplex: 'half'
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect((await fetch(`${t.httpUrl}/healthz`)).status).toBe(200)
  })
})
