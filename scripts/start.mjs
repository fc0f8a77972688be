// `npm start`: build the client when it is missing or older than its sources,
// then run the server in this process's place (signals are passed on so
// SIGTERM still flushes storage before exit).
import { spawn } from 'node:child_process'
import { buildClientIfStale } from './build-client.mjs'

buildClientIfStale()
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
