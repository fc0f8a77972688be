// `npm test`: the static checks (scripts/checks.mjs) and vitest at once, the
// checks at a lower CPU priority (nice 10). Vitest leaves a core idle much of
// the time (the client build, sockets, Chromium and child processes it waits
// for); the checks fill those gaps instead of running first, and never take a
// core vitest could use. Exits non-zero if either failed; extra arguments go
// to vitest.
import { spawn } from 'node:child_process'

// The checks' output is kept until vitest is done, so a failure is not lost in vitest's.
const run = (cmd, args, keep) =>
  new Promise((resolve) => {
    let out = ''
    const child = spawn(cmd, args, { stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' })
    if (keep) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (out += d))
    child.on('error', (e) => resolve({ code: 1, out: `${out}${cmd}: ${e.message}\n` }))
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }))
  })

const [checks, tests] = await Promise.all([
  run('nice', ['-n', '10', process.execPath, 'scripts/checks.mjs'], true),
  run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], false)
])
process.stdout.write(`\n${checks.out}`)
process.exit(checks.code || tests.code)
