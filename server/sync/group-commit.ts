import { log } from '../log'
import { metrics } from '../metrics'
import type { Store } from '../storage/store'

/** What the group commit needs from a room: its waiting updates, and a call once they are stored (or not). */
export interface Committable {
  readonly name: string
  /** Hand over the updates waiting to be stored (the room keeps them as in flight). */
  takePending(): Uint8Array[]
  /** The commit finished: `lastId` is the room's last stored row id (null if it had none in it), `error` set when storage failed. */
  committed(lastId: number | null, error: Error | null): void
}

/**
 * Stores the updates of every room that changed in one event-loop turn in
 * one transaction (one fsync with synchronous=FULL), then lets each room
 * broadcast and acknowledge. A meeting writes to a plan's body and its
 * comments room at once; with a commit per room each turn paid two fsyncs.
 *
 * One commit is in flight at a time, so rows keep the order in which their
 * updates were applied. Whatever arrives meanwhile waits and goes, all
 * together, into the next commit (with a store that answers later than
 * SQLite, batches simply grow).
 */
export class GroupCommit {
  private readonly queued = new Set<Committable>()
  private scheduled = false
  private inFlight = false

  constructor(private readonly store: Store) {}

  /** Commit `room` at the end of this turn, together with every other room queued in it. */
  enqueue(room: Committable): void {
    this.queued.add(room)
    if (this.scheduled || this.inFlight) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.run()
    })
  }

  private async run(): Promise<void> {
    if (this.inFlight || this.queued.size === 0) return
    this.inFlight = true
    const rooms = [...this.queued]
    this.queued.clear()
    const batches = rooms.map((room) => ({ room, updates: room.takePending() }))
    const rows = batches.flatMap(({ room, updates }) => updates.map((update) => ({ room: room.name, update })))
    let last = new Map<string, number>()
    let error: Error | null = null
    if (rows.length) {
      try {
        last = await this.store.appendUpdates(rows)
        metrics.group_commits_total++
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e))
      }
    }
    this.inFlight = false
    for (const { room, updates } of batches) {
      try {
        room.committed(last.get(room.name) ?? null, updates.length ? error : null)
      } catch (e) {
        // catch: one room's failure to send must not strand the others' acknowledgements
        metrics.room_commit_errors_total++
        log('error', 'commit-callback-failed', { room: room.name, error: (e as Error).message })
      }
    }
    if (this.queued.size) this.enqueue([...this.queued][0]!)
  }
}
