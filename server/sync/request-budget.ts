import * as decoding from 'lib0/decoding'
import { MessageType } from '../../schema'
import { TokenBucket } from './rate-limit'
import { messageYjsSyncStep1 } from 'y-protocols/sync'

// Every message a client may send has a budget. Updates and awareness have
// theirs in Connection (they carry bytes others receive); this one covers
// the rest. Sync step 1 and query-awareness are three bytes to send and the
// whole document or the whole room's presence to answer: four viewers
// sending step 1 in a loop pushed other plans' p50 to 1.5 s. An honest
// y-websocket client sends step 1 once per connection (and on resync), and
// never sends query-awareness; auth and our schemaVersion come once per
// connection. So each connection's first step 1 is free and the rest come
// out of its token's buckets, and a token may open only so many connections
// a second: a client that reconnected after every refusal would otherwise
// get a fresh burst of whole-document answers each time.

/** How often one token's connections together may connect, ask for a full reply, and send the messages that cost nothing. */
export interface RequestLimits {
  /** Sync step 1 and query-awareness together beyond each connection's first step 1, per second on average, and the burst allowed. */
  syncRequestsPerSecond: number
  syncRequestBurst: number
  /** Auth and schemaVersion messages together beyond each connection's first schemaVersion, per second, and the burst allowed. */
  controlPerSecond: number
  controlBurst: number
  /** New connections per second, and the burst allowed (at least the connections a token may hold, so they can all reconnect at once). */
  newConnectionsPerSecond: number
  newConnectionBurst: number
  /** Update bytes per second and burst, for one connection and (the same again) for all of a token's connections together. */
  updateBytesPerSecond: number
  updateBytesBurst: number
}

/** What one token's connections share: its buckets, and when they were last used. */
class TokenBudget {
  readonly syncRequests: TokenBucket
  readonly control: TokenBucket
  readonly connections: TokenBucket
  /** A refused writer that reconnects does not get a fresh burst of bytes. */
  readonly updateBytes: TokenBucket
  lastUsed = performance.now()

  constructor(limits: RequestLimits) {
    this.updateBytes = new TokenBucket(limits.updateBytesPerSecond, limits.updateBytesBurst)
    this.syncRequests = new TokenBucket(limits.syncRequestsPerSecond, limits.syncRequestBurst)
    this.control = new TokenBucket(limits.controlPerSecond, limits.controlBurst)
    this.connections = new TokenBucket(limits.newConnectionsPerSecond, limits.newConnectionBurst)
  }
}

/**
 * One connection's budget for the messages Connection does not meter
 * itself: the first sync step 1 and the first schemaVersion are free (an
 * honest client sends each once per connection), everything else is taken
 * from its token's shared buckets.
 */
export class RequestBudget {
  private step1Free = true
  private schemaFree = true

  constructor(private readonly token: TokenBudget) {}

  /** Take an update's bytes from the token's shared budget; false when its connections together sent too much. */
  takeUpdateBytes(bytes: number): boolean {
    this.token.lastUsed = performance.now()
    return this.token.updateBytes.take(bytes)
  }

  /** A budget of its own, for a connection made without a token registry (tests driving Connection directly). */
  static alone(limits: RequestLimits): RequestBudget {
    return new RequestBudget(new TokenBudget(limits))
  }

  /**
   * The name of the budget this message exceeds, or null when it may be
   * handled (also when it cannot be read: the handler refuses it as malformed).
   */
  exceeded(message: Uint8Array): string | null {
    let type: number
    let sub = -1
    try {
      const d = decoding.createDecoder(message)
      type = decoding.readVarUint(d)
      if (type === MessageType.sync) sub = decoding.readVarUint(d)
    } catch {
      // catch: a truncated frame; Connection closes it as malformed
      return null
    }
    const isStep1 = type === MessageType.sync && sub === messageYjsSyncStep1
    if (!isStep1 && type !== MessageType.queryAwareness && type !== MessageType.auth && type !== MessageType.schemaVersion) return null
    this.token.lastUsed = performance.now()
    if (isStep1 && this.step1Free) {
      this.step1Free = false
      return null
    }
    if (type === MessageType.schemaVersion && this.schemaFree) {
      this.schemaFree = false
      return null
    }
    if (isStep1) return this.token.syncRequests.take() ? null : 'sync-step-1'
    if (type === MessageType.queryAwareness) return this.token.syncRequests.take() ? null : 'query-awareness'
    return this.token.control.take() ? null : type === MessageType.auth ? 'auth' : 'schema-version'
  }
}

/**
 * The shared budgets of every token in use, kept until they would have
 * refilled (then a new one is the same as the old).
 */
export class RequestBudgets {
  private readonly byToken = new Map<string, TokenBudget>()
  private lastSweep = performance.now()
  private readonly refillMs: number

  constructor(private readonly limits: RequestLimits) {
    const {
      syncRequestBurst,
      syncRequestsPerSecond,
      controlBurst,
      controlPerSecond,
      newConnectionBurst,
      newConnectionsPerSecond,
      updateBytesBurst,
      updateBytesPerSecond
    } = limits
    this.refillMs =
      1000 *
      Math.max(
        syncRequestBurst / syncRequestsPerSecond,
        controlBurst / controlPerSecond,
        newConnectionBurst / newConnectionsPerSecond,
        updateBytesBurst / updateBytesPerSecond
      )
  }

  /**
   * A new connection of the token with this key (its signature): its
   * budget, or null when the token opens connections faster than allowed
   * (each new connection is answered with the whole document once).
   */
  admit(key: string): RequestBudget | null {
    const now = performance.now()
    if (now - this.lastSweep > this.refillMs) {
      this.lastSweep = now
      for (const [k, budget] of this.byToken) if (now - budget.lastUsed > this.refillMs) this.byToken.delete(k)
    }
    let token = this.byToken.get(key)
    if (!token) this.byToken.set(key, (token = new TokenBudget(this.limits)))
    token.lastUsed = now
    return token.connections.take() ? new RequestBudget(token) : null
  }
}
