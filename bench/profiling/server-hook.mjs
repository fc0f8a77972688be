// Profile a server process under benchmark load (issue #17). Load it into the
// server only through NODE_OPTIONS (it does nothing in other processes):
//   PROFILE=cpu  NODE_OPTIONS="--import ./bench/profiling/server-hook.mjs" npx tsx bench/rooms.ts
//   PROFILE=heap NODE_OPTIONS="--import ./bench/profiling/server-hook.mjs" npx tsx bench/meeting.ts
// then `kill -USR2 <server pid>`: with PROFILE=heap a heap snapshot is
// written; with PROFILE=cpu the first signal starts a CPU profile and the
// second writes it. Files go to PROFILE_DIR (default the system temp dir).
// Summarise them with summarise.mjs. (--heap-snapshot-signal and --cpu-prof
// are not allowed in NODE_OPTIONS, hence the hook.)
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import v8 from 'node:v8'

const dir = process.env.PROFILE_DIR ?? tmpdir()
if (process.argv.some((a) => a.endsWith('server/main.ts'))) {
  if (process.env.PROFILE === 'heap') {
    process.on('SIGUSR2', () => console.error('heap snapshot', v8.writeHeapSnapshot(join(dir, `server-${process.pid}-${Date.now()}.heapsnapshot`))))
  } else if (process.env.PROFILE === 'cpu') {
    const session = new Session()
    session.connect()
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }))
    let running = false
    process.on('SIGUSR2', () => {
      running = !running
      if (running) return session.post('Profiler.start', () => console.error('cpu profile started'))
      session.post('Profiler.stop', (error, result) => {
        if (error) return console.error('cpu profile failed', error.message)
        const file = join(dir, `server-${process.pid}-${Date.now()}.cpuprofile`)
        writeFileSync(file, JSON.stringify(result.profile))
        console.error('cpu profile', file)
      })
    })
  }
}
