// Export timings over HTTP against the real server: plan.html, plan.docx,
// plan.pdf (Chromium, and pdf-lib forced) for the demo plan and the big plan
// (≈ 200 pages, 300 goals; testkit/big-plan.ts). Medians of RUNS after one
// warm-up request (the first PDF also launches Chromium; it is reported apart).
// Run: npx tsx bench/exports.ts   (RUNS=3 by default)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import * as Y from 'yjs'
import { DEMO_PLAN_ID, demoMeta } from '../schema/build'
import { seedPlanDoc } from '../schema'
import { DEFAULT_OPTIONS, startServer, type RunningServer } from '../server'
import { bigPlanDoc } from '../testkit/big-plan'
import { percentile, report, type Rows } from './lib/report'

const RUNS = Number(process.env.RUNS ?? 3)
const BIG = 'big-plan'

async function serve(renderer: 'chromium' | 'pdf-lib'): Promise<{ server: RunningServer; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'faellesplan-bench-exports-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, pdf: { ...DEFAULT_OPTIONS.pdf, renderer, timeoutMs: 300_000 } })
  const ydoc = new Y.Doc()
  seedPlanDoc(ydoc, { meta: demoMeta(BIG), doc: bigPlanDoc() })
  await server.store.createPlan({ id: BIG, title: 'Stor plan', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
  return { server, dir }
}

async function fetchTimed(server: RunningServer, path: string): Promise<{ ms: number; bytes: Uint8Array }> {
  const token = server.mintTokenNow({ plan: '*', role: 'admin', name: 'bench', group: 'administration', days: 1 })
  const t0 = performance.now()
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await res.arrayBuffer())
  const ms = performance.now() - t0
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${new TextDecoder().decode(bytes)}`)
  return { ms, bytes }
}

const rows: Rows = []
for (const renderer of ['chromium', 'pdf-lib'] as const) {
  const { server, dir } = await serve(renderer)
  const formats = renderer === 'chromium' ? ['html', 'docx', 'pdf'] : ['pdf']
  for (const plan of [DEMO_PLAN_ID, BIG]) {
    for (const ext of formats) {
      const path = `/api/plans/${plan}/plan.${ext}`
      const first = await fetchTimed(server, path)
      const times: number[] = []
      let bytes = first.bytes
      for (let i = 0; i < RUNS; i++) {
        const r = await fetchTimed(server, path)
        times.push(r.ms)
        bytes = r.bytes
      }
      const pages = ext === 'pdf' ? (await PDFDocument.load(bytes)).getPageCount() : ''
      rows.push({
        plan: plan === BIG ? 'big (300 goals)' : 'demo',
        export: ext === 'pdf' ? `pdf (${renderer})` : ext,
        'first ms': Math.round(first.ms),
        'median ms': Math.round(percentile(times, 50)),
        KB: Math.round(bytes.byteLength / 1024),
        pages
      })
      console.log(rows.at(-1))
    }
  }
  await server.close()
  rmSync(dir, { recursive: true, force: true })
}
report('exports', rows, { runs: RUNS })
