// `npm run bench`: run every benchmark in its own process (so one's memory and
// JIT state do not colour the next) and print each one's table.
// Pass names to run only some: npm run bench -- traces
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
let failed = 0
for (const name of benches) {
  if (wanted.length && !wanted.includes(name)) continue
  console.log(`\n=== ${name} ===`)
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, `${name}.ts`)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
