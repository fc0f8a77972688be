import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { log } from '../log'

// /metrics tells anyone who can read it how many rooms and connections there
// are and how the server is doing: not for the public. It is served on the
// public port only with METRICS_TOKEN (as `Authorization: Bearer …`), and on
// a separate port (METRICS_PORT, loopback by default) when one is set. With
// neither configured it is not served at all (404): a safe default beats one
// that is open until someone remembers to close it. No "only from 127.0.0.1"
// rule on the public port: behind a reverse proxy every request comes from
// there.

/** Who may read /metrics. */
export interface MetricsOptions {
  /** Bearer token that opens /metrics (on either port); null: no token. */
  token: string | null
  /** A separate port that serves only /metrics; null: none. 0 picks a free one (tests). */
  port: number | null
  /** Address the metrics port binds to. */
  host: string
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = { token: null, port: null, host: '127.0.0.1' }

const plain = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(message + '\n')

// Hashing first gives equal lengths, so the comparison leaks nothing about the token's length.
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest())

function bearerOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null
}

/** Answer /metrics: the text when allowed, else 401 (token wrong or missing) or 404 (not served here). */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, options: MetricsOptions, onMetricsPort: boolean, render: () => string): void {
  if (options.token === null && !onMetricsPort) {
    return plain(res, 404, 'Not found. /metrics is served only with METRICS_TOKEN or on METRICS_PORT.')
  }
  if (options.token !== null) {
    const given = bearerOf(req)
    if (given === null || !sameSecret(given, options.token)) {
      return plain(res, 401, 'A valid metrics token (Authorization: Bearer <METRICS_TOKEN>) is required.', { 'www-authenticate': 'Bearer realm="metrics"' })
    }
  }
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' })
  res.end(render())
}

/** Start the separate metrics listener; resolves with it and the port it got. */
export async function startMetricsServer(options: MetricsOptions & { port: number }, render: () => string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname
      if (path !== '/metrics') return plain(res, 404, 'Not found. This port serves /metrics only.')
      serveMetrics(req, res, options, true, render)
    } catch (e) {
      log('warn', 'metrics-error', { error: (e as Error).message })
      if (!res.headersSent) plain(res, 400, 'Bad request')
      else res.end()
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return { server, port: (server.address() as { port: number }).port }
}
