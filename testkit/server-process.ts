import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres } from './postgres'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { get as httpGet } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Group, Role } from '../schema'

// The server as a real child process (`node --import tsx server/main.ts`), so
// tests can SIGKILL it at any instant and start it again on the same data.
// Tokens come from the real invite command, as an administrator gets them.

const ROOT = join(import.meta.dirname, '..')

/** A free loopback port (the OS picks one; we release it for the server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** The METRICS_TOKEN every test server process gets (without one /metrics is not served). */
export const METRICS_TEST_TOKEN = 'test-metrics-token'

/** Headers that open /metrics of a server process. */
export const metricsHeaders = { authorization: `Bearer ${METRICS_TEST_TOKEN}` }

/** A running server process and how to stop or restart it. */
export interface ServerProcess {
  /** Process id of the running server (for CPU and memory readings). */
  readonly pid: number
  port: number
  dataDir: string
  httpUrl: string
  wsUrl: string
  /** Lines the server printed, for assertions on logs and for debugging. */
  output: string[]
  kill(signal?: NodeJS.Signals): Promise<number | null>
  start(): Promise<void>
  /** Stop (SIGTERM) and delete the data directory. */
  dispose(): Promise<void>
  /**
   * A token for `claims` from an invitation an administrator made through
   * `POST /api/plans/:plan/invites` (the share dialog's call), with an
   * all-plans administrator link from the invite command. Each `inviteToken`
   * starts a process that compiles the CLI (over a second of CPU); this makes
   * one per server. The server must be running.
   */
  invite(claims: InviteClaims): Promise<string>
}

/**
 * GET /healthz on a connection of its own, closed after the answer. A pooled
 * keep-alive socket from fetch() stayed in the pool; when the test process
 * then blocked (spawnSync of the invite CLI takes seconds on a loaded
 * machine) past the server's keep-alive timeout, the server closed it unseen
 * and the test's next fetch was written into it: "other side closed"
 * (durable-restart.test.ts under load).
 */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', reject)
  })
}

/** Who a test link is for: what the invite command and the share dialog ask. */
export interface InviteClaims {
  plan: string
  role: Role
  name: string
  group: Group
  days?: number
}

// tsx compiles the server at start: on a loaded machine (CI, two test workers, Chromium) that alone took over 20 s, and a minute
// with other work on the machine. A ceiling, not a wait: a healthy server returns at once.
async function waitHealthy(url: string, child: ChildProcess, ms = 180_000): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was healthy`)
    try {
      if (await healthy(`${url}/healthz`)) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`server at ${url} not healthy within ${ms} ms`)
}

/** Start the server on a free port with a fresh (or given) data directory. */
export async function startServerProcess(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'faellesplan-test-'))
  // TEST_STORAGE=postgres (the server-postgres test project) runs the same
  // test against PostgreSQL, in a fresh schema per server, dropped after.
  const schema = process.env.TEST_STORAGE === 'postgres' && options.env?.STORAGE === undefined ? freshSchemaName('srv') : null
  if (schema !== null) await requirePostgres()
  options = {
    ...options,
    env: { ...(schema !== null ? { STORAGE: 'postgres', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}), ...options.env }
  }
  const port = await freePort()
  const httpUrl = `http://127.0.0.1:${port}`
  const output: string[] = []
  let child: ChildProcess | null = null
  let admin: string | null = null
  const proc: ServerProcess = {
    get pid() {
      return child?.pid ?? -1
    },
    port,
    dataDir,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    output,
    async start() {
      const c = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', METRICS_TOKEN: METRICS_TEST_TOKEN, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      child = c
      c.stdout!.on('data', (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean)))
      c.stderr!.on('data', (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean)))
      await waitHealthy(httpUrl, c)
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return c?.exitCode ?? null
      const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)))
      c.kill(signal)
      return exited
    },
    async invite(claims) {
      if (claims.plan === '*') return inviteToken(dataDir, claims, options.env)
      admin ??= inviteToken(dataDir, { plan: '*', role: 'admin', name: 'Testadministrator', group: 'administration' }, options.env)
      const res = await fetch(`${httpUrl}/api/plans/${encodeURIComponent(claims.plan)}/invites`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: claims.role, name: claims.name, group: claims.group, ...(claims.days !== undefined ? { days: claims.days } : {}) })
      })
      if (res.status !== 201) throw new Error(`invite failed (${res.status}): ${await res.text()}`)
      return ((await res.json()) as { token: string }).token
    },
    async dispose() {
      await proc.kill('SIGTERM')
      rmSync(dataDir, { recursive: true, force: true })
      if (schema !== null) await dropSchema(schema)
    }
  }
  await proc.start()
  return proc
}

/** A signed token from the real `invite` command for the given data directory (and `env`: the server's STORAGE settings). */
export function inviteToken(dataDir: string, claims: InviteClaims, env: Record<string, string> = {}): string {
  const args = ['--import', 'tsx', 'server/cli/invite.ts', '--plan', claims.plan, '--role', claims.role, '--name', claims.name, '--group', claims.group]
  if (claims.days !== undefined) args.push('--days', String(claims.days))
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, DATA_DIR: dataDir }, encoding: 'utf8' })
  const token = /[?&]token=([^&\s]+)/.exec(r.stdout)?.[1]
  if (r.status !== 0 || !token) throw new Error(`invite failed (${r.status}): ${r.stdout}\n${r.stderr}`)
  return decodeURIComponent(token)
}
