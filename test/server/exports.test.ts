import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { DomUtils, parseDocument } from 'htmlparser2'
import mammoth from 'mammoth'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { readPlanPart } from '../../schema/export'
import { type PlanExport } from '../../schema'
import { exportFilename } from '../../schema/export'
import { PdfBusyError, PdfExporter, DEFAULT_PDF_OPTIONS } from '../../server/export/pdf'
import { buildDoc, buildFocusArea, demoPlan } from '../../schema/build'
import { seedPlanDoc } from '../../schema'
import * as Y from 'yjs'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'
import { errorOf } from '../helpers/rest-error'

// Issue #6: plan.html, plan.docx and plan.pdf (and goals.csv) read against
// the real server over HTTP, for the demo plan and for a plan with hostile text.

let t: TestServer
let plain: TestServer // PDF through pdf-lib, forced
beforeAll(async () => {
  t = await startTestServer()
  plain = await startTestServer({ pdf: { ...DEFAULT_PDF_OPTIONS, renderer: 'pdf-lib' } })
})
afterAll(async () => {
  await t.stop()
  await plain.stop()
  removeDir(t.dataDir)
  removeDir(plain.dataDir)
})

const get = (server: TestServer, path: string, token: string) => fetch(`${server.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
const planJson = async (server: TestServer, id: string, token: string) => (await (await get(server, `/api/plans/${id}/plan.json`, token)).json()) as PlanExport

const HOSTILE_TITLE = '<script>alert("titel")</script> Æblegrød & Ål'
const HOSTILE_GOAL = 'Mål <script>alert(1)</script> <img src=x onerror=alert(2)>'
const TRICKY_INDICATOR = 'Indikator med "citat"; semikolon\nog linjeskift'

/** A plan made through the REST API and edited by a real Yjs client: hostile text, a javascript: link, a tricky CSV cell. */
async function hostilePlan(): Promise<{ id: string; token: string }> {
  const admin = t.token('admin', { plan: '*' })
  const res = await fetch(`${t.httpUrl}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: JSON.stringify({ template: 'demo', title: HOSTILE_TITLE })
  })
  const { plan } = (await res.json()) as { plan: { id: string } }
  const editor = connectClient(t.wsUrl, plan.id, t.token('editor', { plan: plan.id }))
  await editor.synced()
  editBody(editor.doc, (s) => {
    const tr = s.tr
    const at = posOfText(s.doc, 'Færre langtidsledige')
    tr.insertText(HOSTILE_GOAL, at, at + 'Færre langtidsledige'.length)
    let targetPos = -1
    tr.doc.descendants((n, p) => {
      if (n.type.name === 'target' && n.attrs.id === DEMO_IDS.targetLongTerm) targetPos = p
      return targetPos < 0
    })
    tr.setNodeAttribute(targetPos, 'indicator', TRICKY_INDICATOR)
    const link = s.schema.marks.link!.create({ href: 'javascript:alert(3)' })
    const safe = s.schema.marks.link!.create({ href: 'https://star.dk/' })
    tr.insert(
      1 + tr.doc.child(0).nodeSize,
      s.schema.node('paragraph', null, [
        s.schema.text('farligt link', [link]),
        s.schema.text(' og '),
        s.schema.text('godt link', [safe]),
        s.schema.text(' kontroltegn\u0007her')
      ])
    )
    return tr
  })
  await eventually(async () => {
    const plan2 = await planJson(t, plan.id, admin)
    expect(plan2.goals.map((g) => g.title)).toContain(HOSTILE_GOAL)
    expect(plan2.goals.flatMap((g) => g.targets).map((x) => x.indicator)).toContain(TRICKY_INDICATOR)
  })
  editor.destroy()
  return { id: plan.id, token: t.token('viewer', { plan: plan.id }) }
}

let hostile: { id: string; token: string }

/** RFC 4180 with semicolons, written here so a bug in schema/export/csv.ts's own parser cannot hide a bug in its writer. */
function rfc4180(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text
  while (i < src.length) {
    if (src[i] === '"' && cell === '') {
      i++
      for (;;) {
        if (i >= src.length) throw new Error('unterminated quoted cell')
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            cell += '"'
            i += 2
            continue
          }
          i++
          break
        }
        cell += src[i++]
      }
    } else if (src[i] === ';') {
      row.push(cell)
      cell = ''
      i++
    } else if (src.startsWith('\r\n', i)) {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i += 2
    } else if (src[i] === '"') throw new Error(`stray quote at ${i}`)
    else cell += src[i++]
  }
  if (cell !== '' || row.length) throw new Error('last row does not end with CRLF')
  return rows
}

// pdf-lib's PDFs use the 14 standard fonts; pdfjs needs their metrics to read the text.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/'

const squash = (s: string) => s.replace(/\s+/g, '')

async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; pageTexts: string[] }> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise
  const pageTexts: string[] = []
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent()
    pageTexts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '))
  }
  const pages = pdf.numPages
  await pdf.destroy()
  return { text: pageTexts.join('\n'), pages, pageTexts }
}

/** Every table of a WordprocessingML body, and each cell as its paragraphs' text (a <w:br/> read as a newline). */
function docxTableCells(xml: string): { tables: string[]; cells: string[][] } {
  const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
  const paragraphText = (p: string) =>
    decode((p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>|<w:br\/>/g) ?? []).map((r) => (r === '<w:br/>' ? '\n' : r.replace(/<[^>]+>/g, ''))).join(''))
  const cellParagraphs = (tc: string) => (tc.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map(paragraphText)
  return { tables, cells: tables.flatMap((tbl) => (tbl.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map(cellParagraphs)) }
}

describe('exports', () => {
  beforeAll(async () => {
    hostile = await hostilePlan()
  })

  it('goals.csv parses (RFC 4180) back to the goals and targets of plan.json, a quote/semicolon/newline cell intact', async () => {
    for (const [id, token] of [
      [DEMO_PLAN_ID, t.token('viewer')],
      [hostile.id, hostile.token]
    ] as const) {
      const plan = await planJson(t, id, token)
      const res = await get(t, `/api/plans/${id}/goals.csv`, token)
      expect(res.status).toBe(200)
      // Issue #15: named after the plan's title and the day.
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${exportFilename(plan.plan.title, new Date(), 'csv')}"`)
      const [header, ...rows] = rfc4180(await res.text())
      expect(header).toContain('Fokusområde')
      const col = (name: string) => header!.indexOf(name)
      const expected = plan.goals.flatMap((g) => g.targets.map((x) => [g.id, g.title, x.id, x.indicator, x.sentence]))
      expect(rows.map((r) => [r[col('Mål-id')], r[col('Mål')], r[col('Målsætning-id')], r[col('Indikator')], r[col('Sætning')]])).toEqual(expected)
      expect(rows.every((r) => r.length === header!.length)).toBe(true)
    }
    const rows = rfc4180(await (await get(t, `/api/plans/${hostile.id}/goals.csv`, hostile.token)).text())
    expect(rows.flat()).toContain(TRICKY_INDICATOR)
    expect(rows.flat()).toContain(HOSTILE_GOAL)
    expect(rows.flat()).toContain('Færre årspersoner på sygedagpenge')
  })

  it('plan.html holds every goal title and target sentence, the print CSS, and no script', async () => {
    const plan = await planJson(t, DEMO_PLAN_ID, t.token('viewer'))
    const res = await get(t, `/api/plans/${DEMO_PLAN_ID}/plan.html`, t.token('viewer'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${DEMO_PLAN_ID}.html"`)
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toMatch(/script-src/)
    const html = await res.text()
    const dom = parseDocument(html)
    expect(DomUtils.findOne((e) => e.name === 'html', dom.children)!.attribs.lang).toBe('da')
    const style = DomUtils.textContent(DomUtils.getElementsByTagName('style', dom))
    expect(style).toMatch(/@page\s*{[^}]*size: A4/)
    expect(style).toContain('thead { display: table-header-group; }')
    expect(style).toMatch(/tr, [^{]*{ break-inside: avoid/)
    const goalTables = DomUtils.findAll((e) => e.name === 'table' && e.attribs.class === 'goal-table', dom.children)
    expect(goalTables).toHaveLength(3)
    for (const table of goalTables) {
      expect(DomUtils.findAll((e) => e.name === 'th', [table]).map((th) => DomUtils.textContent(th))).toEqual([
        'Mål',
        'Handlinger',
        'Succeskriterier',
        'Opfølgning'
      ])
    }
    const rows = goalTables.flatMap((tb) => DomUtils.findAll((e) => e.name === 'tr' && 'data-goal-id' in e.attribs, [tb]))
    expect(rows.map((r) => DomUtils.textContent(DomUtils.findAll((e) => e.name === 'td', [r])[0]!))).toEqual(plan.goals.map((g) => g.title))
    const sentences = DomUtils.findAll((e) => e.attribs.class === 'target', dom.children).map((e) => DomUtils.textContent(e))
    expect(sentences).toEqual(plan.goals.flatMap((g) => g.targets.map((x) => x.sentence)))
    const followUps = DomUtils.findAll((e) => e.attribs.class === 'follow-up', dom.children).map((e) => DomUtils.textContent(e))
    expect(followUps).toContain('Opfølgning 30. september 2015: 23,5 (bagud) – Nogle lange sager er svære at flytte.')
    const figures = DomUtils.findOne((e) => e.name === 'table' && e.attribs.class === 'figures', dom.children)!
    expect(DomUtils.textContent(figures)).toContain('1248,5') // Danish: a decimal comma; four-digit numbers without a thousands dot (formatNumber)
    expect(DomUtils.getElementsByTagName('script', dom)).toHaveLength(0)
  })

  it('plan.html keeps hostile text as text and drops javascript: links', async () => {
    const res = await get(t, `/api/plans/${hostile.id}/plan.html`, hostile.token)
    expect(res.status).toBe(200)
    const html = await res.text()
    const dom = parseDocument(html)
    expect(DomUtils.getElementsByTagName('script', dom)).toHaveLength(0)
    expect(DomUtils.getElementsByTagName('img', dom)).toHaveLength(0)
    expect(DomUtils.findAll((e) => Object.keys(e.attribs).some((a) => a.startsWith('on')), dom.children)).toHaveLength(0)
    expect(DomUtils.textContent(DomUtils.getElementsByTagName('title', dom))).toBe(HOSTILE_TITLE)
    expect(DomUtils.textContent(DomUtils.getElementsByTagName('h1', dom))).toBe(HOSTILE_TITLE)
    expect(DomUtils.textContent(dom)).toContain(HOSTILE_GOAL)
    const links = DomUtils.getElementsByTagName('a', dom)
    expect(links.map((a) => [a.attribs.href, DomUtils.textContent(a)])).toEqual([['https://star.dk/', 'godt link']])
    expect(DomUtils.textContent(dom)).toContain('farligt link og godt link')
    expect(html).not.toMatch(/javascript:/i)
  })

  it('plan.docx is a Word file with every goal as a table row, targets as sentences, Danish intact, and the plan JSON embedded', async () => {
    for (const [id, token] of [
      [DEMO_PLAN_ID, t.token('viewer')],
      [hostile.id, hostile.token]
    ] as const) {
      const plan = await planJson(t, id, token)
      const res = await get(t, `/api/plans/${id}/plan.docx`, token)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      // Issue #15: named after the plan's title and the day.
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${exportFilename(plan.plan.title, new Date(), 'docx')}"`)
      const bytes = new Uint8Array(await res.arrayBuffer())
      // A declared length is what lets the export menu show a percentage.
      expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength)
      expect(strFromU8(bytes.slice(0, 2))).toBe('PK')
      const files = unzipSync(bytes)
      const xml = strFromU8(files['word/document.xml']!)
      // XML 1.0 cannot hold C0 controls: Word refuses a file that has one.
      for (const [name, data] of Object.entries(files))
        if (name.endsWith('.xml')) expect(strFromU8(data), name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
      const { tables, cells } = docxTableCells(xml)
      const goalTables = tables.filter((tb) => tb.includes('<w:tblHeader/>') && tb.includes('>Succeskriterier<'))
      expect(goalTables).toHaveLength(3)
      const cellTexts = cells.map((c) => c.join('\n'))
      for (const g of plan.goals) expect(cellTexts).toContain(g.title)
      for (const g of plan.goals) {
        // The Succeskriterier cell: the free-text criteria and each target sentence as its own paragraph.
        const criteria = [...g.successCriteria, ...g.targets.map((x) => x.sentence)]
        expect(
          cells.some((c) => criteria.every((line) => c.includes(line))),
          g.title
        ).toBe(true)
      }
      expect(cellTexts).toContain('Færre årspersoner på sygedagpenge')
      expect(cellTexts).toContain('1248,5')
      // The embedded plan: ids for a re-import.
      const parts = Object.keys(files)
        .filter((f) => /^customXml\/[^/]+\.xml$/.test(f))
        .map((f) => readPlanPart(strFromU8(files[f]!)))
        .filter((p) => p !== null)
      expect(parts).toHaveLength(1)
      expect(parts[0]!.goals.map((g) => [g.id, g.title, g.targets.map((x) => [x.id, x.sentence])])).toEqual(
        plan.goals.map((g) => [g.id, g.title, g.targets.map((x) => [x.id, x.sentence])])
      )
      expect(strFromU8(files['docProps/custom.xml']!)).toContain(id)
      // A third-party reader opens it and finds the words.
      const text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value
      expect(text).toContain(plan.plan.title)
      for (const g of plan.goals) expect(text).toContain(g.title)
      // A control character XML cannot hold is replaced visibly, not left to break the file.
      if (id === hostile.id) expect(text).toContain('kontroltegn\uFFFDher')
    }
  })

  it('plan.docx re-imports (POST /api/imports) to the same goals and targets; the embedded plan gives their ids back', async () => {
    const admin = t.token('admin', { plan: '*' })
    const plan = await planJson(t, DEMO_PLAN_ID, admin)
    const docx = new Uint8Array(await (await get(t, `/api/plans/${DEMO_PLAN_ID}/plan.docx`, admin)).arrayBuffer())
    const res = await fetch(`${t.httpUrl}/api/imports?filename=plan.docx&create=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: docx
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { plan: { id: string } }
    const back = await planJson(t, created.plan.id, admin)
    expect(back.plan.title).toBe(plan.plan.title)
    const shape = (p: PlanExport) =>
      p.goals.map((g) => ({
        title: g.title,
        targets: g.targets.map((x) => ({
          kind: x.kind,
          indicator: x.indicator,
          targetGroup: x.targetGroup,
          unit: x.unit,
          baseline: x.baseline && (x.baseline.value !== null || x.baseline.period !== null) ? x.baseline : null,
          target: x.target,
          per: x.per,
          done: x.done,
          sentence: x.sentence
        }))
      }))
    expect(shape(back)).toEqual(shape(plan))
    // Ids are not in Word's text; the embedded part maps each goal (by title) and target (by sentence) back to them.
    const files = unzipSync(docx)
    const embedded = Object.keys(files)
      .filter((f) => f.startsWith('customXml/'))
      .map((f) => readPlanPart(strFromU8(files[f]!)))
      .find((p) => p !== null)!
    const goalIdByTitle = new Map(embedded.goals.map((g) => [g.title, g.id]))
    const targetIdBySentence = new Map(embedded.goals.flatMap((g) => g.targets.map((x) => [x.sentence, x.id])))
    expect(back.goals.map((g) => goalIdByTitle.get(g.title))).toEqual(plan.goals.map((g) => g.id))
    expect(back.goals.flatMap((g) => g.targets.map((x) => targetIdBySentence.get(x.sentence)))).toEqual(plan.goals.flatMap((g) => g.targets.map((x) => x.id)))
  })

  it('plan.pdf through Chromium holds the title and every goal title', async () => {
    const plan = await planJson(t, DEMO_PLAN_ID, t.token('viewer'))
    const res = await get(t, `/api/plans/${DEMO_PLAN_ID}/plan.pdf`, t.token('viewer'))
    expect(res.status).toBe(200)
    expect(res.headers.get('x-pdf-renderer')).toBe('chromium')
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${exportFilename('Beskæftigelsesplan 2019', new Date(), 'pdf')}"`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(Number(res.headers.get('content-length'))).toBe(bytes.byteLength)
    expect(strFromU8(bytes.slice(0, 5))).toBe('%PDF-')
    const { text, pages } = await pdfText(bytes)
    expect(pages).toBeGreaterThan(1)
    expect(squash(text)).toContain(squash(plan.plan.title))
    for (const g of plan.goals) expect(squash(text)).toContain(squash(g.title))
    expect(squash(text)).toContain(squash(plan.goals[0]!.targets[0]!.sentence))
    expect(squash(text)).toContain(squash(`Side 1 af ${pages}`))
  }, 60_000) // the first PDF launches Chromium

  it('plan.pdf through Chromium repeats the goal table header on every page a long table spans', async () => {
    const id = 'lang-maaltabel'
    const goals = Array.from({ length: 40 }, (_, i) => ({
      title: `Mål nummer ${i + 1}`,
      actions: ['Tidlig indsats', 'Tæt opfølgning'],
      criteria: ['Flere kommer i job eller uddannelse.']
    }))
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, {
      meta: { id, title: 'Lang tabel', municipality: '', period: '2020', status: 'draft' },
      doc: buildDoc([buildFocusArea({ title: 'Ét fokusområde', goals })])
    })
    await t.server.store.createPlan({ id, title: 'Lang tabel', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
    const res = await get(t, `/api/plans/${id}/plan.pdf`, t.token('viewer', { plan: id }))
    expect(res.headers.get('x-pdf-renderer')).toBe('chromium')
    const { pageTexts } = await pdfText(new Uint8Array(await res.arrayBuffer()))
    expect(pageTexts.length).toBeGreaterThan(2)
    for (const page of pageTexts) expect(squash(page)).toContain('MålHandlingerSucceskriterierOpfølgning')
    expect(squash(pageTexts.join(''))).toContain('Målnummer40')
  }, 60_000)

  it('plan.pdf with the pdf-lib fallback forced holds the title, every goal title and target sentence', async () => {
    const plan = await planJson(plain, DEMO_PLAN_ID, plain.token('viewer'))
    const res = await get(plain, `/api/plans/${DEMO_PLAN_ID}/plan.pdf`, plain.token('viewer'))
    expect(res.status).toBe(200)
    expect(res.headers.get('x-pdf-renderer')).toBe('pdf-lib')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(strFromU8(bytes.slice(0, 5))).toBe('%PDF-')
    const { text } = await pdfText(bytes)
    expect(squash(text)).toContain(squash(plan.plan.title))
    for (const g of plan.goals) expect(squash(text)).toContain(squash(g.title))
    for (const x of plan.goals.flatMap((g) => g.targets)) expect(squash(text)).toContain(squash(x.sentence))
    expect(text).toContain('Ledighedsydelse, fleksjob og faglig kvalitet')
  })

  it('without Chromium at its path, auto falls back to pdf-lib; characters WinAnsi lacks are replaced visibly', async () => {
    const exporter = new PdfExporter({ ...DEFAULT_PDF_OPTIONS, chromiumPath: '/nonexistent/chromium' })
    const { meta, doc } = demoPlan()
    const out = await exporter.render(doc, { ...meta, title: 'Mål ≤ 5 % – “Ærø” 🎯' })
    await exporter.close()
    expect(out.renderer).toBe('pdf-lib')
    const { text } = await pdfText(out.bytes)
    expect(text).toContain('Mål <= 5 % – “Ærø” ?')
  })

  it('at most two Chromium renders run at once; beyond the queue an export is refused as busy', async () => {
    const { meta, doc } = demoPlan()
    const exporter = new PdfExporter({ ...DEFAULT_PDF_OPTIONS, renderer: 'chromium' })
    const outs = await Promise.all(Array.from({ length: 3 }, () => exporter.render(doc, meta)))
    expect(outs.map((o) => [o.renderer, strFromU8(o.bytes.slice(0, 5))])).toEqual(Array(3).fill(['chromium', '%PDF-']))
    expect(exporter.peakConcurrency).toBe(2)
    await exporter.close()

    const tight = new PdfExporter({ ...DEFAULT_PDF_OPTIONS, renderer: 'pdf-lib', concurrency: 1, maxQueued: 1 })
    const results = await Promise.allSettled([tight.render(doc, meta), tight.render(doc, meta), tight.render(doc, meta)])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected'])
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(PdfBusyError)
  }, 90_000) // launches its own Chromium; slow when the 2 cores are shared

  it('a render that fails (here: times out) answers 500 export-failed saying why; the server carries on', async () => {
    const slow = await startTestServer({ pdf: { ...DEFAULT_PDF_OPTIONS, renderer: 'chromium', timeoutMs: 1 } })
    try {
      const res = await get(slow, `/api/plans/${DEMO_PLAN_ID}/plan.pdf`, slow.token('viewer'))
      expect(res.status).toBe(500)
      expect(await errorOf(res)).toEqual({ code: 'export-failed', params: { format: 'pdf', reason: expect.stringMatching(/1 ?ms/) } })
      expect((await get(slow, `/api/plans/${DEMO_PLAN_ID}/plan.html`, slow.token('viewer'))).status).toBe(200)
      expect((await get(slow, `/api/plans/${DEMO_PLAN_ID}/plan.docx`, slow.token('viewer'))).status).toBe(200)
    } finally {
      await slow.stop()
      removeDir(slow.dataDir)
    }
  }, 60_000)

  it('the hostile plan exports to PDF with its title as text', async () => {
    const res = await get(t, `/api/plans/${hostile.id}/plan.pdf`, hostile.token)
    expect(res.status).toBe(200)
    const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()))
    expect(squash(text)).toContain(squash(HOSTILE_TITLE))
    expect(squash(text)).toContain(squash(HOSTILE_GOAL))
  })

  it('a viewer may export every format; a token for another plan gets 403, an unknown plan 404, no token 401', async () => {
    for (const ext of ['html', 'docx', 'pdf', 'json', 'md']) {
      expect((await get(t, `/api/plans/${DEMO_PLAN_ID}/plan.${ext}`, t.token('viewer'))).status).toBe(200)
      expect((await get(t, `/api/plans/${DEMO_PLAN_ID}/plan.${ext}`, hostile.token)).status).toBe(403)
      expect((await get(t, `/api/plans/no-such-plan/plan.${ext}`, t.token('admin', { plan: '*' }))).status).toBe(404)
      expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.${ext}`)).status).toBe(401)
    }
  })
})
