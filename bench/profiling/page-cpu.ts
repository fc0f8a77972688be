// CPU per opened plan page, by process (browser, renderer, GPU, network,
// the Node process running server and Playwright): opens the demo plan N
// times, each in a fresh context as the browser tests do, and reads
// /proc/<pid>/stat before and after. Run: LOG_LEVEL=warn npx tsx bench/profiling/page-cpu.ts [N] [trivial]
import { readFileSync, readdirSync } from 'node:fs'
import { planInBrowser } from './plan-in-browser'

const n = Number(process.argv[2] ?? 5)
const trivial = process.argv[3] === 'trivial'
// Minified, as the browser tests load it.
const { server, browser, url, close } = await planInBrowser('demo', { minify: true })

/** CPU seconds so far of every process whose command line names chromium, and of this process, by pid. */
function cpu(): Map<string, { kind: string; s: number }> {
  const by = new Map<string, { kind: string; s: number }>()
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      const self = Number(pid) === process.pid
      if (!self && !cmd.includes('chromium')) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      const kind = self ? 'node (server + playwright)' : (/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser') + (/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1] ?? '')
      by.set(pid, { kind, s: (Number(stat[11]) + Number(stat[12])) / 100 })
    } catch {
      // a process that ended meanwhile
    }
  }
  return by
}

const before = cpu()
// Processes that end during the run take their CPU with them: sample after each page, keep each pid's last.
const last = new Map<string, { kind: string; s: number }>()
const t0 = Date.now()
for (let i = 0; i < n; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: process.env.SW === 'block' ? 'block' : 'allow' })
  const page = await context.newPage()
  if (trivial) await page.goto(`http://127.0.0.1:${server.port}/favicon.svg`)
  else {
    await page.goto(url())
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 60_000 })
  }
  for (const [pid, v] of cpu()) last.set(pid, v)
  await context.close()
}
const wall = Date.now() - t0
const total = new Map<string, number>()
for (const [pid, v] of last) total.set(v.kind, (total.get(v.kind) ?? 0) + v.s - (before.get(pid)?.s ?? 0))
const rows = [...total].map(([k, v]) => ({ process: k, 'CPU s per page': (v / n).toFixed(2) }))
console.table(rows)
console.log(`${n} pages, ${(wall / n).toFixed(0)} ms each (wall)`)
await close()
process.exit(0)
