import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { Close, SCHEMA_PARAM, declaredSchemaOf, parseRoomName, type CloseReason, type TokenClaims } from '../schema'
import { expiryAfterDays, loadSecret, signToken, tokenOpensPlan } from './auth/tokens'
import { issueInvite, inviteChanged, newInvite, verifyAccess, type AccessError } from './auth/access'
import { LastSeen } from './auth/last-seen'
import { sameOrigin, sessionCookie, sessionOf } from './auth/sessions'
import { authRoutes, type OidcOptions } from './auth/oidc'
import { claimsForPlan, memberState } from './auth/plan-access'
import { accessLapsed, closeForAccessError } from './auth/socket-access'
import { handleApi } from './http/api'
import { clientAddress } from './http/client-address'
import { ConnectionCaps, type ConnectionCapOptions } from './http/connection-caps'
import { HalfOpenSockets } from './http/half-open-sockets'
import type { HttpTimeouts } from './http/network-options'
import { SECURITY_HEADERS, safeDecode, serveStatic } from './http/static'
import { log } from './log'
import { metrics, renderMetrics } from './metrics'
import { DEFAULT_METRICS_OPTIONS, serveMetrics, startMetricsServer, type MetricsOptions } from './http/metrics-endpoint'
import { ensureDemoPlan, planIsOpen } from './plans'
import { SqliteStore } from './storage/sqlite-store'
import { StorageUnavailableError, type Store } from './storage/store'
import { openStore, type StorageConfig } from './storage/open-store'
import { Connection, type ConnectionLimits } from './sync/connection'
import { RequestBudgets } from './sync/request-budget'
import { Rooms } from './sync/rooms'
import { DEFAULT_ROOM_BUDGETS, type RoomBudgets } from './sync/room-budget'
import { DEFAULT_PDF_OPTIONS, PdfExporter, pdfOptionsFromEnv, type PdfOptions } from './export/pdf'
import { DEFAULT_READ_POOL_OPTIONS, ReadPool, type ReadPoolOptions } from './reads/read-pool'
import { RoomReads } from './reads/room-reads'
import { DEFAULT_IMPORT_HEAP_MB } from './import/preview-worker'
import { DEFAULT_VERSION_OPTIONS, Versions, type VersionOptions } from './versions/versions'

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
  /** Largest stored size of a plan's body room and of its comments room, in bytes: growth beyond is refused (`room-full`). */
  roomBudgets: RoomBudgets
  /** Create the demo plan on a fresh data directory. */
  demo: boolean
  /**
   * SQLite's fsync policy. FULL: a commit survives power loss. NORMAL (WAL):
   * a commit survives the process being killed (what kill -9 tests), and the
   * last commits may be lost if the machine itself loses power.
   */
  synchronous: 'FULL' | 'NORMAL'
  /**
   * Where plans are stored: null (the default) for SQLite under `dataDir`
   * with `synchronous`; or a StorageConfig (main.ts: STORAGE=postgres,
   * DATABASE_URL, DATABASE_SCHEMA, DATABASE_POOL_SIZE). `dataDir` still holds
   * the token signing secret.
   */
  storage: StorageConfig | null
  /** PDF export: engine (auto, chromium, pdf-lib), Chromium path, timeout, concurrency. */
  pdf: PdfOptions
  /** How often open sockets are checked for expired links and revoked invitations. */
  accessCheckMs: number
  /** Who may read /metrics: a token, a separate loopback port, or (default) nobody. */
  metrics: MetricsOptions
  /** REST reads and exports: worker threads, how many may wait (then 503), heap cap, time limit. */
  reads: ReadPoolOptions
  /** Heap cap of the import worker (MiB): an import that needs more ends the worker and gets 413. */
  importHeapMb: number
  /** Open sockets per token, per client address, in all, and still sending their request head. */
  connections: ConnectionCapOptions
  /** Take the client address from X-Forwarded-For (its last entry): only behind a reverse proxy that sets it. */
  trustProxy: boolean
  /** Node's HTTP timeouts: the request head, the whole request, an idle keep-alive socket. */
  http: HttpTimeouts
  /** Write an invitation's "last seen" at most this often (ms). */
  lastSeenEveryMs: number
  /** How many days a deleted plan is kept and can be restored. */
  deletedPlanDays: number
  /** Sign-in with the organisation's OpenID Connect provider; null: invite links only. */
  oidc: OidcOptions | null
  /** Automatic versions: at most one per `everyMs` of editing in a plan (VERSION_EVERY_MINUTES). */
  versions: VersionOptions
  /**
   * Redis that several server processes on one store share (REDIS_URL): each
   * serves any room, and tells the others what it stored. null: this process
   * is the only one.
   */
  redisUrl: string | null
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
    updatesPerSecond: 200,
    updateBurst: 500,
    // Generous: pasting a long plan, or an offline day sent at once, must pass.
    // The point is a ceiling (without it, 200 messages/s × 4 MiB is 800 MiB/s).
    updateBytesPerSecond: 4 * 1024 * 1024,
    updateBytesBurst: 32 * 1024 * 1024,
    awarenessPerSecond: 40,
    awarenessBurst: 120,
    maxAwarenessBytes: 64 * 1024,
    maxAwarenessIds: 4,
    // Per token, beyond each connection's first step 1 and schemaVersion. Each
    // step 1 or query-awareness is answered with the whole document or room presence.
    syncRequestsPerSecond: 1,
    syncRequestBurst: 5,
    controlPerSecond: 1,
    controlBurst: 5,
    // Per token; the burst is raised to the connections a token may hold.
    newConnectionsPerSecond: 2,
    newConnectionBurst: 10,
    maxBufferedBytes: 16 * 1024 * 1024
  },
  roomBudgets: DEFAULT_ROOM_BUDGETS,
  demo: true,
  synchronous: 'FULL',
  storage: null,
  accessCheckMs: 2000,
  lastSeenEveryMs: 60_000,
  deletedPlanDays: 30,
  oidc: null,
  versions: DEFAULT_VERSION_OPTIONS,
  redisUrl: null,
  // Read here rather than in main.ts so PDF_RENDERER / CHROMIUM_PATH also apply to servers started by tests and tools.
  pdf: { ...DEFAULT_PDF_OPTIONS, ...pdfOptionsFromEnv() },
  metrics: DEFAULT_METRICS_OPTIONS,
  reads: DEFAULT_READ_POOL_OPTIONS,
  importHeapMb: DEFAULT_IMPORT_HEAP_MB,
  connections: { perToken: 50, perIp: 500, total: 5000, halfOpen: 1000 },
  trustProxy: false,
  // A request head is a few hundred bytes, sent at once by every honest
  // client. Request bodies are read only after the token is checked, and a
  // 20 MiB import over a slow uplink must fit.
  http: { headersTimeoutMs: 10_000, requestTimeoutMs: 300_000, keepAliveTimeoutMs: 5_000 }
}

/** A running server. */
export interface RunningServer {
  port: number
  /** The separate metrics port, when `metrics.port` was set. */
  metricsPort: number | null
  url: string
  store: Store
  rooms: Rooms
  /** Plan versions (tests: `versions.takeDue()` takes the automatic versions that are due without waiting for the clock). */
  versions: Versions
  /** Whether this start created the data directory's database (the first-start link is printed then). */
  firstStart: boolean
  /** Issue an invitation (a row) and return its signed link token (tests, the first-start link). */
  mintToken(claims: Omit<TokenClaims, 'exp'> & { days?: number; createdBy?: string }): Promise<string>
  /**
   * mintToken, returning at once: tests that mint links inline. Only on
   * SQLite, whose writes are done when the call returns (the row exists
   * before the link can be used); throws on another store.
   */
  mintTokenNow(claims: Omit<TokenClaims, 'exp'> & { days?: number; createdBy?: string }): string
  /** Close, now, the sockets whose link expired or whose invitation was revoked (also runs every accessCheckMs). */
  sweepAccess(): Promise<void>
  /** Flush every room, close every socket, stop listening. */
  close(): Promise<void>
}

/** A request URL without its query string: tokens travel there and must never reach a log. */
const pathOnly = (url: string | undefined): string => (url ?? '').split('?')[0]!.slice(0, 200)

/** Start HTTP + WebSocket on one port. */
export async function startServer(partial: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options: ServerOptions = {
    ...DEFAULT_OPTIONS,
    ...partial,
    limits: { ...DEFAULT_OPTIONS.limits, ...partial.limits },
    pdf: { ...DEFAULT_OPTIONS.pdf, ...partial.pdf },
    roomBudgets: { ...DEFAULT_OPTIONS.roomBudgets, ...partial.roomBudgets },
    metrics: { ...DEFAULT_OPTIONS.metrics, ...partial.metrics },
    reads: { ...DEFAULT_OPTIONS.reads, ...partial.reads },
    connections: { ...DEFAULT_OPTIONS.connections, ...partial.connections },
    http: { ...DEFAULT_OPTIONS.http, ...partial.http }
  }
  // One message of the largest allowed size must always fit the byte budget.
  options.limits.updateBytesBurst = Math.max(options.limits.updateBytesBurst, options.maxMessageBytes)
  // Every connection a token may hold may reconnect at once (a shared link after a server restart).
  options.limits.newConnectionBurst = Math.max(options.limits.newConnectionBurst, options.connections.perToken)
  const dataDir = resolve(options.dataDir)
  const secret = loadSecret(dataDir)
  const store = await openStore(options.storage ?? { engine: 'sqlite', dataDir, synchronous: options.synchronous })
  const versions = new Versions(store, { ...DEFAULT_VERSION_OPTIONS, ...partial.versions })
  // Loaded only with REDIS_URL: one process never loads the Redis client (20 MB of RSS).
  const peers = options.redisUrl !== null ? new (await import('./cluster/redis-peers')).RedisPeers({ url: options.redisUrl }) : null
  const rooms = new Rooms(store, {
    idleMs: options.idleMs,
    compactEvery: options.compactEvery,
    budgets: options.roomBudgets,
    hooks: versions.roomHooks,
    ...(peers ? { peers } : {})
  })
  // Before any room loads: rooms subscribe before they read storage.
  peers?.start(rooms.peerEvents)
  if (options.demo) await ensureDemoPlan(store)
  const pdf = new PdfExporter(options.pdf)
  const storeFile = store instanceof SqliteStore ? store.file : null
  const readPool = new ReadPool(storeFile, options.reads)
  const reads = new RoomReads(store, rooms, readPool, storeFile)
  versions.attach(rooms, reads)
  const lastSeen = new LastSeen(store, options.lastSeenEveryMs)
  const sockets = new Set<WebSocket>()
  const connections = new Set<Connection>()
  /** The session each cookie-authenticated connection was opened with (signing out or revoking ends them). */
  const sessionsOf = new Map<Connection, string>()
  let publicUrl = ''
  const metricsText = () =>
    renderMetrics({
      rooms_loaded: rooms.size,
      connections_open: sockets.size,
      sockets_half_open: halfOpen.size,
      // Cluster: 1 while this process hears what the others store (Redis up); -1 without REDIS_URL.
      peers_connected: peers ? Number(peers.connected) : -1
    })
  const auth = authRoutes({ store, oidc: options.oidc, publicUrl: () => publicUrl })

  const caps = new ConnectionCaps(options.connections)
  const halfOpen = new HalfOpenSockets(options.connections.halfOpen)
  const requestBudgets = new RequestBudgets(options.limits)
  halfOpen.onEvicted = () => metrics.half_open_closed_total++
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = options.http
  const http = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      // How often Node looks for sockets past those timeouts (default 30 s, which would triple a 10 s headersTimeout).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 4))
    },
    (req, res) => {
      try {
        route(req, res)
      } catch (e) {
        // catch: a request must never take the process (and every room) down
        log('error', 'http-error', { path: pathOnly(req.url), error: (e as Error).message })
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        res.end()
      }
    }
  )

  http.on('connection', (socket: Socket) => halfOpen.opened(socket))
  http.on('request', (req: IncomingMessage) => halfOpen.settled(req.socket))

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/healthz') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n')
    if (url.pathname === '/metrics') return serveMetrics(req, res, options.metrics, false, metricsText)
    if (url.pathname.startsWith('/auth/')) return void auth(req, res, url)
    if (url.pathname.startsWith('/api/'))
      return void handleApi(
        {
          store,
          rooms,
          reads,
          versions,
          secret,
          pdf,
          importHeapMb: options.importHeapMb,
          publicUrl: () => publicUrl,
          revoked: () => {
            accessChanges++
            sweepAccess().catch((e: unknown) => log('error', 'access-sweep-failed', { error: (e as Error).message }))
          },
          seen: (id) => lastSeen.seen(id),
          deletedPlanDays: options.deletedPlanDays
        },
        req,
        res,
        url
      )
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, SECURITY_HEADERS).end()
    serveStatic(options.clientDir, req, res, url.pathname)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes })
  /** Counts changes of access made through this process (deletions, revocations, role changes), so an admission can tell one happened while it checked. */
  let accessChanges = 0

  const refuse = (ws: WebSocket, reason: CloseReason, fields: Record<string, unknown>) => {
    metrics.connections_rejected_total++
    log('info', 'reject', { reason: reason.reason, ...fields })
    ws.close(reason.code, reason.reason)
  }

  // Storage answers asynchronously, and a client sends its first messages
  // (sync step 1, its offline changes) as soon as the socket opens: they are
  // held, unread, until the socket's Connection exists.
  const holdMessages = (ws: WebSocket): (() => void) => {
    const early: Array<[Buffer, boolean]> = []
    const keep = (data: Buffer, isBinary: boolean) => {
      // ws may still deliver frames it had already read; past a few, the client is not waiting for an answer.
      if (early.push([data, isBinary]) > 64) ws.terminate()
    }
    ws.on('message', keep)
    ws.pause()
    return () => {
      ws.off('message', keep)
      for (const [data, isBinary] of early) ws.emit('message', data, isBinary)
      ws.resume()
    }
  }

  const accept = async (ws: WebSocket, req: IncomingMessage): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const roomName = safeDecode(url.pathname.slice('/sync/'.length)) ?? ''
    const room = parseRoomName(roomName)
    if (!room) return refuse(ws, Close.BadRequest, { room: roomName })
    const release = holdMessages(ws)
    try {
      await admit(ws, req, url, roomName, room)
    } finally {
      // Also after a refusal: a paused socket would never read the client's answer to the close.
      release()
    }
  }

  const admit = async (ws: WebSocket, req: IncomingMessage, url: URL, roomName: string, room: NonNullable<ReturnType<typeof parseRoomName>>): Promise<void> => {
    // Scripts and tests send a token; our pages send the session cookie.
    const token = url.searchParams.get('token')
    let verified: { claims: TokenClaims; session?: string } | { error: AccessError }
    if (token === null && sessionCookie(req) !== null) {
      if (!sameOrigin(req)) return refuse(ws, Close.Forbidden, { room: roomName, error: 'cross-origin' })
      const s = await sessionOf(store, req)
      verified = 'error' in s ? s : { claims: s.claims, session: s.id }
    } else verified = await verifyAccess(store, secret, token)
    if ('error' in verified) return refuse(ws, closeForAccessError(verified.error), { room: roomName, error: verified.error })
    // A signed-in person's role here is their member row; a link's is its own.
    const claims = await claimsForPlan(store, verified.claims, room.planId)
    if (!claims) return refuse(ws, Close.Forbidden, { room: roomName, role: verified.claims.role, who: verified.claims.name })
    if (ws.readyState !== ws.OPEN) return
    // Keyed by the session, or by a token's signature (the same link, however its text is spelled in the URL).
    const signature = verified.session !== undefined ? `session:${verified.session}` : token!.split('.')[1]!
    const seat = caps.admitToken(signature)
    if (!seat) {
      metrics.connection_cap_refusals_total++
      return refuse(ws, Close.TooManyConnections, { room: roomName, role: claims.role, who: claims.name, cap: 'per-token' })
    }
    ws.once('close', seat)
    const budget = requestBudgets.admit(signature)
    if (!budget) {
      metrics.connection_cap_refusals_total++
      return refuse(ws, Close.TooManyConnections, { room: roomName, role: claims.role, who: claims.name, cap: 'new-connections-per-second' })
    }
    if (!(await planIsOpen(store, room.planId))) return refuse(ws, Close.NotFound, { room: roomName })
    if (claims.user === undefined) lastSeen.seen(claims.sub)
    let loaded
    try {
      loaded = await rooms.get(roomName)
    } catch {
      // During a graceful stop the rooms refuse to load: that client is told to go elsewhere, not that the room is unavailable.
      return refuse(ws, closing ? Close.ShuttingDown : Close.RoomUnavailable, { room: roomName })
    }
    // Asked again now that nothing is awaited until it joins: a plan deleted or
    // an access revoked on this process during the awaits above (or during
    // this check: then round again) would otherwise pass until the next sweep.
    for (;;) {
      const changes = accessChanges
      const lapsed = await accessLapsed(store, secret, req, token, room.planId, claims)
      if (lapsed) {
        rooms.released(roomName)
        return refuse(ws, lapsed, { room: roomName, role: claims.role, who: claims.name, during: 'admission' })
      }
      if (changes === accessChanges) break
    }
    // The client may have left while its room loaded.
    if (ws.readyState !== ws.OPEN) return rooms.released(roomName)
    sockets.add(ws)
    ws.on('close', (code, reason) => {
      sockets.delete(ws)
      log('info', 'disconnect', { room: roomName, role: claims.role, who: claims.name, code, reason: reason.toString() })
    })
    ws.on('error', (e) => log('warn', 'socket-error', { room: roomName, who: claims.name, error: e.message }))
    metrics.connections_opened_total++
    log('info', 'connect', { room: roomName, role: claims.role, group: claims.group, who: claims.name })
    const conn = new Connection(ws, loaded, claims, room.kind, options.limits, {
      requests: budget,
      declaredSchema: declaredSchemaOf(url.searchParams.get(SCHEMA_PARAM)),
      onClose: (closed) => {
        connections.delete(closed)
        sessionsOf.delete(closed)
        rooms.released(roomName)
      }
    })
    // Not when the greeting already closed it (a client that reads nothing).
    if (!conn.isClosed) {
      connections.add(conn)
      if (verified.session !== undefined) sessionsOf.set(conn, verified.session)
    }
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    halfOpen.settled(req.socket)
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
    const address = clientAddress(req, options.trustProxy)
    const seat = caps.admitSocket(address)
    if (typeof seat === 'string') {
      // Refused before the upgrade, at no cost: nothing is held for it. The
      // browser sees a failed connection and retries with backoff.
      metrics.connection_cap_refusals_total++
      log('info', 'reject', { reason: 'too-many-connections', cap: seat, address })
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nContent-Type: text/plain\r\nContent-Length: 21\r\nConnection: close\r\n\r\nToo many connections\n',
        () => socket.destroy()
      )
      return
    }
    socket.once('close', seat)
    wss.handleUpgrade(req, socket, head, (ws) => {
      accept(ws, req).catch((e: unknown) => {
        // catch: one bad handshake must not take the process (and every room) down. Storage that
        // cannot be reached is not the client's fault: it retries (room-unavailable), its changes kept.
        const unavailable = e instanceof StorageUnavailableError
        log(unavailable ? 'warn' : 'error', 'accept-error', { path: pathOnly(req.url), error: (e as Error).message })
        const reason = closing ? Close.ShuttingDown : unavailable ? Close.RoomUnavailable : Close.BadRequest
        ws.close(reason.code, reason.reason)
      })
    })
  })

  // Links expire and invitations are revoked while sockets are open: a
  // socket lives only as long as the access it was opened with.
  let sweeping: Promise<void> | null = null
  const sweepAccess = (): Promise<void> => (sweeping ??= sweepOnce().finally(() => (sweeping = null)))
  const sweepOnce = async (): Promise<void> => {
    const subs = new Set<string>()
    for (const c of connections) if (c.claims.sub !== undefined && c.claims.user === undefined) subs.add(c.claims.sub)
    const invalid = new Set(subs.size ? await store.invalidInvites([...subs]) : [])
    // Role, group or name changed by an administrator: the socket reconnects and is accepted with the row's new values.
    const live = [...subs].filter((id) => !invalid.has(id))
    const rows = new Map(await Promise.all(live.map(async (id) => [id, await store.getInvite(id)] as const)))
    const sessions = [...new Set(sessionsOf.values())]
    const alive = await Promise.all(sessions.map((id) => store.getLiveSession(id)))
    const endedSessions = new Set(sessions.filter((_, i) => alive[i] === null))
    // One look-up per member and plan, however many sockets they hold.
    const members = new Map<string, Promise<'holds' | 'changed' | 'removed'>>()
    const memberOf = (claims: TokenClaims) => {
      const key = `${claims.user ?? ''}\u0000${claims.plan}\u0000${claims.role}\u0000${claims.group}`
      let state = members.get(key)
      if (!state) members.set(key, (state = memberState(store, claims)))
      return state
    }
    const states = await Promise.all([...connections].map(async (c) => [c, await memberOf(c.claims)] as const))
    // A plan deleted through another process (several processes share the
    // store): that process closed its own sockets; these close here.
    const planOf = (c: Connection) => parseRoomName(c.roomName)?.planId ?? ''
    const plans = [...new Set([...connections].map(planOf))]
    const open = await Promise.all(plans.map((id) => planIsOpen(store, id)))
    const deletedPlans = new Set(plans.filter((_, i) => !open[i]))
    const now = Date.now()
    for (const [c, member] of states) {
      if (deletedPlans.has(planOf(c))) c.close(Close.NotFound)
      else if (c.claims.exp * 1000 < now) c.close(Close.TokenExpired)
      else if (c.claims.sub !== undefined && invalid.has(c.claims.sub)) c.close(Close.AccessRevoked)
      else if (endedSessions.has(sessionsOf.get(c) ?? '')) c.close(Close.AccessRevoked)
      else if (c.claims.user === undefined && c.claims.sub !== undefined && inviteChanged(c.claims, rows.get(c.claims.sub) ?? null))
        c.close(Close.AccessChanged)
      // A member given another role reconnects with it (and the page says so); one removed is refused.
      else if (member === 'changed') c.close(Close.AccessChanged)
      else if (member === 'removed') c.close(Close.AccessRevoked)
    }
  }
  const sweeper = setInterval(() => {
    sweepAccess().catch((e: unknown) => {
      // catch: a failed check must not stop the server; the next sweep tries again
      log('error', 'access-sweep-failed', { error: (e as Error).message })
    })
  }, options.accessCheckMs)
  sweeper.unref()

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject)
    http.listen(options.port, options.host, () => resolveListen())
  })
  const port = (http.address() as { port: number }).port
  const metricsListener = options.metrics.port === null ? null : await startMetricsServer({ ...options.metrics, port: options.metrics.port }, metricsText)
  publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`

  let closing: Promise<void> | null = null
  return {
    port,
    metricsPort: metricsListener?.port ?? null,
    url: publicUrl,
    store,
    rooms,
    versions,
    firstStart: store.created,
    mintToken: async ({ days = 30, createdBy = 'server', sub, ...claims }) =>
      // A second link for an existing invitation (tests: the same person on another device).
      sub !== undefined && (await store.getInvite(sub))
        ? signToken(secret, { ...claims, sub, exp: expiryAfterDays(days) })
        : (await issueInvite(store, secret, { ...claims, days, createdBy, ...(sub !== undefined ? { id: sub } : {}) })).token,
    mintTokenNow: ({ days = 30, createdBy = 'server', sub, ...claims }) => {
      if (!(store instanceof SqliteStore)) throw new Error('mintTokenNow needs the SQLite store; use mintToken')
      if (sub !== undefined && store.getInviteNow(sub)) return signToken(secret, { ...claims, sub, exp: expiryAfterDays(days) })
      const { token, invite } = newInvite(secret, { ...claims, days, createdBy, ...(sub !== undefined ? { id: sub } : {}) })
      store.createInviteNow(invite)
      return token
    },
    sweepAccess,
    close: () => {
      closing ??= (async () => {
        clearInterval(sweeper)
        for (const ws of sockets) ws.close(Close.ShuttingDown.code, Close.ShuttingDown.reason)
        // Before the rooms unload: a shutdown takes no versions, but lets those being made finish.
        const versionsClosed = versions.close()
        await rooms.closeAll()
        await peers?.close()
        await versionsClosed
        await sweeping?.catch(() => {})
        await readPool.close()
        await store.close()
        await pdf.close()
        wss.close()
        await new Promise<void>((r) => {
          http.close(() => r())
          http.closeAllConnections()
        })
        if (metricsListener) {
          await new Promise<void>((r) => {
            metricsListener.server.close(() => r())
            metricsListener.server.closeAllConnections()
          })
        }
      })()
      return closing
    }
  }
}
