import { metrics } from '../metrics'
import type { CommitRows, PlanTouch, Store, StoredRange } from '../storage/store'

/** What the group commit needs from a room: its waiting updates, and a call once they are stored (or not). */
export interface Committable {
  readonly name: string
  /** Hand over the updates waiting to be stored (the room forgets them). */
  takePending(): Uint8Array[]
  /** After takePending: the plan-list row the handed-over updates change, stored with them. */
  touch?(): PlanTouch | null
  /** After takePending: rows the handed-over updates brought (who wrote them, conflicts), stored with them. */
  commitRows?(): CommitRows | null
  /** The commit ran: `range` is where the room's rows landed (null if it had none in this commit), `error` set when storage failed. */
  committed(count: number, range: StoredRange | null, error: Error | null): void
}

/**
 * Stores the updates of every room that changed in one event-loop turn in
 * one transaction (one fsync with synchronous=FULL), then lets each room
 * broadcast and acknowledge. A meeting writes to a plan's body and its
 * comments room at once; with a commit per room each turn paid two fsyncs.
 */
export class GroupCommit {
  private readonly queued = new Set<Committable>()
  private scheduled = false

  constructor(private readonly store: Store) {}

  /** Commit `room` at the end of this turn, together with every other room queued in it. */
  enqueue(room: Committable): void {
    this.queued.add(room)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      const rooms = [...this.queued]
      this.queued.clear()
      this.commit(rooms)
    })
  }

  /** Commit these rooms now (compaction and unloading cannot wait for the turn to end). */
  commitNow(room: Committable): void {
    this.queued.delete(room)
    this.commit([room])
  }

  private commit(rooms: Committable[]): void {
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
        last = this.store.appendUpdates(rows, touches, extra)
        metrics.group_commits_total++
      } catch (e) {
        error = e as Error
      }
    }
    for (const { room, updates } of batches) room.committed(updates.length, last.get(room.name) ?? null, updates.length ? error : null)
  }
}
