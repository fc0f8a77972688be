import { Close, parseRoomName } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { Store } from '../storage/store'
import { GroupCommit } from './group-commit'
import { Room, type RoomOptions } from './room'
import type { RoomBudgets } from './room-budget'
import type { PeerEvents, Peers } from './peers'
import type { StoredRange } from '../storage/store'

/** While the peers' connection is down, loaded rooms read what others stored this often (clients keep seeing each other's edits). */
const POLL_WHILE_DISCONNECTED_MS = 1000

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
  private poller: NodeJS.Timeout | null = null

  constructor(
    private readonly store: Store,
    private readonly options: RoomOptions & { idleMs: number; budgets?: RoomBudgets }
  ) {
    this.groupCommit = new GroupCommit(store)
    // From the start: Redis may be unreachable before it was ever reached (then `lost` never fires).
    if (options.peers) {
      this.poller = setInterval(() => this.pollWhileDisconnected(), POLL_WHILE_DISCONNECTED_MS)
      this.poller.unref()
    }
  }

  /**
   * What the peers (options.peers) report, routed to the loaded rooms. Pass
   * it to the peers' constructor; messages for rooms not loaded here are
   * dropped (a room loads everything stored when it loads).
   */
  readonly peerEvents: PeerEvents = {
    update: (room: string, range: StoredRange, update: Uint8Array) => this.rooms.get(room)?.receivePeerUpdate(range, update),
    awareness: (room: string, update: Uint8Array, sender: string) => this.rooms.get(room)?.receivePeerAwareness(update, sender),
    awarenessQuery: (room: string) => this.rooms.get(room)?.answerAwarenessQuery(),
    live: (room: string) => this.rooms.get(room)?.markCurrent(),
    lost: () => {
      for (const room of this.rooms.values()) room.markStale()
    },
    peerGone: (sender: string) => {
      for (const room of this.rooms.values()) room.dropPeerPresence(sender)
    }
  }

  private pollWhileDisconnected(): void {
    if (this.options.peers?.connected !== false) return
    for (const room of this.rooms.values()) void room.catchUp()
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
    const peers = this.options.peers
    // Subscribed before the load: what others store from here on reaches the room, or its catch-up finds it.
    peers?.join(name)
    let room: Room
    try {
      const budget = this.options.budgets?.[parseRoomName(name)?.kind ?? 'body']
      room = await Room.load(name, this.store, {
        ...this.options,
        groupCommit: this.groupCommit,
        ...(budget !== undefined ? { maxBytes: budget } : {}),
        onStoreFailure: (failed) => {
          for (const m of [...failed.members]) m.close(Close.RoomUnavailable)
          if (this.rooms.get(name) === failed) {
            this.rooms.delete(name)
            peers?.leave(name)
          }
        }
      })
    } catch (e) {
      peers?.leave(name)
      metrics.room_load_failures_total++
      log('error', 'room-load-failed', { room: name, error: (e as Error).message })
      throw e
    }
    if (this.closed) {
      peers?.leave(name)
      await room.destroy()
      throw new Error('the server is shutting down')
    }
    this.rooms.set(name, room)
    // The subscription was confirmed while the room loaded (its `live` event found no room): what was stored meanwhile is read now.
    if (peers?.live(name)) room.markCurrent()
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
        this.options.peers?.leave(name)
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
    if (this.poller) clearInterval(this.poller)
    for (const t of this.idleTimers.values()) clearTimeout(t)
    this.idleTimers.clear()
    const rooms = [...this.rooms.values()]
    this.rooms.clear()
    await Promise.all([...rooms.map((room) => room.destroy()), ...this.unloading.values(), ...[...this.loading.values()].map((l) => l.catch(() => {}))])
  }
}
