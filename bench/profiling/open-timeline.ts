// Where opening a plan's time goes in the browser (issue #17): opens a plan in
// real Chromium under a CDP trace, from navigation to the editor being
// editable, and prints a timeline (requests, sockets, the main thread's long
// tasks and what ran in them) and the main thread's busy time by kind.
// The client is built unminified so functions keep names.
// Run: LOG_LEVEL=warn npx tsx bench/profiling/open-timeline.ts [plan-200|demo] [runs]
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { timePerFunction, type CpuProfile } from './cpu-profile'
import { planInBrowser } from './plan-in-browser'

const which = process.argv[2] ?? 'demo'
const runs = Number(process.argv[3] ?? 3)
const { browser, url, close } = await planInBrowser(which, { minify: process.env.MINIFY === '1' })

interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> }
}

for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,blink.user_timing,loading,netlog',
    transferMode: 'ReportEvents'
  })
  if (process.env.PROFILE) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  const t0 = Date.now()
  await page.goto(url())
  await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
  const open = Date.now() - t0
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.startTime.toFixed(0)} ms ${m.name}`))
  if (marks.length) console.log(`page marks (from the page's time origin): ${marks.join(', ')}`)
  if (process.env.PROFILE) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
    const file = join(tmpdir(), `open-${which}-${run}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    summariseProfile(profile)
  }
  await cdp.send('Tracing.end')
  await done
  summarise(events, open)
  await context.close()
}
await close()
process.exit(0)

function summarise(events: TraceEvent[], open: number): void {
  const mainThread = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'EvaluateScript')
  )
  if (!mainThread) throw new Error('no renderer main thread with script in the trace')
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === mainThread.pid) ?? events.find((e) => e.name === 'ResourceSendRequest')!
  const at = (ts: number) => `${((ts - nav.ts) / 1000).toFixed(0).padStart(5)} ms`
  console.log(`\n${which}: open → editable ${open} ms (wall, Playwright)`)
  const lines: Array<[number, string]> = []
  const sent = new Map<string, { ts: number; url: string }>()
  for (const e of events) {
    const d = (e.args?.data ?? {}) as Record<string, unknown>
    if (e.name === 'ResourceSendRequest')
      sent.set(String(d.requestId), {
        ts: e.ts,
        url: String(d.url)
          .replace(/^https?:\/\/[^/]+/, '')
          .replace(/token=[^&]+/, 'token=…')
      })
    if (e.name === 'ResourceFinish') {
      const s = sent.get(String(d.requestId))
      if (s) lines.push([s.ts, `request ${s.url.slice(0, 70)} → finished at ${at(e.ts)}`])
    }
    if (e.name === 'WebSocketCreate')
      lines.push([
        e.ts,
        `WebSocket created ${String(d.url)
          .replace(/^wss?:\/\/[^/]+/, '')
          .replace(/token=[^&]+/, 'token=…')
          .slice(0, 60)}`
      ])
    if (e.name === 'WebSocketReceiveHandshakeResponse') lines.push([e.ts, `WebSocket open (${String(d.identifier)})`])
    if (e.name === 'firstContentfulPaint') lines.push([e.ts, 'first contentful paint'])
    if (e.ph === 'R' && e.cat.includes('blink.user_timing')) lines.push([e.ts, `mark ${e.name}`])
  }
  const onMain = events.filter((e) => e.pid === mainThread.pid && e.tid === mainThread.tid && e.ph === 'X' && e.dur !== undefined)
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 15_000)
  for (const task of tasks) {
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.name !== 'RunTask')
    const outer = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!))
    const what = outer
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 3)
      .map((e) => {
        const d = (e.args?.data ?? {}) as Record<string, unknown>
        const detail =
          e.name === 'EventDispatch'
            ? ` ${String(d.type)}`
            : e.name === 'FunctionCall'
              ? ` ${String(d.functionName ?? '')}`
              : e.name === 'EvaluateScript'
                ? ` ${String(d.url ?? '').replace(/^.*\//, '')}`
                : ''
        return `${e.name}${detail} ${(e.dur! / 1000).toFixed(0)}`
      })
      .join(', ')
    lines.push([task.ts, `main thread task ${(task.dur! / 1000).toFixed(0)} ms (ends ${at(task.ts + task.dur!)}): ${what}`])
  }
  for (const [ts, line] of lines.sort((a, b) => a[0] - b[0])) if (ts >= nav.ts) console.log(`${at(ts)}  ${line}`)
  const allTasks = onMain.filter((e) => e.name === 'RunTask' && e.ts >= nav.ts)
  const busy = allTasks.reduce((s, e) => s + e.dur!, 0)
  const last = allTasks.at(-1)
  console.log(`main thread busy ${(busy / 1000).toFixed(0)} ms of ${last ? ((last.ts + last.dur! - nav.ts) / 1000).toFixed(0) : '?'} ms`)
  const kinds = new Map<string, number>()
  for (const e of onMain)
    if (
      e.ts >= nav.ts &&
      /^(ParseHTML|EvaluateScript|v8.compile|v8.compileModule|FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|UpdateLayoutTree|Layout|Paint|PrePaint|Layerize|MajorGC|MinorGC|V8.GCScavenger|ParseAuthorStyleSheet|v8.evaluateModule|RunMicrotasks)$/.test(
        e.name
      )
    )
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + e.dur!)
  console.log(
    'by kind (nested slices counted in each):',
    [...kinds]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`)
      .join(', ')
  )
}

/** Inclusive and self time per function over the whole open. */
function summariseProfile(profile: CpuProfile): void {
  const { busy, inclusive, self } = timePerFunction(profile)
  const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`
  console.log(`\nCPU profile: busy ${ms(busy)} (JS, GC and native work sampled on the main thread)`)
  console.log('inclusive:')
  for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.ROWS ?? 70))) console.log(`  ${ms(v).padStart(9)}  ${k}`)
  console.log('self:')
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms(v).padStart(9)}  ${k}`)
}
