// Where a keystroke's time goes in the browser (issue #17): types 30
// characters into a goal title of a plan in real Chromium, once under the CDP
// Profiler (JS samples every 0.1 ms: inclusive time per function) and once
// under Tracing (the renderer main thread's top-level tasks: script, style,
// layout, paint). The client is built unminified so functions keep names.
// Run: npx tsx bench/profiling/keystroke-profile.ts [plan-200|demo] [out-dir]
// or, to summarise a saved profile again: npx tsx bench/profiling/keystroke-profile.ts <file.cpuprofile>
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { timePerFunction, type CpuProfile } from './cpu-profile'
import { planInBrowser } from './plan-in-browser'

const which = process.argv[2] ?? 'plan-200'
const text = 'Skriver løbende i en stor plan '
if (which.endsWith('.cpuprofile')) {
  summariseProfile(JSON.parse(readFileSync(which, 'utf8')) as CpuProfile)
  process.exit(0)
}
const outDir = process.argv[3] ?? tmpdir()
const { browser, url: link, close } = await planInBrowser(which)
const url = link()

async function openAndFocus(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
  const p = page.locator('.goal-cell[data-column="title"] p').nth(3)
  await p.scrollIntoViewIfNeeded()
  await p.click()
  // An experiment to compare, e.g. EVAL="document.querySelector('.ProseMirror').spellcheck = false".
  if (process.env.EVAL) await page.evaluate(process.env.EVAL)
  // Let the open's own work (problems, outline, IndexedDB) settle first.
  await page.waitForTimeout(1500)
  return page
}
async function type(page: Page): Promise<void> {
  for (const ch of text) {
    await page.keyboard.type(ch)
    await page.waitForTimeout(40)
  }
  await page.waitForTimeout(600)
}

// 1. CPU profile: inclusive time per function, per keystroke.
if (!process.env.TRACE_ONLY) {
  const page = await openAndFocus()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  await type(page)
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
  writeFileSync(join(outDir, `keystroke-${which}.cpuprofile`), JSON.stringify(profile))
  summariseProfile(profile)
  await page.context().close()
}

// 2. Trace: the main thread's top-level work by kind, per keystroke.
{
  const page = await openAndFocus()
  const cdp = await page.context().newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.start', {
    categories: process.env.CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,v8',
    transferMode: 'ReportEvents'
  })
  await type(page)
  await cdp.send('Tracing.end')
  await done
  writeFileSync(join(outDir, `keystroke-${which}.trace.json`), JSON.stringify({ traceEvents: events }))
  summariseTrace(events)
  await page.context().close()
}

await close()
process.exit(0)

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { type?: string; functionName?: string } }
}

function summariseProfile(profile: CpuProfile): void {
  const { busy, inclusive, self } = timePerFunction(profile, ['(idle)', '(program)'])
  const per = (us: number) => `${(us / 1000 / text.length).toFixed(2)} ms`
  console.log(`\n${which}: JS + GC busy ${per(busy)} per keystroke (${text.length} keystrokes)`)
  // The parts this project can change, inclusive (a function counts with what it calls).
  const parts: Array<[string, RegExp]> = [
    ['ProseMirror reads the DOM change and updates the view (the keystroke script; the next five inside it)', /^DOMObserver\.observer /],
    ['  plugin views (y-prosemirror write, target pickers, outline, problems)', /^updatePluginViews /],
    ['  Yjs update listeners run in it', /^emit lang/],
    ['  follow-up target pickers', /^(cachedTargetChoices|targetChoices) /],
    ['  outline', /^updateOutline /],
    ['  scroll to the selection (forces layout)', /^scrollToSelection /],
    ['IndexedDB store (wherever it runs)', /^IndexeddbPersistence\._storeUpdate /],
    ['socket send (wherever it runs)', /^WebsocketProvider\._updateHandler /],
    ['journal append', /^append index/],
    ['I/O deferred to after the paint', /^once index/],
    ['problems list (extractPlan, throttled)', /^problemItems /],
    ['Svelte effects', /^run_micro_tasks /],
    ['socket messages received (echo, acknowledgement)', /^websocket\.onmessage /],
    ['garbage collection', /^\(garbage collector\)/]
  ]
  for (const [label, re] of parts) {
    let sum = 0
    for (const [k, v] of inclusive) if (re.test(k)) sum = Math.max(sum, v)
    console.log(`  ${per(sum).padStart(9)}  ${label}`)
  }
  console.log('inclusive, per keystroke:')
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${per(v).padStart(9)}  ${k}`)
  console.log('self, per keystroke:')
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${per(v).padStart(9)}  ${k}`)
}

function summariseTrace(events: TraceEvent[]): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  if (!main) throw new Error('no CrRendererMain thread in the trace')
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
  // Sum by kind over the slices nested directly in a RunTask (the task's parts), and the tasks themselves.
  const tasks = onMain.filter((e) => e.name === 'RunTask')
  const parts = new Map<string, number>()
  let taskTotal = 0
  for (const task of tasks) {
    taskTotal += task.dur!
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.name !== 'RunTask')
    // Only outermost slices inside the task.
    const outer = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!))
    for (const e of outer) {
      const kind = e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type ?? ''}` : e.name
      parts.set(kind, (parts.get(kind) ?? 0) + e.dur!)
    }
  }
  const per = (us: number) => `${(us / 1000 / text.length).toFixed(2)} ms`
  console.log(`\n${which}: main thread tasks ${per(taskTotal)} per keystroke; their outermost parts:`)
  for (const [k, v] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${per(v).padStart(9)}  ${k}`)
  // Rendering, however nested.
  const render = new Map<string, number>()
  for (const e of onMain)
    if (
      /^(UpdateLayoutTree|Layout|PrePaint|Paint|Layerize|Commit|UpdateLayer|HitTest|ParseHTML|IntersectionObserverController::computeIntersections)$/.test(
        e.name
      )
    )
      render.set(e.name, (render.get(e.name) ?? 0) + e.dur!)
  console.log('rendering slices (however nested), per keystroke:')
  for (const [k, v] of [...render].sort((a, b) => b[1] - a[1])) console.log(`  ${per(v).padStart(9)}  ${k}`)
}
