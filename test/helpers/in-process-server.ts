import { afterAll, beforeAll } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type Group, type Role } from '../../schema'
import { startServer, type RunningServer, type ServerOptions } from '../../server'
import { METRICS_TEST_TOKEN } from '../../testkit/server-process'

/** A real server in this process on port 0 with a fresh data directory, for fast tests. */
export interface TestServer {
  server: RunningServer
  dataDir: string
  wsUrl: string
  httpUrl: string
  token(role: Role, opts?: { plan?: string; name?: string; group?: Group; days?: number }): string
  stop(): Promise<void>
}

export async function startTestServer(options: Partial<ServerOptions> = {}, dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-srv-'))): Promise<TestServer> {
  // /metrics is served only with a token (issue #11); tests read it with metricsHeaders.
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, metrics: { token: METRICS_TEST_TOKEN, port: null, host: '127.0.0.1' }, ...options })
  const httpUrl = `http://127.0.0.1:${server.port}`
  return {
    server,
    dataDir,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    token: (role, o = {}) =>
      server.mintTokenNow({
        plan: o.plan ?? DEMO_PLAN_ID,
        role,
        name: o.name ?? `Test ${role}`,
        group: o.group ?? (role === 'commenter' ? 'council' : 'administration'),
        days: o.days ?? 1
      }),
    stop: async () => {
      await server.close()
    }
  }
}

/** Remove a data directory after the test. */
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true })

/**
 * Register the hooks a server test file needs: a real server on port 0 with
 * a fresh data directory before the file's tests, stopped and its directory
 * removed after them. `use` receives it once it runs (before the file's own
 * beforeAll hooks).
 */
export function useTestServer(use: (t: TestServer) => void, options: Partial<ServerOptions> = {}): void {
  let t: TestServer | undefined
  beforeAll(async () => {
    t = await startTestServer(options)
    use(t)
  })
  afterAll(async () => {
    await t?.stop()
    if (t) removeDir(t.dataDir)
  })
}
