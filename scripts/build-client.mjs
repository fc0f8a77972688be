// Build the client when it is missing or older than its sources (npm start, npm run start:cluster).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const newest = (dir) => {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Build dist/client unless it is newer than client/ and schema/; exits the process when the build fails. */
export function buildClientIfStale() {
  const built = 'dist/client/index.html'
  const sources = Math.max(newest('client'), newest('schema'))
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  console.log('Bygger klienten … (building the client)')
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
