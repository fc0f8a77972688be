import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { join, resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { Close, parseRoomName, type CloseReason, type TokenClaims } from '../schema'
import { loadSecret } from './auth/tokens'
import { issueInvite, verifyAccess, type AccessError } from './auth/access'
import { sameOrigin, sessionCookie, sessionOf } from './auth/sessions'
import { authRoutes, type OidcOptions } from './auth/oidc'
import { claimsForPlan, memberStillHolds } from './auth/plan-access'
import { handleApi } from './http/api'
import { SECURITY_HEADERS, safeDecode, serveStatic } from './http/static'
import { log } from './log'
import { metrics, renderMetrics } from './metrics'
import { ensureDemoPlan } from './plans'
import { SqliteStore } from './storage/sqlite-store'
import type { Store } from './storage/store'
import { Connection, type ConnectionLimits } from './sync/connection'
import { Rooms } from './sync/rooms'
import { DEFAULT_PDF_OPTIONS, PdfExporter, pdfOptionsFromEnv, type PdfOptions } from './export/pdf'

/** How to run a server. Everything has a default; `main.ts` fills it from the environment. */
export interface ServerOptions {
  port: number
  host: string
  dataDir: string
  /** Where the built client is (default dist/client). */
  clientDir: string
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number
  /** Unload a room this long after its last connection leaves. */
  idleMs: number
  compactEvery: number
  limits: ConnectionLimits
  /** Create the demo plan on a fresh data directory. */
  demo: boolean
  /**
   * SQLite's fsync policy. FULL: a commit survives power loss. NORMAL (WAL):
   * a commit survives the process being killed (what kill -9 tests), and the
   * last commits may be lost if the machine itself loses power.
   */
  synchronous: 'FULL' | 'NORMAL'
  /** PDF export: engine (auto, chromium, pdf-lib), Chromium path, timeout, concurrency. */
  pdf: PdfOptions
  /** How often open sockets are checked for expired links and revoked invitations. */
  accessCheckMs: number
  /** Sign-in with the organisation's OpenID Connect provider; null: invite links only. */
  oidc: OidcOptions | null
}

export const DEFAULT_OPTIONS: ServerOptions = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  clientDir: resolve(import.meta.dirname, '..', 'dist', 'client'),
  maxMessageBytes: 4 * 1024 * 1024,
  idleMs: 30_000,
  compactEvery: 2000,
  limits: {
    updatesPerSecond: 200, updateBurst: 500,
    // Generous: pasting a long plan, or an offline day sent at once, must pass.
    // The point is a ceiling (without it, 200 messages/s × 4 MiB is 800 MiB/s).
    updateBytesPerSecond: 4 * 1024 * 1024, updateBytesBurst: 32 * 1024 * 1024,
    awarenessPerSecond: 40, awarenessBurst: 120, maxAwarenessBytes: 64 * 1024,
    maxBufferedBytes: 16 * 1024 * 1024
  },
  demo: true,
  synchronous: 'FULL',
  accessCheckMs: 2000,
  oidc: null,
  // Read here rather than in main.ts so PDF_RENDERER / CHROMIUM_PATH also apply to servers started by tests and tools.
  pdf: { ...DEFAULT_PDF_OPTIONS, ...pdfOptionsFromEnv() }
}

/** A running server. */
export interface RunningServer {
  port: number
  url: string
  store: Store
  rooms: Rooms
  /** Whether this start created the data directory's database (the first-start link is printed then). */
  firstStart: boolean
  /** Issue an invitation (a row) and return its signed link token (tests, the first-start link). */
  mintToken(claims: Omit<TokenClaims, 'exp'> & { days?: number; createdBy?: string }): string
  /** Close, now, the sockets whose link expired or whose invitation was revoked (also runs every accessCheckMs). */
  sweepAccess(): void
  /** Flush every room, close every socket, stop listening. */
  close(): Promise<void>
}

/** A request URL without its query string: tokens travel there and must never reach a log. */
const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0]!.slice(0, 200)

/** Start HTTP + WebSocket on one port. */
export async function startServer(partial: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options: ServerOptions = { ...DEFAULT_OPTIONS, ...partial, limits: { ...DEFAULT_OPTIONS.limits, ...partial.limits }, pdf: { ...DEFAULT_OPTIONS.pdf, ...partial.pdf } }
  // One message of the largest allowed size must always fit the byte budget.
  options.limits.updateBytesBurst = Math.max(options.limits.updateBytesBurst, options.maxMessageBytes)
  const dataDir = resolve(options.dataDir)
  const secret = loadSecret(dataDir)
  const store = new SqliteStore(dataDir, options.synchronous)
  const rooms = new Rooms(store, { idleMs: options.idleMs, compactEvery: options.compactEvery })
  if (options.demo) ensureDemoPlan(store)
  const pdf = new PdfExporter(options.pdf)
  const sockets = new Set<WebSocket>()
  const connections = new Set<Connection>()
  /** The session each cookie-authenticated connection was opened with (signing out or revoking ends them). */
  const sessionsOf = new Map<Connection, string>()
  let publicUrl = ''
  const auth = authRoutes({ store, oidc: options.oidc, publicUrl: () => publicUrl })

  const http = createServer((req, res) => {
    try {
      route(req, res)
    } catch (e) {
      // catch: a request must never take the process (and every room) down
      log('error', 'http-error', { path: pathOnly(req.url), error: (e as Error).message })
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      res.end()
    }
  })

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n')
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      return void res.end(renderMetrics({ rooms_loaded: rooms.size, connections_open: sockets.size }))
    }
    if (url.pathname.startsWith('/auth/')) return void auth(req, res, url)
    if (url.pathname.startsWith('/api/')) return void handleApi({ store, rooms, secret, pdf, publicUrl: () => publicUrl, revoked: () => sweepAccess() }, req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, SECURITY_HEADERS).end()
    serveStatic(options.clientDir, req, res, url.pathname)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })

  const refuse = (ws: WebSocket, reason: CloseReason, fields: Record<string, unknown>) => {
    metrics.connections_rejected_total++
    log('info', 'reject', { reason: reason.reason, ...fields })
    ws.close(reason.code, reason.reason)
  }

  const accept = (ws: WebSocket, req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const roomName = safeDecode(url.pathname.slice('/sync/'.length)) ?? ''
    const room = parseRoomName(roomName)
    if (!room) return refuse(ws, Close.BadRequest, { room: roomName })
    // Scripts and tests send a token; our pages send the session cookie.
    const token = url.searchParams.get('token')
    let verified: { claims: TokenClaims; session?: string } | { error: AccessError }
    if (token === null && sessionCookie(req) !== null) {
      if (!sameOrigin(req)) return refuse(ws, Close.Forbidden, { room: roomName, error: 'cross-origin' })
      const s = sessionOf(store, req)
      verified = 'error' in s ? s : { claims: s.claims, session: s.id }
    } else verified = verifyAccess(store, secret, token)
    if ('error' in verified) return refuse(ws, verified.error === 'expired' ? Close.TokenExpired : verified.error === 'revoked' ? Close.AccessRevoked : Close.Unauthorized, { room: roomName, error: verified.error })
    // A signed-in person's role here is their member row; a link's is its own.
    const claims = claimsForPlan(store, verified.claims, room.planId)
    if (!claims) return refuse(ws, Close.Forbidden, { room: roomName, role: verified.claims.role, who: verified.claims.name })
    if (!store.getPlan(room.planId)) return refuse(ws, Close.NotFound, { room: roomName })
    let loaded
    try {
      loaded = rooms.get(roomName)
    } catch {
      return refuse(ws, Close.RoomUnavailable, { room: roomName })
    }
    sockets.add(ws)
    ws.on('close', (code, reason) => {
      sockets.delete(ws)
      log('info', 'disconnect', { room: roomName, role: claims.role, who: claims.name, code, reason: reason.toString() })
    })
    ws.on('error', (e) => log('warn', 'socket-error', { room: roomName, who: claims.name, error: e.message }))
    metrics.connections_opened_total++
    log('info', 'connect', { room: roomName, role: claims.role, group: claims.group, who: claims.name })
    const conn = new Connection(ws, loaded, claims, room.kind, options.limits)
    connections.add(conn)
    if (verified.session !== undefined) sessionsOf.set(conn, verified.session)
    conn.onClose = () => {
      connections.delete(conn)
      sessionsOf.delete(conn)
      rooms.released(roomName)
    }
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let path: string
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      path = ''
    }
    if (!path.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        accept(ws, req)
      } catch (e) {
        // catch: one bad handshake must not take the process (and every room) down
        log('error', 'accept-error', { path: pathOnly(req.url), error: (e as Error).message })
        ws.close(Close.BadRequest.code, Close.BadRequest.reason)
      }
    })
  })

  // Links expire and invitations are revoked while sockets are open: a
  // socket lives only as long as the access it was opened with.
  const sweepAccess = (): void => {
    const now = Date.now()
    const subs = new Set<string>()
    for (const c of connections) if (c.claims.sub !== undefined && c.claims.user === undefined) subs.add(c.claims.sub)
    const invalid = new Set(subs.size ? store.invalidInvites([...subs]) : [])
    const endedSessions = new Set([...new Set(sessionsOf.values())].filter((id) => store.getLiveSession(id) === null))
    for (const c of [...connections]) {
      if (c.claims.exp * 1000 < now) c.close(Close.TokenExpired)
      else if (c.claims.sub !== undefined && invalid.has(c.claims.sub)) c.close(Close.AccessRevoked)
      else if (endedSessions.has(sessionsOf.get(c) ?? '')) c.close(Close.AccessRevoked)
      else if (!memberStillHolds(store, c.claims)) c.close(Close.AccessRevoked)
    }
  }
  const sweeper = setInterval(() => {
    try {
      sweepAccess()
    } catch (e) {
      // catch: a failed check must not stop the server; the next sweep tries again
      log('error', 'access-sweep-failed', { error: (e as Error).message })
    }
  }, options.accessCheckMs)
  sweeper.unref()

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject)
    http.listen(options.port, options.host, () => resolveListen())
  })
  const port = (http.address() as { port: number }).port
  publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`

  let closing: Promise<void> | null = null
  return {
    port,
    url: publicUrl,
    store,
    rooms,
    firstStart: store.created,
    mintToken: ({ days = 30, createdBy = 'server', sub, ...claims }) => issueInvite(store, secret, { ...claims, days, createdBy, ...(sub !== undefined ? { id: sub } : {}) }).token,
    sweepAccess,
    close: () => {
      closing ??= (async () => {
        clearInterval(sweeper)
        for (const ws of sockets) ws.close(Close.ShuttingDown.code, Close.ShuttingDown.reason)
        rooms.closeAll()
        store.close()
        await pdf.close()
        wss.close()
        await new Promise<void>((r) => {
          http.close(() => r())
          http.closeAllConnections()
        })
      })()
      return closing
    }
  }
}

/** The data directory's secret file path (for tools that sign tokens offline). */
export const secretPath = (dataDir: string) => join(dataDir, 'token-secret')
