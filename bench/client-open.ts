// Opening a large plan in real Chromium: time from navigation to an editable
// editor, and keystroke-to-paint while typing in it (performance marks in the
// page). The plan is ≈ 100 pages: 15 focus areas × 10 goals, 450 paragraphs.
// Run: npx tsx bench/client-open.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import * as Y from 'yjs'
import { demoMeta, seedPlanDoc } from '../schema'
import { startServer } from '../server'
import { launchBrowser } from '../test/e2e/browser'
import { bigPlanDoc } from './lib/big-plan'
import { percentile, report } from './lib/report'

await build({ configFile: 'vite.config.ts', logLevel: 'warn' })
const dataDir = mkdtempSync(join(tmpdir(), 'bench-open-'))
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir })
const doc = bigPlanDoc(15, 10, 30)
const ydoc = new Y.Doc()
seedPlanDoc(ydoc, { meta: { ...demoMeta('big-plan'), title: 'Stor plan (≈ 100 sider)' }, doc })
server.store.createPlan({ id: 'big-plan', title: 'Stor plan', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
const token = server.mintToken({ plan: 'big-plan', role: 'editor', name: 'Bench', group: 'administration' })
const url = `http://127.0.0.1:${server.port}/plan/big-plan?token=${token}`

const browser = await launchBrowser()

/** Open a plan three times in fresh contexts; type 30 characters each time. */
async function measure(planUrl: string): Promise<{ opens: number[]; keys: number[] }> {
  const opens: number[] = []
  const keys: number[] = []
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    const t0 = Date.now()
    await page.goto(planUrl)
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
    opens.push(Date.now() - t0)
    const p = page.locator('.goal-cell[data-column="title"] p').nth(3)
    await p.scrollIntoViewIfNeeded()
    await p.click()
    await page.evaluate(() => {
      const editor = document.querySelector('.ProseMirror')!
      let n = 0
      editor.addEventListener('keydown', () => performance.mark(`key-${++n}`), true)
      new MutationObserver(() => {
        const name = `key-${n}`
        if (performance.getEntriesByName(`${name}-paint`).length) return
        requestAnimationFrame(() => setTimeout(() => {
          performance.mark(`${name}-paint`)
          performance.measure(`keystroke-${n}`, name, `${name}-paint`)
        }))
      }).observe(editor, { subtree: true, characterData: true, childList: true })
    })
    for (const ch of 'Skriver løbende i en stor plan ') {
      await page.keyboard.type(ch)
      await page.waitForTimeout(40)
    }
    await page.waitForTimeout(300)
    keys.push(...(await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('keystroke-')).map((m) => m.duration))))
    await context.close()
  }
  return { opens, keys }
}

const big = await measure(url)
const small = await measure(`http://127.0.0.1:${server.port}/plan/demo-beskaeftigelsesplan?token=${server.mintToken({ plan: 'demo-beskaeftigelsesplan', role: 'editor', name: 'Bench', group: 'administration' })}`)
const { opens, keys } = big
await browser.close()
await server.close()
rmSync(dataDir, { recursive: true, force: true })

let blocks = 0
doc.descendants((n) => { if (n.isTextblock) blocks++; return true })
report('client-open', [
  { measure: 'plan: textblocks', value: blocks },
  { measure: 'plan: characters', value: doc.textContent.length },
  { measure: 'open → editable, ms (median of 3, cold browser storage)', value: percentile(opens, 50) },
  { measure: 'keystroke → paint, ms p50', value: +percentile(keys, 50).toFixed(1) },
  { measure: 'keystroke → paint, ms p95', value: +percentile(keys, 95).toFixed(1) },
  { measure: 'keystrokes measured', value: keys.length },
  { measure: 'demo plan (≈ 5 pages): open → editable, ms', value: percentile(small.opens, 50) },
  { measure: 'demo plan: keystroke → paint, ms p50', value: +percentile(small.keys, 50).toFixed(1) },
  { measure: 'demo plan: keystroke → paint, ms p95', value: +percentile(small.keys, 95).toFixed(1) }
])
process.exit(0)
