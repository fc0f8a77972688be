import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { Close, MessageType, SCHEMA_PARAM, mayWrite, type CloseReason, type TokenClaims } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import { TokenBucket } from './rate-limit'
import { SendQueue } from './send-queue'
import { awarenessMsg, documentSchemaMsg, syncStep1, syncStep2 } from './messages'
import type { Room, RoomMember } from './room'
import { changesDocument, unmetDependencies } from './validate-update'
import { checkCommentUpdate } from './comment-guard'
import { AwarenessClaims, changesAwareness, readAwarenessUpdate, relayedState, writeAwarenessUpdate } from './awareness-guard'
import { RequestBudget, type RequestLimits } from './request-budget'

/** Limits that protect a room from one connection. */
export interface ConnectionLimits extends RequestLimits {
  /** Updates per second on average, and the burst allowed. */
  updatesPerSecond: number
  updateBurst: number
  /** Update bytes per second on average, and the burst allowed (at least the largest message). */
  updateBytesPerSecond: number
  updateBytesBurst: number
  awarenessPerSecond: number
  awarenessBurst: number
  /** Largest awareness update accepted (presence is a name, a colour and a cursor). */
  maxAwarenessBytes: number
  /** Awareness client ids one connection may give a state (an honest client uses one). */
  maxAwarenessIds: number
  /** Bytes queued for a client that does not read before it is disconnected. */
  maxBufferedBytes: number
}

/** How long a closed connection's client has to answer the close before its socket is cut. */
const CLOSE_GRACE_MS = 1000

/**
 * Updates that build on something the room lacks, held until the client's
 * sync step 2 (its answer to our step 1, which carries everything it has and
 * we lack) arrives: at most this many, this many bytes, this long. A client
 * that moved here from another process (a restart, a killed process) may
 * type before that answer arrives, building on what it had from there.
 */
const HOLD_MAX_UPDATES = 500
const HOLD_MAX_BYTES = 4 * 1024 * 1024
const HOLD_MAX_MS = 3_000

/** What a connection is told besides its socket, room and token. */
export interface ConnectionOptions {
  /** This connection's budget for step 1, query-awareness, auth and schemaVersion, drawn from its token's (RequestBudgets); default: a token of its own. */
  requests?: RequestBudget
  /** The schema version the client declared in its URL (SCHEMA_PARAM), or null for a stock client that did not. */
  declaredSchema?: number | null
  /** Called once when this connection ends (also when it ends while being opened, hence the argument). */
  onClose?: (connection: Connection) => void
}

/**
 * One client's socket in one room. Every frame is parsed inside a guard: a
 * malformed, forbidden or too-fast message closes this connection with a
 * reason and leaves the room and everyone else alone.
 */
export class Connection implements RoomMember {
  readonly label: string
  private readonly canWrite: boolean
  private readonly updates: TokenBucket
  private readonly updateBytes: TokenBucket
  private readonly awarenessBucket: TokenBucket
  private readonly awarenessIds = new Set<number>()
  private readonly queue: SendQueue
  private readonly awarenessClaims: AwarenessClaims
  private closed = false
  private declaredSchema: number | null
  private readonly requests: RequestBudget
  private readonly onClose: ((connection: Connection) => void) | null
  /** Whether the client's sync step 2 arrived (after it, an update with unmet dependencies is malformed). */
  private answeredStep1 = false
  /** Updates waiting for what they build on (see HOLD_MAX_UPDATES). */
  private held: Uint8Array[] = []
  private heldBytes = 0
  private holdTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly ws: WebSocket,
    private readonly room: Room,
    readonly claims: TokenClaims,
    private readonly kind: 'body' | 'comments',
    private readonly limits: ConnectionLimits,
    options: ConnectionOptions = {}
  ) {
    this.label = `${claims.name} (${claims.role})`
    this.requests = options.requests ?? RequestBudget.alone(limits)
    this.declaredSchema = options.declaredSchema ?? null
    this.onClose = options.onClose ?? null
    this.canWrite = mayWrite(claims.role, kind)
    this.updates = new TokenBucket(limits.updatesPerSecond, limits.updateBurst)
    this.updateBytes = new TokenBucket(limits.updateBytesPerSecond, limits.updateBytesBurst)
    this.awarenessBucket = new TokenBucket(limits.awarenessPerSecond, limits.awarenessBurst)
    this.queue = new SendQueue(limits.maxBufferedBytes)
    this.awarenessClaims = new AwarenessClaims(limits.maxAwarenessIds)
    room.members.add(this)
    room.awareness.on('update', this.trackAwareness)
    ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(data, isBinary))
    ws.on('close', () => this.cleanup())
    ws.on('error', () => this.cleanup())
    // Greet: the server's state vector, who is here, and (to a client that
    // declared it understands them) the document's schema and what is stored.
    this.send(syncStep1(room.doc))
    const states = [...room.awareness.getStates().keys()]
    if (states.length) this.send(awarenessMsg(encodeAwarenessUpdate(room.awareness, states)))
    if (this.declared) this.greetDeclared()
  }

  /** Whether the client declared its schema, and so handles our message types; a stock client is never sent them. */
  get declared(): boolean {
    return this.declaredSchema !== null
  }

  /**
   * Our messages for a client that declared: the document's schema, and what
   * is already stored, so a client whose changes all reached the server in an
   * earlier session can show "saved" at once.
   */
  private greetDeclared(): void {
    if (this.kind === 'body') this.send(documentSchemaMsg(this.room.schemaVersion))
    this.room.requestAck(this)
  }

  private readonly trackAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin !== this) return
    for (const id of [...added, ...updated]) this.awarenessIds.add(id)
    for (const id of removed) this.awarenessIds.delete(id)
  }

  /** Send a message, unless the client has stopped reading: then disconnect it (see SendQueue for sync replies). */
  send(message: Uint8Array, isSyncReply = false): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return
    if (!this.queue.admits(this.ws.bufferedAmount, isSyncReply)) {
      metrics.slow_consumer_closes_total++
      log('warn', 'slow-consumer', { room: this.room.name, who: this.label, buffered: this.ws.bufferedAmount })
      this.close(Close.SlowConsumer)
      // The close frame would queue behind what the client is not reading.
      this.ws.terminate()
      return
    }
    this.ws.send(message)
    if (isSyncReply) this.queue.queuedSyncReply(message.byteLength)
  }

  /** Close with one of our reasons, and log it. */
  close(reason: CloseReason, detail?: string): void {
    if (this.closed) return
    log('info', 'close', { room: this.room.name, role: this.claims.role, who: this.label, reason: reason.reason, detail })
    this.cleanup()
    this.ws.close(reason.code, reason.reason)
    // A client that does not answer the close keeps sending, and ws reads
    // (and discards) its frames for 30 s: a refused flooder reconnecting
    // kept the server busy with megabytes nobody wanted. Give it a moment.
    const ws = this.ws
    setTimeout(() => {
      if (ws.readyState !== ws.CLOSED) ws.terminate()
    }, CLOSE_GRACE_MS).unref()
  }

  private cleanup(): void {
    if (this.closed) return
    this.closed = true
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.held = []
    this.room.awareness.off('update', this.trackAwareness)
    this.room.leave(this, this.awarenessIds)
    this.onClose?.(this)
  }

  /** Whether this connection has ended. */
  get isClosed(): boolean {
    return this.closed
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    if (!isBinary) return this.rejectMalformed('text frame')
    try {
      this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch (e) {
      // catch: any malformed payload can make the decoders throw
      this.rejectMalformed((e as Error).message)
    }
  }

  /** Count, log (warn: an operator should see it) and close for bytes we cannot accept. */
  private rejectMalformed(detail: string): void {
    metrics.malformed_messages_total++
    log('warn', 'malformed-message', { room: this.room.name, role: this.claims.role, who: this.label, error: detail })
    this.close(Close.Malformed, detail)
  }

  private handle(bytes: Uint8Array): void {
    const overBudget = this.requests.exceeded(bytes)
    if (overBudget) {
      metrics.rate_limited_total++
      return this.close(Close.RateLimited, overBudget)
    }
    const d = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(d)
    switch (type) {
      case MessageType.sync: {
        const sub = decoding.readVarUint(d)
        if (sub === messageYjsSyncStep1) {
          const sv = decoding.readVarUint8Array(d)
          // Validates the state vector before answering with it.
          Y.decodeStateVector(sv)
          // Not before what the reply carries is stored, nor before the room
          // holds what other processes stored (see Room.whenCurrent): the
          // client takes the reply as the whole document.
          this.room.whenCurrent((ok) => ok && this.send(syncStep2(this.room.doc, sv), true))
          return
        }
        if (sub !== messageYjsSyncStep2 && sub !== messageYjsUpdate) throw new Error(`unknown sync message ${sub}`)
        const update = decoding.readVarUint8Array(d)
        return this.receiveUpdate(update, sub === messageYjsSyncStep2)
      }
      case MessageType.awareness: {
        if (!this.awarenessBucket.take()) {
          metrics.rate_limited_total++
          return this.close(Close.RateLimited, 'awareness')
        }
        const payload = decoding.readVarUint8Array(d)
        if (payload.byteLength > this.limits.maxAwarenessBytes) return this.rejectMalformed(`awareness update of ${payload.byteLength} bytes`)
        const entries = readAwarenessUpdate(payload).filter((x) => changesAwareness(this.room.awareness, x))
        const own = entries.filter((x) => this.room.mayUseAwarenessId(x.clientID, this))
        if (own.length < entries.length) {
          // Dropped, not closed: an honest client reconnecting can briefly
          // overlap its old, not yet closed socket.
          metrics.awareness_foreign_dropped_total++
          log('warn', 'awareness-foreign-id', { room: this.room.name, who: this.label, ids: entries.filter((x) => !own.includes(x)).map((x) => x.clientID) })
        }
        const mine = this.awarenessClaims.admit(own)
        if (!mine) return this.rejectMalformed(`awareness for more than ${this.limits.maxAwarenessIds} client ids`)
        metrics.awareness_received_total++
        if (mine.length)
          applyAwarenessUpdate(this.room.awareness, writeAwarenessUpdate(mine.map((x) => ({ ...x, state: relayedState(x.state, this.claims) }))), this)
        return
      }
      case MessageType.queryAwareness: {
        const ids = [...this.room.awareness.getStates().keys()]
        if (ids.length) this.send(awarenessMsg(encodeAwarenessUpdate(this.room.awareness, ids)))
        return
      }
      case MessageType.auth:
        // Permissions travel in the token; y-websocket's auth message carries nothing we use.
        return
      case MessageType.schemaVersion: {
        // The previous release's late declaration (see MessageType.schemaVersion).
        const first = !this.declared
        this.declaredSchema = decoding.readVarUint(d)
        if (first) this.greetDeclared()
        return
      }
      default:
        throw new Error(`unknown message type ${type}`)
    }
  }

  private receiveUpdate(update: Uint8Array, isSyncReply: boolean): void {
    if (!this.canWrite) {
      // A read-only client's sync reply is fine as long as it changes nothing.
      // One that moved from another process may hold what that process
      // stored and this one has not heard of yet: storage decides.
      if (isSyncReply && (!changesDocument(this.room.doc, update) || (this.room.catchUp() && !changesDocument(this.room.doc, update)))) return
      metrics.readonly_writes_rejected_total++
      return this.close(Close.ReadOnly, `${this.claims.role} may not change ${this.kind === 'body' ? 'the plan text' : 'comments'}`)
    }
    // A body writer must have said which schema it knows: one that did not
    // may be too old to keep the document's nodes, and one that is too old
    // would delete them for everyone.
    if (this.kind === 'body' && (this.declaredSchema === null || this.declaredSchema < this.room.schemaVersion) && changesDocument(this.room.doc, update)) {
      const detail =
        this.declaredSchema === null
          ? `client declared no schema (${SCHEMA_PARAM}); document schema ${this.room.schemaVersion}`
          : `client schema ${this.declaredSchema} < document schema ${this.room.schemaVersion}`
      return this.close(Close.OutdatedClient, detail)
    }
    if (!this.updates.take() || !this.updateBytes.take(update.byteLength) || !this.requests.takeUpdateBytes(update.byteLength)) {
      metrics.rate_limited_total++
      return this.close(Close.RateLimited, 'updates')
    }
    metrics.updates_received_total++
    if (isSyncReply) {
      // It carries everything the client has that the room lacks: first it, then what was held.
      this.answeredStep1 = true
      this.tryApply(update, true)
      if (this.held.length) this.releaseHeld()
      return
    }
    // Behind what is already held, in the client's order.
    if (this.held.length || !this.tryApply(update, false)) this.hold(update)
  }

  /**
   * Apply an update if everything it builds on is in the room (after reading
   * what other processes stored, if needed); false when it must wait for the
   * client's sync step 2. Closes the connection when the update is refused.
   */
  private tryApply(update: Uint8Array, isSyncReply: boolean): boolean {
    let unmet = unmetDependencies(this.room.doc, update)
    // Another process may have stored what it builds on (the client was there before).
    if (unmet && this.room.catchUp()) unmet = unmetDependencies(this.room.doc, update)
    if (unmet) {
      if (!this.answeredStep1 && !isSyncReply) return false
      this.rejectMalformed(unmet)
      return true
    }
    this.apply(update)
    return true
  }

  private hold(update: Uint8Array): void {
    if (this.held.length >= HOLD_MAX_UPDATES || this.heldBytes + update.byteLength > HOLD_MAX_BYTES) {
      return this.rejectMalformed(`more than ${HOLD_MAX_UPDATES} updates or ${HOLD_MAX_BYTES} bytes build on something the room does not have`)
    }
    metrics.updates_held_total++
    this.held.push(update)
    this.heldBytes += update.byteLength
    this.holdTimer ??= setTimeout(() => {
      this.holdTimer = null
      // The client never answered our step 1: what it sent cannot be placed.
      if (!this.closed && this.held.length) this.rejectMalformed(`updates held ${HOLD_MAX_MS} ms without the client's sync step 2`)
    }, HOLD_MAX_MS)
    this.holdTimer.unref()
  }

  /** The client's sync step 2 arrived: apply what was held, in order (now each must fit, or the connection closes). */
  private releaseHeld(): void {
    const held = this.held
    this.held = []
    this.heldBytes = 0
    if (this.holdTimer) clearTimeout(this.holdTimer)
    this.holdTimer = null
    for (const update of held) {
      if (this.closed) return
      try {
        this.tryApply(update, true)
      } catch (e) {
        // catch: as in receive (these bytes decoded once already)
        return this.rejectMalformed((e as Error).message)
      }
    }
  }

  /** The guards that read the room as it is, then apply. */
  private apply(update: Uint8Array): void {
    if (this.kind === 'comments') {
      const { name, group, role, sub } = this.claims
      const refusal = checkCommentUpdate(this.room.doc, update, sub === undefined ? { name, group, role } : { name, group, role, uid: sub })
      if (refusal) {
        metrics.comment_writes_refused_total++
        return this.close(Close.NotPermitted, refusal)
      }
    }
    if (!this.room.admits(update)) return this.close(Close.RoomFull, `${this.kind} room is at its size budget`)
    Y.applyUpdate(this.room.doc, update, this)
    this.room.applied(update, this.claims.name)
    // Acknowledge even when the update changed nothing new (the room already had it).
    if (this.declared) this.room.requestAck(this)
  }
}
