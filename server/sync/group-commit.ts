import { metrics } from '../metrics'
import type { CommitRows, PlanTouch, Store, StoredRange } from '../storage/store'

/** What the group commit needs from a room: its waiting updates, and a call once they are stored (or not). */
export interface Committable {
  readonly name: string
  /**
   * The turn ended: send what needs no storage (presence, and acknowledgements
   * when nothing is waiting to be stored). Whether the room has updates to
   * store or acknowledgements that must wait for a commit.
   */
  turnEnded(): boolean
  /** Hand over the updates waiting to be stored (the room forgets them). */
  takePending(): Uint8Array[]
  /** After takePending: the plan-list row the handed-over updates change, stored with them. */
  touch?(): PlanTouch | null
  /** After takePending: rows the handed-over updates brought (who wrote them, conflicts), stored with them. */
  commitRows?(): CommitRows | null
  /**
   * The commit ran: `range` is where the room's rows landed (null if it had
   * none in this commit), `error` set when storage failed. Returns the
   * acknowledgements to send once the commit is on disk, if any.
   */
  committed(count: number, range: StoredRange | null, error: Error | null): Acknowledge | null
  /** The disk refused to flush a commit this room's acknowledgements waited for: they are never sent. */
  diskFailed?(error: Error): void
  /** After committed: a compaction taken with this commit (its state and the last row it replaces), to write before anything else. */
  takeCompaction?(): { state: Uint8Array; upto: number } | null
  /** The compaction's write ended (`error` when it failed). */
  compacted?(error: Error | null, upto: number): void
}

/** Sends a room's acknowledgements for a commit (called once that commit is on disk). */
export type Acknowledge = () => void

type Job = (() => Promise<void>) | 'commit'

/**
 * Stores the updates of every room that changed in one event-loop turn in
 * one transaction, then lets each room broadcast, then, once the store says
 * the transaction is on disk (`Store.onDisk`, one flush for every commit
 * made while the last one ran), acknowledges. A meeting writes to a plan's
 * body and its comments room at once; with a commit per room each turn paid
 * two fsyncs. The flush runs off the sync thread and is not waited for by
 * the next commit nor by anyone's broadcast: only acknowledgements (the
 * client's "saved") wait for the disk.
 *
 * One write is in flight at a time, in the order asked: commits, and the
 * other writes that must not overtake them (compactions, conflict records
 * written outside a commit). So a room's updates are stored in the order
 * they were applied, and updates that arrive while a commit runs (a network
 * database answers in milliseconds, not microseconds) wait in their rooms
 * and go together in the next one.
 */
export class GroupCommit {
  /** Rooms whose turn ended with something to commit, for the next commit job. */
  private readonly toCommit = new Set<Committable>()
  private readonly turnRooms = new Set<Committable>()
  private readonly jobs: Job[] = []
  private turnScheduled = false
  /** A commit job is queued and has not started (rooms that end their turn now join it). */
  private commitQueued = false
  private running = false

  constructor(private readonly store: Store) {}

  /** Commit `room` at the end of this turn, together with every other room queued in it. */
  enqueue(room: Committable): void {
    this.turnRooms.add(room)
    if (this.turnScheduled) return
    this.turnScheduled = true
    setImmediate(() => this.endTurn())
  }

  /**
   * Run `send` once everything stored so far is on disk (acknowledgements
   * that need no commit of their own: a client resending what is stored).
   * Never runs when the disk refused.
   */
  afterDisk(send: Acknowledge): void {
    this.store.onDisk().then(send, () => undefined)
  }

  /**
   * Run a write after the writes asked for before it (and before those asked
   * for after it). Its failure is the caller's; the queue goes on.
   */
  serially<T>(write: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => write().then(resolve, reject))
      void this.pump()
    })
  }

  private endTurn(): void {
    this.turnScheduled = false
    const rooms = [...this.turnRooms]
    this.turnRooms.clear()
    for (const room of rooms) if (room.turnEnded()) this.toCommit.add(room)
    if (this.toCommit.size && !this.commitQueued) {
      this.commitQueued = true
      this.jobs.push('commit')
      void this.pump()
    }
  }

  private async pump(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      while (this.jobs.length) {
        const job = this.jobs.shift()!
        if (job !== 'commit') {
          await job()
          continue
        }
        this.commitQueued = false
        const rooms = [...this.toCommit]
        this.toCommit.clear()
        await this.commit(rooms)
      }
    } finally {
      this.running = false
    }
  }

  /** Not awaited: the next commit starts while this one's flush runs (flushes resolve in the order asked, so acknowledgements keep theirs). */
  private acknowledgeOnDisk(acks: Array<{ room: Committable; send: Acknowledge }>): void {
    this.store.onDisk().then(
      () => {
        for (const { send } of acks) send()
      },
      (error: Error) => {
        metrics.disk_flush_failures_total++
        for (const { room } of acks) room.diskFailed?.(error)
      }
    )
  }

  private async commit(rooms: Committable[]): Promise<void> {
    // Everything handed over is read in this one synchronous stretch: the
    // rows stored are exactly what the rooms' documents held at this moment.
    const batches = rooms.map((room) => ({ room, updates: room.takePending() }))
    const rows = batches.flatMap(({ room, updates }) => updates.map((update) => ({ room: room.name, update })))
    let last = new Map<string, StoredRange>()
    let error: Error | null = null
    if (rows.length) {
      try {
        const touches = batches.flatMap(({ room, updates }) => (updates.length ? (room.touch?.() ?? []) : []))
        const extra: CommitRows = { authors: [], conflicts: [] }
        for (const { room, updates } of batches) {
          const r = updates.length ? room.commitRows?.() : null
          if (r) {
            extra.authors.push(...r.authors)
            extra.conflicts.push(...r.conflicts)
          }
        }
        // The one place a client's update waits for storage: nothing below runs before the transaction committed.
        last = await this.store.appendUpdates(rows, touches, extra)
        metrics.group_commits_total++
      } catch (e) {
        error = e as Error
        metrics.group_commit_failures_total++
      }
    }
    const acks: Array<{ room: Committable; send: Acknowledge }> = []
    for (const { room, updates } of batches) {
      try {
        const send = room.committed(updates.length, last.get(room.name) ?? null, updates.length ? error : null)
        if (send) acks.push({ room, send })
      } catch {
        // catch: one room's broadcast must not keep the others from theirs (Room.committed does not throw; this is the fence)
      }
    }
    if (acks.length) this.acknowledgeOnDisk(acks)
    // Compactions taken with this commit, before any later write: each state holds exactly the rows up to its `upto`.
    for (const { room } of batches) {
      const compaction = room.takeCompaction?.()
      if (!compaction) continue
      try {
        await this.store.compact(room.name, compaction.state, compaction.upto)
        room.compacted?.(null, compaction.upto)
      } catch (e) {
        room.compacted?.(e as Error, compaction.upto)
      }
    }
  }
}
