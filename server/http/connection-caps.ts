// How many sockets one link (token), one client address and the whole
// process may hold. Each was once unbounded: ~20,000 sockets from one viewer
// token, or slow unauthenticated ones, made /healthz and new editors fail.

/** Caps on open sockets. */
export interface ConnectionCapOptions {
  /** Open sync connections per token (a link: a person, or everyone it was shared with). */
  perToken: number
  /** Open sync sockets per client address (a municipality may sit behind one NAT address). */
  perIp: number
  /** Open sync sockets in all (keep it well under the process's file descriptor limit, `ulimit -n`). */
  total: number
  /** Sockets that have not finished sending their request headers; beyond this the oldest is closed. */
  halfOpen: number
}

/** Counts per key with a ceiling. */
class Tally {
  private readonly counts = new Map<string, number>()

  constructor(private readonly max: number) {}

  /** Count one more for `key` and return its release (idempotent), or null when `key` is at the cap. */
  take(key: string): (() => void) | null {
    const n = this.counts.get(key) ?? 0
    if (n >= this.max) return null
    this.counts.set(key, n + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.counts.get(key) ?? 1) - 1
      if (left > 0) this.counts.set(key, left)
      else this.counts.delete(key)
    }
  }
}

/** Which cap refused a socket. */
export type CapRefusal = 'per-ip' | 'total'

/**
 * The seats of open sync sockets. A socket takes its address's and the
 * total's seat when it asks to upgrade (before any work is done for it) and
 * its token's seat once the token is verified; each is given back when the
 * socket closes.
 */
export class ConnectionCaps {
  private readonly perIp: Tally
  private readonly total: Tally
  private readonly perToken: Tally

  constructor(options: ConnectionCapOptions) {
    this.perIp = new Tally(options.perIp)
    this.total = new Tally(options.total)
    this.perToken = new Tally(options.perToken)
  }

  /** Seat a socket that asks to upgrade: its release, or which cap is full. */
  admitSocket(address: string): (() => void) | CapRefusal {
    const all = this.total.take('')
    if (!all) return 'total'
    const mine = this.perIp.take(address)
    if (!mine) {
      all()
      return 'per-ip'
    }
    return () => {
      mine()
      all()
    }
  }

  /** Seat a verified connection under its token (keyed by the token's signature): its release, or null when the token is at its cap. */
  admitToken(signature: string): (() => void) | null {
    return this.perToken.take(signature)
  }
}
