import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { documentSchemaVersion, parseRoomName, type CloseReason } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { CommitRows, PlanTouch, Store, StoredRange } from '../storage/store'
import { PEER_ORIGIN, type Peers } from './peers'
import { applyStoredRoom } from './stored-doc'
import { awarenessMsg, persistedMsg, updateMsg } from './messages'
import { GroupCommit, type Committable } from './group-commit'
import { addsContent, RoomSize } from './room-budget'
import { authorOf, planTouch } from './plan-listing'
import { ClientAuthors } from '../conflicts/client-authors'
import { DETECTION_OFF, FieldConflicts } from '../conflicts/field-conflicts'

/** What a room needs from a connection: where to send, how to close it, and who it is. */
export interface RoomMember {
  send(message: Uint8Array): void
  /** Close the member's socket with one of our reasons (when the room can no longer serve it). */
  close(reason: CloseReason, detail?: string): void
  /** Who the member is, for logs. */
  readonly label: string
  /** Whether the client declared it handles our message types: only then is it sent `persisted`. */
  readonly declared: boolean
}

/** Tunables of a room. */
export interface RoomOptions {
  /** Compact the update log into one state after this many stored rows. */
  compactEvery: number
  /** Shared by all rooms of a server so one turn's updates of every room go in one transaction (default: the room's own). */
  groupCommit?: GroupCommit
  /** Largest stored size (state + log) the room may grow to, in bytes (default: no limit). */
  maxBytes?: number
  /** What to do when storing fails, after the room stopped serving (the registry closes everyone and unloads it). */
  onStoreFailure?: (room: Room) => void
  /** Told when the room loads, stores updates and unloads (versions, server/versions/). */
  hooks?: RoomHooks
  /** Other processes serving the same rooms (server/cluster/); none: this process is the only one. */
  peers?: Peers
}

/**
 * What else wants to know about a room's life. Called synchronously: a hook
 * must be quick and must not throw (it runs in the commit path).
 */
export interface RoomHooks {
  loaded(room: Room): void
  /** Updates were stored (`by`: each one's sender, null when unknown). The document holds exactly what is stored. */
  stored(room: Room, updates: ReadonlyArray<{ update: Uint8Array; by: string | null }>): void
  /** The room is about to be unloaded (its document is still readable). */
  unloading(room: Room): void
  /** A client's update was just applied, as it came (before garbage collection re-encodes what it held). */
  applied(room: Room, update: Uint8Array, by: string): void
}

/**
 * Near its budget a room compacts before refusing (deleted content counts
 * until compaction drops it), but at most this often: a hostile editor
 * alternating a deletion and a refused insertion would otherwise make the
 * server encode the whole document each time.
 */
const BUDGET_COMPACTION_INTERVAL_MS = 5_000

/**
 * One shared document and everyone connected to it. Updates that arrive in
 * the same event-loop turn are stored in one SQLite transaction (with those
 * of every other room, see GroupCommit), then sent out as one merged message
 * per connection, then acknowledged to their senders with the state vector
 * now stored. Nothing is broadcast before it is stored.
 */
export class Room implements Committable {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new Awareness(this.doc)
  readonly members = new Set<RoomMember>()
  private pendingUpdates: Array<{ update: Uint8Array; from: RoomMember | null; by: string | null }> = []
  /** Updates handed to the group commit and not yet reported back. */
  private committing: Array<{ update: Uint8Array; from: RoomMember | null; by: string | null }> = []
  private pendingAwareness = new Set<number>()
  private awaitingAck = new Set<RoomMember>()
  private afterStore: Array<(stored: boolean) => void> = []
  /** Which connection speaks for each awareness client id. */
  private readonly awarenessOwners = new Map<number, RoomMember>()
  private scheduled = false
  private readonly groupCommit: GroupCommit
  /**
   * Every row of the room's log up to this id is in the document (rows other
   * processes stored included). Compaction writes the document as the state
   * up to here; a row announced after a later one means a gap to catch up.
   */
  private lastStoredId: number
  /**
   * Whether what other processes store reaches this room as it happens
   * (always, without peers). When not, whatever reads the document for a
   * client first catches up from storage (see whenCurrent).
   */
  private current: boolean
  /** Awareness client ids whose change came from this process's connections (published to the peers at the next flush). */
  private pendingPeerAwareness = new Set<number>()
  private rowsSinceCompaction: number
  private failed = false
  /** What the room holds in storage, for its size budget. */
  readonly size: RoomSize
  private lastCompactedAt = 0
  /** Whose each Yjs client id is (stored with the updates). */
  readonly authors: ClientAuthors
  /** Concurrent writes to typed fields of goal nodes (body rooms only). */
  readonly conflicts: FieldConflicts | null

  /** Load a room from storage. Throws CorruptRoomError when the stored state cannot be read. */
  constructor(
    readonly name: string,
    private readonly store: Store,
    private readonly options: RoomOptions
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null)
    this.groupCommit = options.groupCommit ?? new GroupCommit(store)
    const stored = store.loadRoom(name)
    applyStoredRoom(this.doc, name, stored)
    this.lastStoredId = stored.lastId
    this.current = options.peers === undefined
    this.rowsSinceCompaction = stored.updates.length
    this.size = new RoomSize(
      options.maxBytes ?? Infinity,
      stored.updates.reduce((n, u) => n + u.byteLength, stored.snapshot?.byteLength ?? 0)
    )
    this.authors = new ClientAuthors(name, store)
    const parsed = parseRoomName(name)
    this.conflicts = parsed?.kind === 'body' ? new FieldConflicts(parsed.planId, store, this.authors) : null
    // Before the transaction's garbage collection: what a merge replaced is still readable here.
    this.doc.on('afterTransaction', (txn: Y.Transaction) => {
      // Rows another process stored were judged there.
      if (txn.origin === 'storage' || txn.origin === PEER_ORIGIN || DETECTION_OFF) return
      const at = new Date().toISOString()
      this.authors.observe(txn, at)
      this.conflicts?.observe(txn, at)
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'storage') return
      this.size.add(update.byteLength)
      if (origin === PEER_ORIGIN) {
        // Stored already (by another process): only what this document lacked, sent on at once.
        const message = updateMsg(update)
        for (const member of this.members) member.send(message)
        return
      }
      this.pendingUpdates.push({ update, from: this.isMember(origin) ? origin : null, by: authorOf(origin) })
      this.schedule()
    })
    options.hooks?.loaded(this)
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      for (const id of [...added, ...updated, ...removed]) this.pendingAwareness.add(id)
      // Changes of this process's connections go to the peers; each process times out the others' states itself.
      if (options.peers && origin !== PEER_ORIGIN && origin !== 'timeout')
        for (const id of [...added, ...updated, ...removed]) this.pendingPeerAwareness.add(id)
      if (this.isMember(origin)) {
        for (const id of [...added, ...updated]) this.awarenessOwners.set(id, origin)
        for (const id of removed) this.awarenessOwners.delete(id)
      }
      this.schedule()
    })
  }

  private isMember(x: unknown): x is RoomMember {
    return this.members.has(x as RoomMember)
  }

  /** The schema version the document says it was written with. */
  get schemaVersion(): number {
    return documentSchemaVersion(this.doc)
  }

  /**
   * Whether a client's update may be applied: it fits the size budget, or it
   * brings no new content (deletions are how a full room shrinks). Refused
   * updates are neither applied nor stored; the room keeps serving.
   */
  admits(update: Uint8Array): boolean {
    if (this.size.fits(update.byteLength) || !addsContent(this.doc, update)) return true
    if (Date.now() - this.lastCompactedAt >= BUDGET_COMPACTION_INTERVAL_MS) {
      this.flush()
      this.compact()
      if (this.size.fits(update.byteLength)) return true
    }
    metrics.room_full_refusals_total++
    log('warn', 'room-full', { room: this.name, storedBytes: this.size.storedBytes, maxBytes: this.size.maxBytes, updateBytes: update.byteLength })
    return false
  }

  /** Ask for an acknowledgement to `member` (one that declared, see RoomMember) at the next flush, even if it changed nothing. */
  requestAck(member: RoomMember): void {
    this.awaitingAck.add(member)
    this.schedule()
  }

  /**
   * Run `fn` once everything applied to the document so far is stored: at
   * once when nothing is pending, else right after the next group commit.
   * Whatever reads the document for someone else (a sync reply, a REST
   * export) goes through here, so no client can receive an update a kill -9
   * would lose. `stored` is false when storage failed (the room is closing).
   */
  whenStored(fn: (stored: boolean) => void): void {
    if (this.failed) return fn(false)
    if (this.pendingUpdates.length === 0) return fn(true)
    this.afterStore.push(fn)
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.groupCommit.enqueue(this)
  }

  /** Store, broadcast and acknowledge everything that arrived so far, now. */
  flush(): void {
    this.groupCommit.commitNow(this)
  }

  /** For the group commit: the updates to store. */
  takePending(): Uint8Array[] {
    this.scheduled = false
    if (this.failed) return []
    this.committing = this.pendingUpdates
    this.pendingUpdates = []
    return this.committing.map((u) => u.update)
  }

  /** For the group commit: what the updates being stored change in the plan list (last change, meta). */
  touch(): PlanTouch | null {
    const last = this.committing[this.committing.length - 1]
    return last ? planTouch(this.name, this.doc, last.by) : null
  }

  /** For the group commit: who wrote the updates being stored, and the conflicts they caused. */
  commitRows(): CommitRows {
    return { authors: this.authors.take(), conflicts: this.conflicts?.take() ?? [] }
  }

  /**
   * Run `fn` once the document holds everything stored so far, as far as this
   * process can know: what whenStored waits for, and, while the room is not
   * current (its peers' messages are not flowing, or not yet), what others
   * stored, read from storage first. A sync reply tells the client it has the
   * whole document, so it goes through here.
   */
  whenCurrent(fn: (ok: boolean) => void): void {
    this.whenStored((stored) => fn(stored && (this.current || this.catchUp())))
  }

  /**
   * Apply what other processes stored after the room's last known row. Used
   * on a gap, when the peers' messages start flowing (again) and while they
   * do not. False when storage could not be read (the room keeps serving
   * what it has; the next catch-up tries again).
   */
  catchUp(): boolean {
    if (this.failed) return false
    try {
      const stored = this.store.loadUpdatesSince(this.name, this.lastStoredId)
      const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
      if (parts.length) Y.applyUpdate(this.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), PEER_ORIGIN)
      this.lastStoredId = Math.max(this.lastStoredId, stored.lastId)
      metrics.peer_catch_ups_total++
      return true
    } catch (e) {
      metrics.peer_catch_up_failures_total++
      log('error', 'catch-up-failed', { room: this.name, after: this.lastStoredId, error: (e as Error).message })
      return false
    }
  }

  /** Another process stored `range` of this room: apply it if it follows what the room holds, else catch up from storage. */
  receivePeerUpdate(range: StoredRange, update: Uint8Array): void {
    if (this.failed || range.lastId <= this.lastStoredId) return
    if (range.prevId > this.lastStoredId || update.byteLength === 0) {
      // A row between what we hold and this one never reached us (or this is only a notice): storage has it.
      metrics.peer_gaps_total++
      this.catchUp()
      return
    }
    Y.applyUpdate(this.doc, update, PEER_ORIGIN)
    this.lastStoredId = range.lastId
    metrics.peer_updates_applied_total++
  }

  /** Presence of another process's connections. */
  receivePeerAwareness(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, PEER_ORIGIN)
  }

  /** Answer another process's query: the presence of this process's connections. */
  answerAwarenessQuery(): void {
    const ids = [...this.awarenessOwners.keys()].filter((id) => this.awareness.getStates().has(id))
    if (ids.length) this.options.peers?.publishAwareness(this.name, encodeAwarenessUpdate(this.awareness, ids))
  }

  /** The peers' messages flow now: catch up what was stored before they did; the room is current from here. */
  markCurrent(): void {
    if (this.catchUp()) this.current = true
    this.options.peers?.queryAwareness(this.name)
  }

  /** The peers' messages stopped (connection lost): until markCurrent, readers catch up from storage first. */
  markStale(): void {
    this.current = false
  }

  /** Whether other processes' changes reach the room as they happen. */
  get isCurrent(): boolean {
    return this.current
  }

  /**
   * Our own commit landed at `range`: if another process stored rows of this
   * room between what we hold and ours, fetch them before claiming to hold
   * everything up to our last row.
   */
  private advance(range: StoredRange): void {
    if (range.prevId > this.lastStoredId) {
      metrics.peer_gaps_total++
      this.catchUp()
    }
    this.lastStoredId = Math.max(this.lastStoredId, range.lastId)
  }

  /** For the group commit: broadcast and acknowledge what was stored. */
  committed(count: number, range: StoredRange | null, error: Error | null): void {
    if (this.failed) return
    const updates = this.committing
    this.committing = []
    if (error) {
      // Not stored means not broadcast and not acknowledged: clients keep
      // their changes and send them again when they reconnect.
      this.failed = true
      const waiting = this.afterStore
      this.afterStore = []
      for (const fn of waiting) fn(false)
      log('error', 'store-failed', { room: this.name, error: error.message })
      this.options.onStoreFailure?.(this)
      return
    }
    if (count) {
      if (range !== null) this.advance(range)
      metrics.updates_stored_total += count
      this.rowsSinceCompaction += count
      // Our own updates (from doc events) are well-formed v1, so merging them is safe.
      // One merged message for everyone, senders included: Yjs ignores what it
      // already has, and merging once per tick instead of once per member
      // (to leave out each sender's own part) cut p99 at 500 updates/s from
      // 770 ms to 188 ms in bench/meeting.ts.
      const merged = updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((u) => u.update))
      const message = updateMsg(merged)
      for (const member of this.members) member.send(message)
      // Stored first, then told: a peer that hears of row n can read it.
      if (range !== null) this.options.peers?.publishUpdate(this.name, range, merged)
      for (const u of updates) if (u.from?.declared) this.awaitingAck.add(u.from)
      this.options.hooks?.stored(this, updates)
      const waiting = this.afterStore
      this.afterStore = []
      for (const fn of waiting) fn(true)
    }
    if (this.awaitingAck.size) {
      const stored = persistedMsg(Y.encodeStateVector(this.doc))
      for (const member of this.awaitingAck) if (this.members.has(member)) member.send(stored)
      this.awaitingAck.clear()
    }
    if (this.pendingAwareness.size) {
      const msg = awarenessMsg(encodeAwarenessUpdate(this.awareness, [...this.pendingAwareness]))
      this.pendingAwareness.clear()
      for (const member of this.members) member.send(msg)
    }
    if (this.pendingPeerAwareness.size) {
      this.options.peers?.publishAwareness(this.name, encodeAwarenessUpdate(this.awareness, [...this.pendingPeerAwareness]))
      this.pendingPeerAwareness.clear()
    }
    if (this.rowsSinceCompaction >= this.options.compactEvery) setImmediate(() => this.compact())
  }

  /** Merge the log into one stored state (only for a room that loaded and stored cleanly). */
  compact(): void {
    if (this.failed || this.rowsSinceCompaction === 0) return
    this.flush()
    const state = Y.encodeStateAsUpdate(this.doc)
    this.store.compact(this.name, state, this.lastStoredId)
    this.size.reset(state.byteLength)
    this.lastCompactedAt = Date.now()
    this.rowsSinceCompaction = 0
    metrics.compactions_total++
    log('info', 'compacted', { room: this.name, upto: this.lastStoredId })
  }

  /** Tell the hooks that a client's update was applied (Connection calls this). */
  applied(update: Uint8Array, by: string): void {
    this.options.hooks?.applied(this, update, by)
  }

  /** Whether `member` may set the awareness state of `clientID`: no other connection speaks for it. */
  mayUseAwarenessId(clientID: number, member: RoomMember): boolean {
    const owner = this.awarenessOwners.get(clientID)
    return owner === undefined || owner === member
  }

  /** Remove a member and the awareness states it brought. */
  leave(member: RoomMember, awarenessIds: Iterable<number>): void {
    this.members.delete(member)
    this.awaitingAck.delete(member)
    const ids = [...awarenessIds]
    if (ids.length) removeAwarenessStates(this.awareness, ids, 'left')
    for (const [id, owner] of this.awarenessOwners) if (owner === member) this.awarenessOwners.delete(id)
  }

  /** Flush, compact and release memory. */
  destroy(): void {
    if (!this.failed) {
      this.flush()
      this.compact()
      this.options.hooks?.unloading(this)
    }
    this.awareness.destroy()
    this.doc.destroy()
  }
}
