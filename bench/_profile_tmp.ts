import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { demoMeta, seedPlanDoc } from '../schema'
import { startServer } from '../server'
import { launchBrowser } from '../test/e2e/browser'
import { bigPlanDoc } from './lib/big-plan'
const dataDir = mkdtempSync(join(tmpdir(), 'bench-prof-'))
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir })
const ydoc = new Y.Doc()
seedPlanDoc(ydoc, { meta: { ...demoMeta('big-plan'), title: 'x' }, doc: bigPlanDoc(15, 10, 30) })
server.store.createPlan({ id: 'big-plan', title: 'Stor plan', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
const token = server.mintToken({ plan: 'big-plan', role: 'editor', name: 'Bench', group: 'administration' })
const browser = await launchBrowser()
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
const page = await context.newPage()
await page.goto(`http://127.0.0.1:${server.port}/plan/big-plan?token=${token}`)
await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
const p = page.locator('.goal-cell[data-column="title"] p').nth(3)
await p.scrollIntoViewIfNeeded(); await p.click()
const cdp = await context.newCDPSession(page)
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start')
for (const ch of 'Skriver løbende i en stor plan ') { await page.keyboard.type(ch); await page.waitForTimeout(40) }
const { profile } = await cdp.send('Profiler.stop') as any
const self = new Map<string, number>()
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]))
const dt = profile.timeDeltas as number[]
profile.samples.forEach((id: number, i: number) => { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)) })
const top = [...self.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 25)
for (const [k, v] of top) console.log((v / 1000).toFixed(1).padStart(8), 'ms', k)
// inclusive time per function
const parent = new Map<number, number>(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const incl = new Map<string, number>()
profile.samples.forEach((id: number, i: number) => { const seen = new Set<string>(); let cur: number | undefined = id; while (cur !== undefined) { const n = byId.get(cur); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (dt[i] ?? 0)) } cur = parent.get(cur) } })
console.log('--- inclusive')
for (const [k, v] of [...incl.entries()].filter(([k]) => !k.includes('(root)') && !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((v / 1000).toFixed(1).padStart(8), 'ms', k)
await browser.close(); await server.close(); process.exit(0)
