import * as decoding from 'lib0/decoding'
import { MessageType } from '../../schema'
import { TokenBucket } from './rate-limit'

// Every message a client may send has a budget. Updates and awareness have
// theirs in Connection (they carry bytes others receive); this one covers
// the rest. Sync step 1 and query-awareness are three bytes to send and the
// whole document or the whole room's presence to answer: four viewers
// sending step 1 in a loop pushed other plans' p50 to 1.5 s. An honest
// y-websocket client sends step 1 once per connection (and on resync), and
// never sends query-awareness; auth and our schemaVersion come once per
// connection. The budget belongs to the token, not the socket: a client
// that reconnects after every refusal would otherwise get a fresh burst of
// whole-document answers each time. Its burst covers everything one link
// opens at once (a dashboard of 25 plans, an editor's two documents).

const SYNC_STEP1 = 0

/** How often one token's connections together may ask for a full reply, and send the messages that cost nothing. */
export interface RequestLimits {
  /** Sync step 1 and query-awareness together, per second on average, and the burst allowed. */
  syncRequestsPerSecond: number
  syncRequestBurst: number
  /** Auth and schemaVersion messages together, per second on average, and the burst allowed. */
  controlPerSecond: number
  controlBurst: number
}

/** The budgets of the messages Connection does not meter itself. */
export class RequestBudget {
  private readonly syncRequests: TokenBucket
  private readonly control: TokenBucket
  /** When a message was last counted (performance.now()), so an idle budget can be forgotten. */
  lastUsed = performance.now()

  constructor(limits: RequestLimits) {
    this.syncRequests = new TokenBucket(limits.syncRequestsPerSecond, limits.syncRequestBurst)
    this.control = new TokenBucket(limits.controlPerSecond, limits.controlBurst)
  }

  /**
   * The name of the budget this message exceeds, or null when it may be
   * handled (also when it cannot be read: the handler refuses it as malformed).
   */
  exceeded(message: Uint8Array): string | null {
    this.lastUsed = performance.now()
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
    if (type === MessageType.sync && sub === SYNC_STEP1) return this.syncRequests.take() ? null : 'sync-step-1'
    if (type === MessageType.queryAwareness) return this.syncRequests.take() ? null : 'query-awareness'
    if (type === MessageType.auth || type === MessageType.schemaVersion) return this.control.take() ? null : type === MessageType.auth ? 'auth' : 'schema-version'
    return null
  }
}

/**
 * One RequestBudget per token, kept while it is in use and until it would
 * have refilled (then a new one is the same as the old).
 */
export class RequestBudgets {
  private readonly byToken = new Map<string, RequestBudget>()
  private lastSweep = performance.now()
  private readonly refillMs: number

  constructor(private readonly limits: RequestLimits) {
    this.refillMs = 1000 * Math.max(limits.syncRequestBurst / limits.syncRequestsPerSecond, limits.controlBurst / limits.controlPerSecond)
  }

  /** The budget of the token with this key (its signature). */
  for(key: string): RequestBudget {
    const now = performance.now()
    if (now - this.lastSweep > this.refillMs) {
      this.lastSweep = now
      for (const [k, budget] of this.byToken) if (now - budget.lastUsed > this.refillMs) this.byToken.delete(k)
    }
    let budget = this.byToken.get(key)
    if (!budget) this.byToken.set(key, (budget = new RequestBudget(this.limits)))
    return budget
  }
}
