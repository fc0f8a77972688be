// The static checks of `npm test`, two at a time (this machine has two cores):
// formatting, the per-layer type checks, svelte-check, import cycles and the
// layering rules. Prints each failing check's output and exits non-zero.
import { spawn } from 'node:child_process'

const checks = [
  ['format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['types: root (test, bench, testkit, scripts)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['types: client (svelte-check)', 'npx', ['svelte-check', '--tsconfig', 'client/tsconfig.json', '--fail-on-warnings', '--output', 'machine']],
  ['types: server', 'npx', ['tsc', '--noEmit', '-p', 'server']],
  ['types: schema', 'npx', ['tsc', '--noEmit', '-p', 'schema']],
  ['import cycles', 'npm', ['run', '-s', 'lint:cycles']],
  ['layering', 'npm', ['run', '-s', 'lint:imports']]
]

const run = ([name, cmd, args]) =>
  new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('close', (code) => resolve({ name, code, out, ms: Date.now() - started }))
  })

const queue = [...checks]
const results = []
await Promise.all(
  [0, 1].map(async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push(await run(next))
  })
)
let failed = 0
for (const r of results) {
  if (r.code === 0) continue
  failed++
  console.error(`\n✗ ${r.name} (exit ${r.code})\n${r.out.trim()}`)
}
console.log(`checks: ${results.length - failed} of ${results.length} passed (${results.map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(', ')})`)
process.exit(failed ? 1 : 0)
