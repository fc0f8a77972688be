import { redisAnswers } from '../server'
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './server-process'

// A redis-server of the test's own on a free port (nothing saved to disk), so
// a test can kill and restart it without touching the machine's Redis.

/** A running redis-server and how to stop or restart it on the same port. */
export interface RedisProcess {
  /** Process id of the running redis-server (for CPU and memory readings). */
  readonly pid: number
  port: number
  url: string
  /** Kill it (SIGKILL by default: an outage, not a shutdown). */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Start it again on the same port (empty: it keeps nothing). */
  start(): Promise<void>
  dispose(): Promise<void>
}

/** Start `redis-server` on a free port. Fails with a clear message when the binary is missing. */
export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const output: string[] = []
  const proc: RedisProcess = {
    get pid() {
      return child?.pid ?? -1
    },
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe']
      })
      child = c
      c.stdout!.on('data', (d: Buffer) => output.push(d.toString()))
      c.stderr!.on('data', (d: Buffer) => output.push(d.toString()))
      const failed = new Promise<never>((_, reject) =>
        c.once('error', (e) => reject(new Error(`redis-server could not start (is it installed? apt-get install redis-server): ${e.message}`)))
      )
      // A ceiling, not a wait: it answers within milliseconds.
      const until = Date.now() + 30_000
      for (;;) {
        if (await Promise.race([redisAnswers(`redis://127.0.0.1:${port}`), failed])) return
        if (c.exitCode !== null) throw new Error(`redis-server exited with ${c.exitCode}: ${output.join('')}`)
        if (Date.now() > until) throw new Error(`redis-server on port ${port} did not answer within 30 s: ${output.join('')}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
      c.kill(signal)
      await exited
    },
    async dispose() {
      await proc.kill('SIGTERM')
    }
  }
  await proc.start()
  return proc
}
