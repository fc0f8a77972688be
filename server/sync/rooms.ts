import { Close, parseRoomName } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { Store } from '../storage/store'
import { GroupCommit } from './group-commit'
import { Room, type RoomOptions } from './room'
import type { RoomBudgets } from './room-budget'

/**
 * The rooms in memory. A room is loaded on first use and unloaded (flushed
 * and compacted) once nobody has been connected for `idleMs`.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  /** One for all rooms: a turn's updates of every room are stored in one transaction. */
  private readonly groupCommit: GroupCommit

  constructor(
    private readonly store: Store,
    private readonly options: RoomOptions & { idleMs: number; budgets?: RoomBudgets }
  ) {
    this.groupCommit = new GroupCommit(store)
  }

  /** The loaded room, loading it if needed. Throws when its stored state cannot be read. */
  get(name: string): Room {
    const timer = this.idleTimers.get(name)
    if (timer) {
      clearTimeout(timer)
      this.idleTimers.delete(name)
    }
    let room = this.rooms.get(name)
    if (!room) {
      try {
        const budget = this.options.budgets?.[parseRoomName(name)?.kind ?? 'body']
        room = new Room(name, this.store, {
          ...this.options,
          groupCommit: this.groupCommit,
          ...(budget !== undefined ? { maxBytes: budget } : {}),
          onStoreFailure: (failed) => {
            for (const m of [...failed.members]) m.close(Close.RoomUnavailable)
            if (this.rooms.get(name) === failed) this.rooms.delete(name)
          }
        })
      } catch (e) {
        metrics.room_load_failures_total++
        log('error', 'room-load-failed', { room: name, error: (e as Error).message })
        throw e
      }
      this.rooms.set(name, room)
    }
    return room
  }

  /** A loaded room, without loading it. */
  peek(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Call when a connection leaves: schedules unloading an empty room. */
  released(name: string): void {
    const room = this.rooms.get(name)
    if (!room || room.members.size > 0 || this.idleTimers.has(name)) return
    this.idleTimers.set(
      name,
      setTimeout(() => {
        this.idleTimers.delete(name)
        if (room.members.size > 0 || this.rooms.get(name) !== room) return
        this.rooms.delete(name)
        room.destroy()
        log('info', 'room-unloaded', { room: name })
      }, this.options.idleMs)
    )
  }

  get size(): number {
    return this.rooms.size
  }

  /** Flush and compact every room (on shutdown). */
  closeAll(): void {
    for (const t of this.idleTimers.values()) clearTimeout(t)
    this.idleTimers.clear()
    for (const room of this.rooms.values()) room.destroy()
    this.rooms.clear()
  }
}
