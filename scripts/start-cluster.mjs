// `npm run start:cluster -- --processes 3`: build the client when stale, then
// run the cluster launcher (server/cluster/launch.ts) in this process's place.
import { spawn } from 'node:child_process'
import { buildClientIfStale } from './build-client.mjs'

buildClientIfStale()
const child = spawn(process.execPath, ['--import', 'tsx', 'server/cluster/launch.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
