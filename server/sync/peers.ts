import type { StoredRange } from '../storage/store'

// Other server processes serving the same rooms (several processes behind
// one address, server/cluster/). The sync code sees only this interface;
// server/cluster/redis-peers.ts implements it over Redis pub/sub.

/** Origin of what a room applies from storage or from another process: already stored, so neither stored again nor judged for conflicts. */
export const PEER_ORIGIN = 'peer'

/** How a room talks to the other processes that may hold it. */
export interface Peers {
  /**
   * Start receiving a room's messages. Called before the room loads from
   * storage: once `PeerEvents.live` reports the room, nothing stored after
   * the load can be missed (the room catches up from storage then).
   */
  join(room: string): void
  /** Stop receiving a room's messages (it was unloaded). */
  leave(room: string): void
  /** Whether the room's messages reach this process now (the connection is up and the room's subscription confirmed). */
  live(room: string): boolean
  /** Whether the connection to the other processes is up at all (when it is not, rooms catch up from storage instead). */
  readonly connected: boolean
  /** Tell the others that these rows of `room` are stored (called only after they are). */
  publishUpdate(room: string, range: StoredRange, update: Uint8Array): void
  /** Tell the others about presence changes of this process's connections. */
  publishAwareness(room: string, update: Uint8Array): void
  /** Ask the others for the presence of their connections in `room` (a room that just loaded here). */
  queryAwareness(room: string): void
  close(): Promise<void>
}

/** What the peers report to the rooms of this process. */
export interface PeerEvents {
  /** Another process stored `range` of `room`; `update` is what it stored (empty: "catch up from storage"). */
  update(room: string, range: StoredRange, update: Uint8Array): void
  /** Presence of `sender`'s connections (`sender`: the process, as `peerGone` names it). */
  awareness(room: string, update: Uint8Array, sender: string): void
  /** Another process asks for our connections' presence in `room`. */
  awarenessQuery(room: string): void
  /** The room's messages flow (again): catch it up from storage, then it is current. */
  live(room: string): void
  /** The connection was lost: every room may be missing what others store until it is back. */
  lost(): void
  /** Process `sender` stopped or fell silent: the presence of its connections is gone. */
  peerGone(sender: string): void
}
