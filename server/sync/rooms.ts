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
 *
 * Loading and unloading take time (storage answers asynchronously), so a
 * room is loaded once however many ask for it meanwhile, and a room being
 * unloaded is loaded again only after its last updates and compaction are
 * written (a load in between would miss them).
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  /** One for all rooms: a turn's updates of every room are stored in one transaction. */
  readonly groupCommit: GroupCommit
  private closed = false

  constructor(
    private readonly store: Store,
    private readonly options: RoomOptions & { idleMs: number; budgets?: RoomBudgets }
  ) {
    this.groupCommit = new GroupCommit(store)
  }

  /**
   * The loaded room, loading it if needed. Rejects when its stored state
   * cannot be read or storage cannot be reached. Whoever gets a room and
   * does not join it must call `released` (so an unused room unloads).
   */
  get(name: string): Promise<Room> {
    const timer = this.idleTimers.get(name)
    if (timer) {
      clearTimeout(timer)
      this.idleTimers.delete(name)
    }
    const room = this.rooms.get(name)
    if (room) return Promise.resolve(room)
    let loading = this.loading.get(name)
    if (!loading) {
      loading = this.load(name)
      this.loading.set(name, loading)
      const done = () => {
        if (this.loading.get(name) === loading) this.loading.delete(name)
      }
      loading.then(done, done)
    }
    return loading
  }

  private async load(name: string): Promise<Room> {
    await this.unloading.get(name)
    if (this.closed) throw new Error('the server is shutting down')
    let room: Room
    try {
      const budget = this.options.budgets?.[parseRoomName(name)?.kind ?? 'body']
      room = await Room.load(name, this.store, {
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
    if (this.closed) {
      await room.destroy()
      throw new Error('the server is shutting down')
    }
    this.rooms.set(name, room)
    return room
  }

  /** A loaded room, without loading it. */
  peek(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Call when a connection leaves (or a caller of `get` is done): schedules unloading an empty room. */
  released(name: string): void {
    const room = this.rooms.get(name)
    if (!room || room.members.size > 0 || this.idleTimers.has(name)) return
    this.idleTimers.set(
      name,
      setTimeout(() => {
        this.idleTimers.delete(name)
        if (room.members.size > 0 || this.rooms.get(name) !== room) return
        this.rooms.delete(name)
        const unloaded = room.destroy().then(() => log('info', 'room-unloaded', { room: name }))
        this.unloading.set(name, unloaded)
        void unloaded.then(() => {
          if (this.unloading.get(name) === unloaded) this.unloading.delete(name)
        })
      }, this.options.idleMs)
    )
  }

  get size(): number {
    return this.rooms.size
  }

  /** Store what is pending and compact every room (on shutdown); resolves when all is written. */
  async closeAll(): Promise<void> {
    this.closed = true
    for (const t of this.idleTimers.values()) clearTimeout(t)
    this.idleTimers.clear()
    const rooms = [...this.rooms.values()]
    this.rooms.clear()
    await Promise.all([...rooms.map((room) => room.destroy()), ...this.unloading.values(), ...[...this.loading.values()].map((l) => l.catch(() => {}))])
  }
}
