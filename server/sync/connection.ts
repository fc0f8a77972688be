import type { Socket } from 'node:net'
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
import { rawSocketOf, type SharedFrame } from './shared-frame'

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
 * Updates with missing history a connection may send before its sync reply
 * (dropped): an honest client sends a few keystrokes' worth; more is refused
 * as malformed, so a client that never replies cannot keep the server decoding.
 */
const EARLY_GAPS_ALLOWED = 200

/**
 * Frames a connection may send while its sync reply waits for the room to
 * read what other processes stored (milliseconds): beyond this, the client is
 * not one that waits for nothing, and is refused as malformed.
 */
const WAITING_MAX_FRAMES = 1000
const WAITING_MAX_BYTES = 4 * 1024 * 1024

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
  /** Whether the client's reply to our sync step 1 has arrived (see receiveUpdate). */
  private syncReplyReceived = false
  /** Updates dropped for missing history before that reply (bounded: see EARLY_GAPS_ALLOWED). */
  private earlyGaps = 0
  private declaredSchema: number | null
  private readonly requests: RequestBudget
  private readonly onClose: ((connection: Connection) => void) | null
  /**
   * Frames that arrived while the client's sync reply waits for a catch-up
   * (see receiveUpdate), handled in order after it; null when not waiting.
   */
  private waiting: Uint8Array[] | null = null
  private waitingBytes = 0
  /** Where a broadcast's shared frame is written (see shared-frame.ts), or null: through ws.send. */
  private readonly socket: Socket | null

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
    this.socket = rawSocketOf(ws)
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
    if (!this.mayQueue(isSyncReply)) return
    this.ws.send(message)
    if (isSyncReply) this.queue.queuedSyncReply(message.byteLength)
  }

  sendShared(message: SharedFrame): void {
    if (!this.mayQueue(false)) return
    if (this.socket) this.socket.write(message.frame)
    else this.ws.send(message.payload)
  }

  /** Whether one more message may be sent now; a client that stopped reading is cut here. */
  private mayQueue(isSyncReply: boolean): boolean {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return false
    if (!this.queue.admits(this.ws.bufferedAmount, isSyncReply)) {
      metrics.slow_consumer_closes_total++
      log('warn', 'slow-consumer', { room: this.room.name, who: this.label, buffered: this.ws.bufferedAmount })
      this.close(Close.SlowConsumer)
      // The close frame would queue behind what the client is not reading.
      this.ws.terminate()
      return false
    }
    return true
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
    this.waiting = null
    this.room.awareness.off('update', this.trackAwareness)
    this.room.leave(this, this.awarenessIds)
    this.onClose?.(this)
  }

  /** The room this connection is in. */
  get roomName(): string {
    return this.room.name
  }

  /** Whether this connection has ended. */
  get isClosed(): boolean {
    return this.closed
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.closed) return
    if (!isBinary) return this.rejectMalformed('text frame')
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    if (this.waiting) return this.wait(bytes)
    this.handleGuarded(bytes)
  }

  /** Handle one frame; anything that throws while reading it closes this connection only. */
  private handleGuarded(bytes: Uint8Array): void {
    try {
      this.handle(bytes)
    } catch (e) {
      // catch: any malformed payload can make the decoders throw
      this.rejectMalformed((e as Error).message)
    }
  }

  /** A frame that arrived while the sync reply waits (see receiveUpdate). */
  private wait(bytes: Uint8Array): void {
    const waiting = this.waiting!
    if (waiting.length >= WAITING_MAX_FRAMES || this.waitingBytes + bytes.byteLength > WAITING_MAX_BYTES) {
      return this.rejectMalformed(`more than ${WAITING_MAX_FRAMES} frames or ${WAITING_MAX_BYTES} bytes while the sync reply waits for storage`)
    }
    // Copied: ws may reuse the buffer of a frame once its handler returned.
    waiting.push(bytes.slice())
    this.waitingBytes += bytes.byteLength
  }

  /** The room read what others stored: handle the sync reply, then what waited behind it, in order. */
  private resume(reply: Uint8Array, caughtUp: boolean): void {
    const waiting = this.waiting
    this.waiting = null
    this.waitingBytes = 0
    if (this.closed || !waiting) return
    if (!caughtUp) return this.close(Close.RoomUnavailable, 'could not read what other processes stored')
    try {
      this.receiveUpdate(reply, true, true)
    } catch (e) {
      // catch: as in handleGuarded (the reply decoded once already)
      return this.rejectMalformed((e as Error).message)
    }
    for (let i = 0; i < waiting.length; i++) {
      if (this.closed) return
      // Another sync reply may have started waiting (handleGuarded changed this.waiting): the rest goes behind it.
      const again = this.waiting as Uint8Array[] | null
      if (again) {
        again.push(...waiting.slice(i))
        return
      }
      this.handleGuarded(waiting[i]!)
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

  private receiveUpdate(update: Uint8Array, isSyncReply: boolean, caughtUp = false): void {
    if (isSyncReply && !caughtUp && this.room.hasPeers && changesDocument(this.room.doc, update)) {
      // A client that moved here from another process (a restart, a killed
      // process) may hold what that process stored and this one has not
      // heard of yet: others' comments the comment guard would take for
      // forgeries, a viewer's "change". So the reply waits for the room to
      // read storage, and whatever the client sends meanwhile waits behind it.
      this.waiting = []
      metrics.sync_replies_after_catch_up_total++
      void this.room.catchUp().then((ok) => this.resume(update, ok))
      return
    }
    if (isSyncReply) this.syncReplyReceived = true
    if (!this.canWrite) {
      // A read-only client's message is fine as long as it changes nothing:
      // a sync reply, and an update the room already holds (a page made
      // reader while its own comment was not yet acknowledged replays it
      // from its journal on reload; closing it as read-only then hid the
      // later "access revoked"). Counted against its update rate all the same.
      if (!changesDocument(this.room.doc, update)) {
        if (isSyncReply || this.updates.take()) return
        metrics.rate_limited_total++
        return this.close(Close.RateLimited, 'updates')
      }
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
    const unmet = unmetDependencies(this.room.doc, update)
    if (unmet) {
      // A client reconnecting after a restart (or to another process) sends
      // each new edit at once, before it has answered our sync step 1; such
      // an edit can build on edits the server never stored, and the reply
      // brings them all, this one included (the client computes it from its
      // whole document, after this edit). So until the reply, such an update
      // is dropped, unstored and unacknowledged, not refused; after it, a gap
      // is malformed. Closing here lost the connection of a writer in the
      // crash-loop test whenever it typed while reconnecting.
      if (unmet.missingHistory && !isSyncReply && !this.syncReplyReceived && this.earlyGaps < EARLY_GAPS_ALLOWED) {
        this.earlyGaps++
        metrics.updates_before_sync_dropped_total++
        log('info', 'update-before-sync-reply', { room: this.room.name, who: this.label, detail: unmet.detail })
        return
      }
      return this.rejectMalformed(unmet.detail)
    }
    this.apply(update)
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
