import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import { documentSchemaVersion, parseRoomName, type CloseReason } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { Conflict } from '../../schema'
import type { ClientAuthor, CommitRows, PlanTouch, Store, StoredRange, StoredRoom } from '../storage/store'
import { PEER_ORIGIN, type Peers } from './peers'
import { applyStoredRoom } from './stored-doc'
import { awarenessMsg, persistedMsg, updateMsg } from './messages'
import { GroupCommit, type Acknowledge, type Committable } from './group-commit'
import { sharedFrame, type SharedFrame } from './shared-frame'
import { readAwarenessUpdate } from './awareness-guard'
import { addsContent, RoomSize } from './room-budget'
import { authorOf, planTouch } from './plan-listing'
import { ClientAuthors } from '../conflicts/client-authors'
import { OneAfterAnother } from '../one-after-another'
import { DETECTION_OFF, FieldConflicts } from '../conflicts/field-conflicts'

/** The owner of an awareness client id whose connection is on another process. */
const ELSEWHERE: unique symbol = Symbol('a connection of another process')

/** What a room needs from a connection: where to send, how to close it, and who it is. */
export interface RoomMember {
  send(message: Uint8Array): void
  /** The same message as `send`, framed once for every member of a broadcast. */
  sendShared(message: SharedFrame): void
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

/** What a room is made from: its stored rows and what conflict detection needs at hand. */
export interface LoadedRoom {
  stored: StoredRoom
  /** The plan's open conflicts (body rooms). */
  conflicts: readonly Conflict[]
  /** The stored authors of the room's client ids. */
  authors: readonly ClientAuthor[]
}

/**
 * One shared document and everyone connected to it. Updates that arrive in
 * the same event-loop turn are stored in one transaction (with those of
 * every other room, see GroupCommit), then sent out as one merged message
 * per connection, then, once on disk, acknowledged to their senders with
 * the state vector stored. Nothing is broadcast before it is stored, and
 * nothing acknowledged before it is on disk.
 *
 * Storing is asynchronous: while a commit runs, new updates are applied to
 * the document and wait for the next one. So "stored" is counted, not
 * assumed: every applied update has a sequence number, and readers
 * (whenStored), acknowledgements and compactions go by what was handed to a
 * commit that succeeded, never by what the document holds.
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
  /** Members acknowledged when the commit running now succeeds, with the state vector it stores. */
  private acking = new Set<RoomMember>()
  private ackVector: Uint8Array | null = null
  /** Updates applied (not from storage), the last of them handed to a commit, and the last stored. */
  private appliedSeq = 0
  private committingSeq = 0
  private storedSeq = 0
  private afterStore: Array<{ seq: number; fn: (stored: boolean) => void }> = []
  /** Which connection speaks for each awareness client id: one of this process's, or one of another's (learnt from the peers' presence). */
  private readonly awarenessOwners = new Map<number, RoomMember | typeof ELSEWHERE>()
  /** The process whose connection set each of the ELSEWHERE ids (what `dropPeerPresence` removes when that process is gone). */
  private readonly peerPresence = new Map<number, string>()
  private scheduled = false
  private readonly groupCommit: GroupCommit
  /**
   * Every row of the room's log up to this id is in the document (rows other
   * processes stored included). Compaction writes the document as the state
   * up to here; a row announced after a later one means a gap to catch up.
   */
  private lastStoredId: number
  /**
   * With peers: whether what other processes store reaches this room as it
   * happens. When not, whatever reads the document for a client first
   * catches up from storage (see current()).
   */
  private live = false
  /** Gaps found in the log (rows others stored that the document lacks), and the last one a finished catch-up covers. */
  private gapSeq = 0
  private caughtUpGap = 0
  private readonly catchUps = new OneAfterAnother(() => this.readWhatOthersStored())
  private destroyed = false
  /** Awareness client ids whose change came from this process's connections (published to the peers at the next flush). */
  private pendingPeerAwareness = new Set<number>()
  private rowsSinceCompaction: number
  private failed = false
  /** What the room holds in storage, for its size budget. */
  readonly size: RoomSize
  private lastCompactedAt = 0
  /** A compaction was asked for: its state is taken with the next commit's updates (takePending). */
  private compactWanted = false
  private compactWaiters: Array<() => void> = []
  /** The state taken for the compaction that follows the commit running now. */
  private compactState: Uint8Array | null = null
  /** The last row the document held (lastStoredId) when that state was taken. */
  private compactBase = 0
  /** The last row of the log the taken state stands for, once its commit landed. */
  private compactUpto: number | null = null
  /** Whose each Yjs client id is (stored with the updates). */
  readonly authors: ClientAuthors
  /** Concurrent writes to typed fields of goal nodes (body rooms only). */
  readonly conflicts: FieldConflicts | null

  /** Load a room from storage. Rejects with CorruptRoomError when the stored state cannot be read, or when storage cannot be reached. */
  static async load(name: string, store: Store, options: RoomOptions): Promise<Room> {
    const parsed = parseRoomName(name)
    const [stored, conflicts, authors] = await Promise.all([
      store.loadRoom(name),
      parsed?.kind === 'body' ? store.listConflicts(parsed.planId) : Promise.resolve([]),
      store.listClientAuthors(name)
    ])
    return new Room(name, store, options, { stored, conflicts, authors })
  }

  /** A room from what was read from storage (Room.load). Throws CorruptRoomError when the stored state cannot be applied. */
  constructor(
    readonly name: string,
    private readonly store: Store,
    private readonly options: RoomOptions,
    loaded: LoadedRoom
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null)
    this.groupCommit = options.groupCommit ?? new GroupCommit(store)
    const { stored } = loaded
    applyStoredRoom(this.doc, name, stored)
    this.lastStoredId = stored.lastId
    this.rowsSinceCompaction = stored.updates.length
    this.size = new RoomSize(
      options.maxBytes ?? Infinity,
      stored.updates.reduce((n, u) => n + u.byteLength, stored.snapshot?.byteLength ?? 0)
    )
    this.authors = new ClientAuthors(name, loaded.authors)
    const parsed = parseRoomName(name)
    // A resolution through REST goes in line with the commits, so an older copy of the record cannot overwrite it.
    const write = (c: Conflict) => this.groupCommit.serially(() => store.putConflict(c))
    this.conflicts = parsed?.kind === 'body' ? new FieldConflicts(parsed.planId, store, this.authors, loaded.conflicts, write) : null
    // Before the transaction's garbage collection: what a merge replaced is still readable here.
    this.doc.on('afterTransaction', (txn: Y.Transaction) => {
      if (txn.origin === 'storage' || DETECTION_OFF) return
      const at = new Date().toISOString()
      // Rows another process stored are judged here too: a write that met
      // another only on this process (each was stored on its own) is a
      // conflict one process alone would have recorded.
      const fromPeer = txn.origin === PEER_ORIGIN
      if (!fromPeer) this.authors.observe(txn, at)
      if (this.conflicts?.observe(txn, at, fromPeer) && fromPeer) this.conflicts.refreshSoon()
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'storage') return
      this.size.add(update.byteLength)
      if (origin === PEER_ORIGIN) {
        // Stored already (by another process): only what this document lacked, sent on at once.
        const message = sharedFrame(updateMsg(update))
        for (const member of this.members) member.sendShared(message)
        return
      }
      this.appliedSeq++
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
      } else if (origin === PEER_ORIGIN || origin === 'timeout') {
        // An id another process's connection speaks for is nobody's here
        // either; released when its owner leaves (the peer publishes the
        // removal) or falls silent (a killed process: its states time out).
        for (const id of [...added, ...updated]) if (!this.awarenessOwners.has(id)) this.awarenessOwners.set(id, ELSEWHERE)
        for (const id of removed) if (this.awarenessOwners.get(id) === ELSEWHERE) this.awarenessOwners.delete(id)
      }
      for (const id of removed) this.peerPresence.delete(id)
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
      // What the room will hold once compacted: the compaction goes with the
      // next commit, the one that stores this update, so storage is over the
      // budget only between that commit's two writes.
      this.lastCompactedAt = Date.now()
      this.size.reset(Y.encodeStateAsUpdate(this.doc).byteLength)
      void this.compact()
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
    if (this.storedSeq >= this.appliedSeq) return fn(true)
    this.afterStore.push({ seq: this.appliedSeq, fn })
  }

  /** whenStored as a promise. */
  stored(): Promise<boolean> {
    return new Promise((resolve) => this.whenStored(resolve))
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.groupCommit.enqueue(this)
  }

  /** For the group commit: the turn ended. Presence goes out now; acknowledgements now only if nothing is unstored. */
  turnEnded(): boolean {
    this.scheduled = false
    if (this.pendingAwareness.size) {
      const msg = sharedFrame(awarenessMsg(encodeAwarenessUpdate(this.awareness, [...this.pendingAwareness])))
      this.pendingAwareness.clear()
      for (const member of this.members) member.sendShared(msg)
    }
    if (this.pendingPeerAwareness.size) {
      this.options.peers?.publishAwareness(this.name, encodeAwarenessUpdate(this.awareness, [...this.pendingPeerAwareness]))
      this.pendingPeerAwareness.clear()
    }
    if (this.failed) return false
    if (this.compactWanted) return true
    if (this.storedSeq >= this.appliedSeq && this.awaitingAck.size) {
      // The document holds exactly what is stored: its state vector is the acknowledgement, once that is on disk.
      const members = this.awaitingAck
      const vector = Y.encodeStateVector(this.doc)
      this.awaitingAck = new Set()
      this.groupCommit.afterDisk(() => this.sendAcks(members, vector))
    }
    return this.pendingUpdates.length > 0 || this.awaitingAck.size > 0
  }

  /** For the group commit: the updates to store, and who is acknowledged once they are. */
  takePending(): Uint8Array[] {
    if (this.failed) return []
    this.committing = this.pendingUpdates
    this.pendingUpdates = []
    this.committingSeq = this.appliedSeq
    for (const u of this.committing) if (u.from?.declared) this.awaitingAck.add(u.from)
    // Only those who asked before this moment: a member whose change arrives
    // during the commit is not in it, and an acknowledgement now would tell
    // its client that a deletion it sent (invisible in a state vector) is stored.
    this.acking = this.awaitingAck
    this.awaitingAck = new Set()
    this.ackVector = this.acking.size ? Y.encodeStateVector(this.doc) : null
    if (this.compactWanted) {
      // Now the document holds exactly what is stored plus this batch: what storage holds once the batch commits.
      this.compactWanted = false
      this.compactState = Y.encodeStateAsUpdate(this.doc)
      this.compactBase = this.lastStoredId
      this.size.reset(this.compactState.byteLength)
      this.lastCompactedAt = Date.now()
      // The batch's rows are in the state: `committed` counts them back up to 0.
      this.rowsSinceCompaction = -this.committing.length
    }
    return this.committing.map((u) => u.update)
  }

  /** For the group commit, after `committed`: the compaction to write now (its state and the last row it replaces), if one was taken. */
  takeCompaction(): { state: Uint8Array; upto: number } | null {
    const state = this.compactState
    const upto = this.compactUpto
    this.compactState = null
    this.compactUpto = null
    if (!state) return null
    if (this.failed) {
      this.compacted(new Error('the room stopped storing'))
      return null
    }
    if (upto === null) {
      // Another process stored rows between the state and this commit: the
      // state lacks them, so it replaces nothing. A later compaction will.
      this.compactionSkipped('rows-stored-elsewhere-meanwhile')
      return null
    }
    return { state, upto }
  }

  private compactionSkipped(reason: string): void {
    metrics.compactions_skipped_total++
    log('info', 'compaction-skipped', { room: this.name, reason })
    this.releaseCompactWaiters()
  }

  /** For the group commit: the compaction's write ended (`error` when it failed; the log then stays as it was). */
  compacted(error: Error | null, upto = this.lastStoredId): void {
    if (error) {
      metrics.compaction_failures_total++
      log('error', 'compaction-failed', { room: this.name, upto, error: error.message })
    } else {
      metrics.compactions_total++
      log('info', 'compacted', { room: this.name, upto })
    }
    this.releaseCompactWaiters()
  }

  private releaseCompactWaiters(): void {
    const waiting = this.compactWaiters
    this.compactWaiters = []
    for (const fn of waiting) fn()
  }

  private sendAcks(members: Iterable<RoomMember>, stateVector: Uint8Array): void {
    const msg = persistedMsg(stateVector)
    for (const member of members) if (this.members.has(member)) member.send(msg)
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
   * Run `fn` once the document holds everything stored so far, as far as
   * this process can know: what `stored()` waits for and, while the room is
   * not current (its peers' messages are not flowing, or not yet) or a gap
   * in them is not filled yet, what others stored, read from storage first.
   * A sync reply tells the client it has the whole document, and a REST read
   * answers for the plan, so both go through here. False when storing or the
   * read failed.
   */
  whenCurrent(fn: (ok: boolean) => void): void {
    this.whenStored((stored) => {
      if (!stored) return fn(false)
      if (this.isCurrent && this.caughtUpGap >= this.gapSeq) return fn(true)
      // The read takes time: what is applied meanwhile is stored first (the
      // read itself starts after this call, so nothing stored before it is missed).
      void this.catchUp().then((ok) => (ok ? this.whenStored(fn) : fn(false)))
    })
  }

  /** whenCurrent as a promise. */
  current(): Promise<boolean> {
    return new Promise((resolve) => this.whenCurrent(resolve))
  }

  /** Whether other processes serve this room too (REDIS_URL). */
  get hasPeers(): boolean {
    return this.options.peers !== undefined
  }

  /**
   * Apply what other processes stored after the room's last known row. Used
   * on a gap, when the peers' messages start flowing (again) and while they
   * do not. One read at a time; a call during a read gets the next one
   * (which starts after it, so it sees everything stored before the call).
   * False when storage could not be read (the room keeps serving what it
   * has; the next catch-up tries again).
   */
  catchUp(): Promise<boolean> {
    return this.catchUps.run()
  }

  private async readWhatOthersStored(): Promise<boolean> {
    if (this.failed || this.destroyed) return false
    const gapSeq = this.gapSeq
    const after = this.lastStoredId
    try {
      const stored = await this.store.loadUpdatesSince(this.name, after)
      if (this.failed || this.destroyed) return false
      const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
      if (parts.length) Y.applyUpdate(this.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), PEER_ORIGIN)
      this.lastStoredId = Math.max(this.lastStoredId, stored.lastId)
      this.caughtUpGap = Math.max(this.caughtUpGap, gapSeq)
      metrics.peer_catch_ups_total++
      return true
    } catch (e) {
      metrics.peer_catch_up_failures_total++
      log('error', 'catch-up-failed', { room: this.name, after, error: (e as Error).message })
      return false
    }
  }

  /** A row of the log is known to be missing from the document: readers wait for a catch-up, which starts now. */
  private gap(): void {
    metrics.peer_gaps_total++
    this.gapSeq++
    void this.catchUp()
  }

  /** Another process stored `range` of this room: apply it if it follows what the room holds, else catch up from storage. */
  receivePeerUpdate(range: StoredRange, update: Uint8Array): void {
    if (this.failed || this.destroyed || range.lastId <= this.lastStoredId) return
    // A row between what we hold and this one never reached us (or this is only a notice): storage has it.
    if (range.prevId > this.lastStoredId || update.byteLength === 0) return this.gap()
    Y.applyUpdate(this.doc, update, PEER_ORIGIN)
    this.lastStoredId = range.lastId
    metrics.peer_updates_applied_total++
  }

  /** Presence of another process's (`sender`'s) connections. */
  receivePeerAwareness(update: Uint8Array, sender: string): void {
    if (this.destroyed) return
    applyAwarenessUpdate(this.awareness, update, PEER_ORIGIN)
    const states = this.awareness.getStates()
    for (const { clientID } of readAwarenessUpdate(update))
      if (states.has(clientID) && this.awarenessOwners.get(clientID) === ELSEWHERE) this.peerPresence.set(clientID, sender)
  }

  /**
   * Process `sender` stopped or fell silent: the presence its connections set
   * goes now, instead of when y-protocols' 30 s timeout ends it, and their
   * ids are free for whoever connects next.
   */
  dropPeerPresence(sender: string): void {
    const ids = [...this.peerPresence].filter(([, from]) => from === sender).map(([id]) => id)
    if (ids.length && !this.destroyed) removeAwarenessStates(this.awareness, ids, PEER_ORIGIN)
  }

  /** Answer another process's query: the presence of this process's connections. */
  answerAwarenessQuery(): void {
    const ids = [...this.awarenessOwners].filter(([id, owner]) => owner !== ELSEWHERE && this.awareness.getStates().has(id)).map(([id]) => id)
    if (ids.length) this.options.peers?.publishAwareness(this.name, encodeAwarenessUpdate(this.awareness, ids))
  }

  /** The peers' messages flow now: catch up what was stored before they did; the room is current once that read succeeded. */
  markCurrent(): void {
    void this.catchUp().then((ok) => {
      // Still flowing (a loss during the read marked the room stale again).
      if (ok && this.options.peers?.live(this.name)) this.live = true
    })
    this.options.peers?.queryAwareness(this.name)
  }

  /** The peers' messages stopped (connection lost): until markCurrent, readers catch up from storage first. */
  markStale(): void {
    this.live = false
  }

  /** Whether other processes' changes reach the room as they happen (always without peers). */
  get isCurrent(): boolean {
    return this.options.peers === undefined || this.live
  }

  /**
   * Our own commit landed at `range`. When another process stored rows of
   * this room between what the document holds and ours, the room does not
   * claim to hold everything up to our last row until a catch-up read them
   * (it reads ours again too: Yjs ignores what it has).
   */
  private advance(range: StoredRange): void {
    if (range.prevId > this.lastStoredId) return this.gap()
    this.lastStoredId = Math.max(this.lastStoredId, range.lastId)
  }

  /** For the group commit: broadcast what was stored; the acknowledgements to send once it is on disk. */
  committed(count: number, range: StoredRange | null, error: Error | null): Acknowledge | null {
    if (this.failed) return null
    const updates = this.committing
    this.committing = []
    const acking = this.acking
    const ackVector = this.ackVector
    this.acking = new Set()
    this.ackVector = null
    if (error) {
      // Not stored means not broadcast and not acknowledged: clients keep
      // their changes and send them again when they reconnect.
      this.fail('store-failed', error)
      return null
    }
    if (this.compactState) {
      // The state holds rows up to compactBase and this commit's: valid up to the commit's last row only if its rows directly follow.
      this.compactUpto =
        range === null ? (this.lastStoredId === this.compactBase ? this.compactBase : null) : range.prevId === this.compactBase ? range.lastId : null
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
      const message = sharedFrame(updateMsg(merged))
      for (const member of this.members) member.sendShared(message)
      this.storedSeq = this.committingSeq
      // Stored first, then told: a peer that hears of row n can read it.
      if (range !== null) this.options.peers?.publishUpdate(this.name, range, merged)
      this.options.hooks?.stored(this, updates)
      const ready = this.afterStore.filter((w) => w.seq <= this.storedSeq)
      this.afterStore = this.afterStore.filter((w) => w.seq > this.storedSeq)
      for (const w of ready) w.fn(true)
    }
    if (this.rowsSinceCompaction >= this.options.compactEvery) setImmediate(() => void this.compact())
    return acking.size && ackVector ? () => this.sendAcks(acking, ackVector) : null
  }

  /** For the group commit: what this room stored did not reach the disk, so it is never acknowledged (see WalFlush). */
  diskFailed(error: Error): void {
    if (!this.failed) this.fail('disk-flush-failed', error)
  }

  /**
   * Stop storing: the room closes its members (their clients keep what was
   * not acknowledged and send it again) and is dropped; updates that arrived
   * meanwhile go with it (the next connection loads the room from storage).
   */
  private fail(event: string, error: Error): void {
    this.failed = true
    const waiting = this.afterStore
    this.afterStore = []
    for (const w of waiting) w.fn(false)
    for (const fn of this.compactWaiters.splice(0)) fn()
    log('error', event, { room: this.name, error: error.message })
    this.options.onStoreFailure?.(this)
  }

  /**
   * Merge the log into one stored state (only for a room that loaded and
   * stored cleanly). The state is taken with the next commit, when the
   * document holds exactly what storage holds once that commit is in, and
   * written right after it, before any other write (GroupCommit): so the
   * state replaces exactly the rows up to it. Resolves when written (or when
   * the write failed: the log then stays as it was, nothing is lost).
   */
  compact(): Promise<void> {
    if (this.failed || (this.rowsSinceCompaction <= 0 && this.storedSeq >= this.appliedSeq && !this.compactWanted)) return Promise.resolve()
    this.compactWanted = true
    this.schedule()
    return new Promise((resolve) => this.compactWaiters.push(resolve))
  }

  /** Tell the hooks that a client's update was applied (Connection calls this). */
  applied(update: Uint8Array, by: string): void {
    this.options.hooks?.applied(this, update, by)
  }

  /** Whether `member` may set the awareness state of `clientID`: no other connection, on this process or another, speaks for it. */
  mayUseAwarenessId(clientID: number, member: RoomMember): boolean {
    const owner = this.awarenessOwners.get(clientID)
    return owner === undefined || owner === member
  }

  /** Remove a member and the awareness states it brought. */
  leave(member: RoomMember, awarenessIds: Iterable<number>): void {
    this.members.delete(member)
    this.awaitingAck.delete(member)
    this.acking.delete(member)
    const ids = [...awarenessIds]
    if (ids.length) removeAwarenessStates(this.awareness, ids, 'left')
    for (const [id, owner] of this.awarenessOwners) if (owner === member) this.awarenessOwners.delete(id)
  }

  /** Store what is pending, compact, and release memory (resolves when done; never rejects). */
  async destroy(): Promise<void> {
    if (!this.failed && (await this.stored())) {
      await this.compact()
      this.options.hooks?.unloading(this)
    }
    this.destroyed = true
    this.awareness.destroy()
    this.doc.destroy()
  }
}
