import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { log } from '../log'
import type { StoredRange } from '../storage/store'
import type { PeerEvents, Peers } from '../sync/peers'
import { decodePeerMessage, encodePeerMessage, type PeerMessage } from './peer-messages'

// Fan-out between server processes over Redis pub/sub, one channel per room.
//
// Why pub/sub and not streams: storage already is the durable, ordered log
// (every row has an id), so Redis only has to carry news fast. Each message
// names the stored rows it carries (after `prevId`, up to `lastId`); a
// process that missed one finds the gap at the next message and reads the
// rows from storage, and one that lost its connection reads them when it is
// back. A stream would be a second copy of the log to trim and to keep
// consistent with the first, for no guarantee the first does not give.

/** Reconnect quickly: every second without Redis, rooms only see others' edits by polling storage. */
const RETRY_MAX_MS = 500

/** How often a process says it is running. */
export const PEER_ALIVE_MS = 1_000
/**
 * A process not heard from for this long is taken for dead, and the presence
 * of its connections is removed everywhere (y-protocols' own timeout takes
 * 30 s, and until then a killed process's ids cannot be taken by anyone).
 * Long enough that a process busy for a few seconds is not taken for dead:
 * if it was, its presence comes back with its clients' next renewal.
 */
export const PEER_SILENT_MS = 6_000

/** How Redis is reached. */
export interface RedisPeersOptions {
  url: string
  /** Prefix of the room channels (several deployments on one Redis). */
  prefix?: string
}

/**
 * Peers over Redis: two connections (a subscriber cannot publish). Call
 * `start` with the rooms' events before any room loads.
 */
export class RedisPeers implements Peers {
  /** Tells our own messages apart (the subscriber receives them too). */
  readonly id = randomUUID()
  private readonly prefix: string
  private readonly sub: Redis
  private readonly pub: Redis
  private events: PeerEvents | null = null
  /** Rooms loaded here, whose channels we want. */
  private readonly joined = new Set<string>()
  /** Rooms whose subscription Redis confirmed on the current connection. */
  private readonly confirmed = new Set<string>()
  /** Counts connections of the subscriber, so a confirmation from an earlier one is ignored. */
  private epoch = 0
  private subReady = false
  /** Rooms whose last stored rows could not be announced (Redis was away): announced when it is back. */
  private readonly unannounced = new Map<string, number>()
  private retryTimer: NodeJS.Timeout | null = null
  private closing = false
  /** When each other process was last heard from (any message of theirs). */
  private readonly lastHeard = new Map<string, number>()
  private aliveTimer: NodeJS.Timeout | null = null

  constructor(options: RedisPeersOptions) {
    this.prefix = options.prefix ?? 'faellesplan:room:'
    const common = {
      lazyConnect: true,
      // Fail at once instead of queueing: what was not announced is found in storage.
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => Math.min(50 * times, RETRY_MAX_MS)
    }
    this.sub = new Redis(options.url, { ...common, connectionName: 'faellesplan-sub' })
    this.pub = new Redis(options.url, { ...common, connectionName: 'faellesplan-pub' })
  }

  /** Connect and start reporting to `events`. */
  start(events: PeerEvents): void {
    this.events = events
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message))
    this.sub.on('ready', () => this.subscribeAll())
    this.sub.on('close', () => this.subLost())
    this.pub.on('ready', () => this.announceMissed())
    let warned = false
    const onError = (which: string) => (e: Error) => {
      // ioredis reports every failed reconnect; once per outage is enough.
      if (!warned) log('warn', 'redis-error', { connection: which, error: e.message })
      warned = true
    }
    this.sub.on('error', onError('sub'))
    this.pub.on('error', onError('pub'))
    this.sub.on('ready', () => (warned = false))
    this.sub.connect().catch(() => {})
    this.pub.connect().catch(() => {})
    this.aliveTimer = setInterval(() => this.beat(), PEER_ALIVE_MS)
    this.aliveTimer.unref()
  }

  get connected(): boolean {
    return this.subReady
  }

  live(room: string): boolean {
    return this.subReady && this.confirmed.has(room)
  }

  join(room: string): void {
    this.joined.add(room)
    if (this.subReady) this.subscribe([room], this.epoch)
  }

  leave(room: string): void {
    this.joined.delete(room)
    this.confirmed.delete(room)
    if (this.subReady) this.sub.unsubscribe(this.channel(room)).catch(() => {})
  }

  publishUpdate(room: string, range: StoredRange, update: Uint8Array): void {
    this.send({ kind: 'update', sender: this.id, room, range, update }, () => {
      this.unannounced.set(room, Math.max(range.lastId, this.unannounced.get(room) ?? 0))
      this.retryLater()
    })
  }

  publishAwareness(room: string, update: Uint8Array): void {
    // Presence lost in an outage comes back with the client's next renewal (every 15 s).
    this.send({ kind: 'awareness', sender: this.id, room, update }, () => {})
  }

  queryAwareness(room: string): void {
    this.send({ kind: 'awareness-query', sender: this.id, room }, () => {})
  }

  async close(): Promise<void> {
    this.closing = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    if (this.aliveTimer) clearInterval(this.aliveTimer)
    // The others drop this process's presence now rather than when it falls silent.
    if (this.pub.status === 'ready')
      await this.pub.publish(this.aliveChannel, Buffer.from(encodePeerMessage({ kind: 'gone', sender: this.id, room: '' }))).catch(() => {})
    this.sub.disconnect()
    this.pub.disconnect()
  }

  private channel(room: string): string {
    return this.prefix + room
  }

  /** The channel every process hears (no room's: plan ids never hold '!'). */
  private get aliveChannel(): string {
    return `${this.prefix}!alive`
  }

  /** Say this process runs, and take the processes silent for too long for gone. */
  private beat(): void {
    if (this.pub.status === 'ready')
      this.pub.publish(this.aliveChannel, Buffer.from(encodePeerMessage({ kind: 'alive', sender: this.id, room: '' }))).catch(() => {})
    // Without our own connection we hear nobody: that is not their silence.
    if (!this.subReady) return
    const now = Date.now()
    for (const [sender, at] of this.lastHeard) {
      if (now - at < PEER_SILENT_MS) continue
      this.lastHeard.delete(sender)
      log('warn', 'peer-silent', { peer: sender, silentMs: now - at })
      this.peerGone(sender)
    }
  }

  private peerGone(sender: string): void {
    try {
      this.events?.peerGone(sender)
    } catch (e) {
      log('error', 'peer-gone-failed', { peer: sender, error: (e as Error).message })
    }
  }

  private send(message: PeerMessage, failed: () => void): void {
    if (this.pub.status !== 'ready') return failed()
    this.pub.publish(this.channel(message.room), Buffer.from(encodePeerMessage(message))).catch(failed)
  }

  private receive(channel: Buffer, bytes: Buffer): void {
    let m: PeerMessage
    try {
      m = decodePeerMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    } catch (e) {
      // catch: something else publishing on our prefix must not take the process down
      log('warn', 'peer-message-unreadable', { channel: channel.toString().slice(0, 200), error: (e as Error).message })
      return
    }
    if (m.sender === this.id || !this.events) return
    if (m.kind === 'gone') {
      this.lastHeard.delete(m.sender)
      log('info', 'peer-gone', { peer: m.sender })
      return this.peerGone(m.sender)
    }
    this.lastHeard.set(m.sender, Date.now())
    if (m.kind === 'alive' || !this.joined.has(m.room)) return
    try {
      if (m.kind === 'update') this.events.update(m.room, m.range, m.update)
      else if (m.kind === 'awareness') this.events.awareness(m.room, m.update, m.sender)
      else this.events.awarenessQuery(m.room)
    } catch (e) {
      // catch: one room's bad message must not stop the others'
      log('error', 'peer-message-failed', { room: m.room, kind: m.kind, error: (e as Error).message })
    }
  }

  private subscribeAll(): void {
    this.subReady = true
    this.epoch++
    log('info', 'redis-connected', { rooms: this.joined.size })
    // Everyone gets a fresh silence allowance: while we were away we could not hear them.
    const now = Date.now()
    for (const sender of this.lastHeard.keys()) this.lastHeard.set(sender, now)
    this.sub.subscribe(this.aliveChannel).catch(() => {})
    if (this.joined.size) this.subscribe([...this.joined], this.epoch)
  }

  private subscribe(rooms: string[], epoch: number): void {
    this.sub
      .subscribe(...rooms.map((r) => this.channel(r)))
      .then(() => {
        if (epoch !== this.epoch || !this.subReady) return
        for (const room of rooms) {
          if (!this.joined.has(room) || this.confirmed.has(room)) continue
          this.confirmed.add(room)
          this.events?.live(room)
        }
      })
      // A lost connection ends in subLost; the next 'ready' subscribes again.
      .catch(() => {})
  }

  private subLost(): void {
    if (!this.subReady) return
    this.subReady = false
    this.confirmed.clear()
    if (!this.closing) {
      log('warn', 'redis-disconnected', { rooms: this.joined.size })
      this.events?.lost()
    }
  }

  /** Tell the others which rows they may have missed hearing of (an empty update: "read storage up to here"). */
  private announceMissed(): void {
    for (const [room, lastId] of this.unannounced) {
      this.unannounced.delete(room)
      this.publishUpdate(room, { prevId: lastId, lastId }, new Uint8Array(0))
    }
  }

  private retryLater(): void {
    if (this.retryTimer || this.closing) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      if (this.pub.status === 'ready') this.announceMissed()
    }, RETRY_MAX_MS)
    this.retryTimer.unref()
  }
}
