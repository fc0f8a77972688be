import { createServer, request, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createHash } from 'node:crypto'
import { log } from '../log'

// A small proxy for running several server processes behind one port on one
// machine (`npm run start:cluster`): HTTP requests are forwarded, WebSocket
// upgrades become a byte pipe to one process. Each process serves every
// room (Redis carries the fan-out), so the proxy only spreads connections;
// `byRoom` sends a room's sockets to one process (rendezvous hashing over the
// live processes), which saves memory but is not needed for correctness.
// For production, nginx or HAProxy in front of the processes does the same.

/** A server process behind the proxy. */
export interface Backend {
  host: string
  port: number
}

/** How the proxy runs. */
export interface ProxyOptions {
  port: number
  host: string
  backends: Backend[]
  /** Send every socket of a room to the same live process (default: spread them). */
  byRoom: boolean
  /** How often each process's /healthz is asked (a process that does not answer gets no new connections). */
  healthCheckMs: number
}

/** A running proxy. */
export interface RunningProxy {
  port: number
  /** The processes that answered their last health check. */
  live(): Backend[]
  close(): Promise<void>
}

/** A process busy for this long (a large plan loading) is not taken for dead; a killed one refuses connections at once anyway. */
const HEALTH_TIMEOUT_MS = 3000

interface BackendState extends Backend {
  up: boolean
  sockets: number
}

/** Rendezvous hashing: every proxy picks the same live process for a room, and a room moves only when its process goes. */
const weight = (room: string, b: Backend): number => createHash('sha1').update(`${b.host}:${b.port}/${room}`).digest().readUInt32BE(0)

/** The address the client connected from, appended to what earlier proxies said (the server reads the last entry, TRUST_PROXY). */
const forwardedFor = (req: IncomingMessage): string => {
  const prior = req.headers['x-forwarded-for']
  const own = req.socket.remoteAddress ?? ''
  return prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${own}` : own
}

/** Start the proxy. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const backends: BackendState[] = options.backends.map((b) => ({ ...b, up: true, sockets: 0 }))
  let next = 0
  /** Piped sockets (an upgraded socket is no longer the HTTP server's to close). */
  const piped = new Set<Duplex>()

  /** Live processes in the order to try them for this connection (all of them when none answered: better a try than a refusal). */
  const candidates = (room: string | null): BackendState[] => {
    const live = backends.filter((b) => b.up)
    const pool = live.length ? live : backends
    if (options.byRoom && room !== null) return [...pool].sort((a, b) => weight(room, b) - weight(room, a))
    // Fewest open sockets first, ties in turn: spreads a meeting evenly.
    next = (next + 1) % pool.length
    const rotated = [...pool.slice(next), ...pool.slice(0, next)]
    return rotated.sort((a, b) => a.sockets - b.sockets)
  }

  const server: Server = createServer((req, res) => forwardRequest(req, res, candidates(null)))

  const forwardRequest = (req: IncomingMessage, res: ServerResponse, order: BackendState[]): void => {
    const backend = order[0]
    if (!backend) return void res.writeHead(502, { 'content-type': 'text/plain' }).end('No server process answers\n')
    const upstream = request(
      { host: backend.host, port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwardedFor(req) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
        answer.pipe(res)
      }
    )
    upstream.on('error', (e) => {
      backend.up = false
      log('warn', 'proxy-backend-error', { port: backend.port, error: e.message })
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Server process unavailable\n')
      else res.destroy()
    })
    req.pipe(upstream)
  }

  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]!
    const room = path.startsWith('/sync/') ? decodeURIComponent(path.slice('/sync/'.length)) : null
    pipeUpgrade(req, client, head, candidates(room))
  })

  const pipeUpgrade = (req: IncomingMessage, client: Duplex, head: Buffer, order: BackendState[]): void => {
    const backend = order[0]
    if (!backend) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    const upstream: Socket = connect(backend.port, backend.host)
    piped.add(upstream)
    piped.add(client)
    let connected = false
    upstream.once('connect', () => {
      connected = true
      backend.sockets++
      upstream.setNoDelay(true)
      const lines = [`${req.method} ${req.url} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i]!.toLowerCase() !== 'x-forwarded-for') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      }
      lines.push(`X-Forwarded-For: ${forwardedFor(req)}`)
      upstream.write(lines.join('\r\n') + '\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', (e) => {
      if (!connected) {
        // This process is gone: the next one takes the socket (the client never notices).
        backend.up = false
        log('warn', 'proxy-backend-down', { port: backend.port, error: e.message })
        return pipeUpgrade(req, client, head, order.slice(1))
      }
      client.destroy()
    })
    upstream.on('close', () => {
      piped.delete(upstream)
      if (!connected) return
      backend.sockets--
      client.destroy()
    })
    client.once('error', () => upstream.destroy())
    client.once('close', () => {
      piped.delete(client)
      upstream.destroy()
    })
  }

  const check = (b: BackendState): void => {
    const req = httpGet({ host: b.host, port: b.port, path: '/healthz', agent: false, timeout: HEALTH_TIMEOUT_MS }, (res) => {
      res.resume()
      const up = res.statusCode === 200
      if (up !== b.up) log('info', up ? 'proxy-backend-up' : 'proxy-backend-down', { port: b.port })
      b.up = up
    })
    req.on('timeout', () => req.destroy(new Error('health check timed out')))
    req.on('error', () => {
      if (b.up) log('info', 'proxy-backend-down', { port: b.port })
      b.up = false
    })
  }
  const checker = setInterval(() => backends.forEach(check), options.healthCheckMs)
  checker.unref()
  backends.forEach(check)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return {
    port: (server.address() as { port: number }).port,
    live: () => backends.filter((b) => b.up).map(({ host, port }) => ({ host, port })),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(checker)
        for (const s of piped) s.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
