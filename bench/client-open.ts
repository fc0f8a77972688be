// Opening a large plan in real Chromium: time from navigation to an editable
// editor, and keystroke-to-paint while typing in it (performance marks in the
// page), for a ≈ 200-page plan (30 focus areas × 10 goals with targets, 900
// paragraphs), a ≈ 100-page one (15 × 10) and the demo plan. Before the
// browser, the server side: time for a new client's sync of the cold 200-page
// room (loaded from SQLite on demand) and of the same room warm.
// Run: npx tsx bench/client-open.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { demoMeta } from '../schema/build'
import { seedPlanDoc } from '../schema'
import { startServer } from '../server'
import { launchBrowser } from '../testkit/chromium'
import { bigPlanDoc } from '../testkit/big-plan'
import { LightClient } from './lib/light-client'
import { percentile, report } from './lib/report'
import { syncUrlOf } from './lib/sync-url'

await build({ configFile: 'vite.config.ts', logLevel: 'warn' })
const dataDir = mkdtempSync(join(tmpdir(), 'bench-open-'))
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir })
const plans = [
  { id: 'plan-200', title: 'Stor plan (≈ 200 sider)', doc: bigPlanDoc(30, 10, 30) },
  { id: 'plan-100', title: 'Stor plan (≈ 100 sider)', doc: bigPlanDoc(15, 10, 30) }
]
for (const plan of plans) {
  const ydoc = new Y.Doc()
  seedPlanDoc(ydoc, { meta: { ...demoMeta(plan.id), title: plan.title }, doc: plan.doc })
  await server.store.createPlan({ id: plan.id, title: plan.title, createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
}
const urlOf = (id: string) =>
  `http://127.0.0.1:${server.port}/plan/${id}?token=${server.mintTokenNow({ plan: id, role: 'editor', name: 'Bench', group: 'administration' })}`

/** Milliseconds from opening a socket to holding the room's whole state (sync step 2). */
async function syncTime(id: string): Promise<number> {
  const token = server.mintTokenNow({ plan: id, role: 'viewer', name: 'Bench', group: 'council' })
  const client = new LightClient(syncUrlOf(`ws://127.0.0.1:${server.port}/sync`, id, token), { kind: 'y-websocket' }, new Y.Doc(), () => {})
  const t0 = performance.now()
  await client.connect()
  const ms = performance.now() - t0
  client.close()
  return ms
}
const coldSync = await syncTime('plan-200')
const warmSyncs: number[] = []
for (let i = 0; i < 5; i++) warmSyncs.push(await syncTime('plan-200'))

const browser = await launchBrowser()

/** Opens per plan (OPENS, 3 by default): the first of the 200-page plan also loads its room cold on the server. */
const OPENS = Number(process.env.OPENS ?? 3)

/** Open a plan OPENS times in fresh contexts; type 30 characters each time, then open it again in the same context. */
async function measure(
  planUrl: string
): Promise<{ opens: number[]; reopens: number[]; keys: number[]; works: number[]; scripts: number[]; renders: number[] }> {
  const opens: number[] = []
  const reopens: number[] = []
  const keys: number[] = []
  const works: number[] = []
  const scripts: number[] = []
  const renders: number[] = []
  for (let run = 0; run < OPENS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    const t0 = Date.now()
    await page.goto(planUrl)
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
    opens.push(Date.now() - t0)
    const p = page.locator('.goal-cell[data-column="title"] p').nth(3)
    await p.scrollIntoViewIfNeeded()
    await p.click()
    // Three measures per keystroke: keydown → the frame after its DOM change
    // is painted (includes waiting for that frame: 0–16.7 ms wherever the key
    // falls in the frame), and the work in it: script (keydown → the DOM
    // change's microtask, after every synchronous handler) and rendering
    // (that frame's start → after its paint). Work under 16 ms fits a frame.
    await page.evaluate(() => {
      const editor = document.querySelector('.ProseMirror')!
      let n = 0
      editor.addEventListener('keydown', () => performance.mark(`key-${++n}`), true)
      new MutationObserver(() => {
        const name = `key-${n}`
        if (performance.getEntriesByName(`${name}-script`).length) return
        performance.mark(`${name}-script`)
        performance.measure(`script-${n}`, name, `${name}-script`)
        requestAnimationFrame(() => {
          performance.mark(`${name}-frame`)
          setTimeout(() => {
            performance.mark(`${name}-paint`)
            performance.measure(`keystroke-${n}`, name, `${name}-paint`)
            performance.measure(`render-${n}`, `${name}-frame`, `${name}-paint`)
          })
        })
      }).observe(editor, { subtree: true, characterData: true, childList: true })
    })
    for (const ch of 'Skriver løbende i en stor plan ') {
      await page.keyboard.type(ch)
      await page.waitForTimeout(40)
    }
    await page.waitForTimeout(300)
    const measures = await page.evaluate(() => performance.getEntriesByType('measure').map((m) => [m.name, m.duration] as const))
    const of = (kind: string) => new Map(measures.filter(([name]) => name.startsWith(`${kind}-`)).map(([name, d]) => [name.slice(kind.length + 1), d]))
    const [paint, script, render] = [of('keystroke'), of('script'), of('render')]
    for (const [key, d] of paint) {
      keys.push(d)
      works.push((script.get(key) ?? 0) + (render.get(key) ?? 0))
      scripts.push(script.get(key) ?? 0)
      renders.push(render.get(key) ?? 0)
    }
    // Opened again in the same browser profile, as a returning person does:
    // the plan loads from IndexedDB first and the server sends only what is new.
    await page.waitForTimeout(500)
    const t1 = Date.now()
    await page.goto(planUrl)
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
    reopens.push(Date.now() - t1)
    await context.close()
  }
  return { opens, reopens, keys, works, scripts, renders }
}

const measured = []
for (const plan of plans) measured.push({ plan, ...(await measure(urlOf(plan.id))) })
const demo = await measure(urlOf('demo-beskaeftigelsesplan'))
await browser.close()
await server.close()
rmSync(dataDir, { recursive: true, force: true })

const textblocks = (doc: PMNode) => {
  let blocks = 0
  doc.descendants((n) => {
    if (n.isTextblock) blocks++
    return true
  })
  return blocks
}
const goals = (doc: PMNode) => {
  let n = 0
  doc.descendants((node) => {
    if (node.type.name === 'goal') n++
    return true
  })
  return n
}
report(
  'client-open',
  [
    ...measured.map(({ plan, opens, reopens, keys, works, scripts, renders }) => ({
      plan: plan.title,
      textblocks: textblocks(plan.doc),
      goals: goals(plan.doc),
      characters: plan.doc.textContent.length,
      'open → editable ms (median)': percentile(opens, 50),
      opens: opens.join(' '),
      'reopen → editable ms (median)': percentile(reopens, 50),
      'keystroke → paint p50 ms': +percentile(keys, 50).toFixed(1),
      'keystroke → paint p95 ms': +percentile(keys, 95).toFixed(1),
      'work per keystroke p50 ms': +percentile(works, 50).toFixed(1),
      'work per keystroke p95 ms': +percentile(works, 95).toFixed(1),
      'script p50 ms': +percentile(scripts, 50).toFixed(1),
      'rendering p50 ms': +percentile(renders, 50).toFixed(1),
      keystrokes: keys.length
    })),
    {
      plan: 'Demoplan (≈ 5 sider)',
      textblocks: '',
      goals: '',
      characters: '',
      'open → editable ms (median)': percentile(demo.opens, 50),
      opens: demo.opens.join(' '),
      'reopen → editable ms (median)': percentile(demo.reopens, 50),
      'keystroke → paint p50 ms': +percentile(demo.keys, 50).toFixed(1),
      'keystroke → paint p95 ms': +percentile(demo.keys, 95).toFixed(1),
      'work per keystroke p50 ms': +percentile(demo.works, 50).toFixed(1),
      'work per keystroke p95 ms': +percentile(demo.works, 95).toFixed(1),
      'script p50 ms': +percentile(demo.scripts, 50).toFixed(1),
      'rendering p50 ms': +percentile(demo.renders, 50).toFixed(1),
      keystrokes: demo.keys.length
    }
  ],
  { serverSync200: { coldMs: +coldSync.toFixed(1), warmMedianMs: +percentile(warmSyncs, 50).toFixed(1) } }
)
console.log(`server: new client's sync of the 200-page room: cold ${coldSync.toFixed(1)} ms, warm ${percentile(warmSyncs, 50).toFixed(1)} ms (median of 5)`)
process.exit(0)
