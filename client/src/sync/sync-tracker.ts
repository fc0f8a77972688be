import * as Y from 'yjs'
import type { PendingParts } from './pending-parts'

/**
 * What the sync indicator shows. `refused` carries the server's close reason.
 * `waiting` counts updates; `parts`, when known, says which parts of the plan
 * they touched (pending-parts.ts), which is what the indicator shows.
 */
export type SyncState =
  | { kind: 'loading' }
  | { kind: 'saved' }
  | { kind: 'syncing'; waiting: number; parts?: PendingParts }
  | { kind: 'offline'; waiting: number; parts?: PendingParts }
  | { kind: 'refused'; reason: string; final: boolean }

/** A Yjs state vector as a map from client id to the next clock. */
export type StateVector = Map<number, number>

/** True when every entry of `local` is covered by `stored`. */
export function covers(stored: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) if ((stored.get(client) ?? 0) < clock) return false
  return true
}

/** True when an update carries no new items, only deletions (a state vector cannot show those). */
export function isDeleteOnly(update: Uint8Array): boolean {
  return Y.parseUpdateMeta(update).to.size === 0
}

/**
 * Decides what the sync indicator may claim, from what this browser did and
 * what the server acknowledged. No DOM and no socket here, so every state
 * can be unit-tested (test/unit/client-sync-tracker.test.ts).
 *
 * "Saved" needs the server's `persisted` acknowledgement (the state vector
 * it has stored) to cover this document's state vector. Deletions do not
 * advance a state vector, so a local delete-only update stays unconfirmed
 * until the next acknowledgement after the handshake. (One already on the
 * wire when the deletion was sent can confirm it a few milliseconds early;
 * the server would need to count acknowledged updates to rule that out.)
 */
export class SyncTracker {
  private stored: StateVector = new Map()
  private waiting = 0
  private unconfirmedDeletes = false
  private online = false
  private synced = false
  private refused: { reason: string; final: boolean } | null = null

  /** A change made here (typed, or replayed from the journal on start). */
  local(update: Uint8Array): void {
    this.waiting++
    if (isDeleteOnly(update)) this.unconfirmedDeletes = true
  }

  /** Changes that were waiting when the page last closed (replayed from the journal). */
  carriedOver(count: number): void {
    this.waiting += count
    // They may hold deletions; only an acknowledgement after the next handshake confirms them.
    if (count > 0) this.unconfirmedDeletes = true
  }

  /**
   * An update from the server was applied: the server broadcasts only what it
   * has stored. Given the document's state vector before and after it, every
   * client whose clock moved is stored up to its new clock (a Yjs document
   * holds each client's items without gaps, the server's too). Read from the
   * transaction, not by parsing the update: parsing the whole plan's sync
   * reply cost ~50 ms of a 200-page plan's opening.
   */
  fromServer(before: StateVector, after: StateVector): void {
    after.forEach((clock, client) => {
      if (clock > (before.get(client) ?? 0)) this.stored.set(client, Math.max(this.stored.get(client) ?? 0, clock))
    })
  }

  /** The server's acknowledgement: everything in `stateVector` is stored. */
  persisted(stateVector: StateVector): void {
    stateVector.forEach((clock, client) => this.stored.set(client, Math.max(this.stored.get(client) ?? 0, clock)))
    // The server greets every connection with an acknowledgement before our
    // half of the handshake has reached it; only one that arrives after the
    // handshake can include deletions we sent in it.
    if (this.synced) this.unconfirmedDeletes = false
  }

  /** What the server is known to have stored. */
  storedState(): StateVector {
    return this.stored
  }

  /** The socket opened or closed. A closed socket also ends the synced state. */
  connection(online: boolean): void {
    this.online = online
    if (!online) this.synced = false
  }

  /** y-websocket's sync handshake finished (or was reset). */
  handshake(synced: boolean): void {
    this.synced = synced
  }

  /** The server closed the socket with one of our reasons; `final` ones are not retried. */
  closed(reason: string, final: boolean): void {
    this.refused = { reason, final }
  }

  /**
   * The state to show, given the document's current state vector, and
   * whether everything is stored (then the journal may be cleared).
   */
  evaluate(local: StateVector): { state: SyncState; allStored: boolean } {
    const allStored = this.synced && !this.unconfirmedDeletes && covers(this.stored, local)
    if (allStored) this.waiting = 0
    if (this.refused?.final) return { state: { kind: 'refused', ...this.refused }, allStored }
    if (this.refused && !this.online) return { state: { kind: 'refused', ...this.refused }, allStored }
    if (this.online) this.refused = null
    if (!this.online) return { state: { kind: 'offline', waiting: this.waiting }, allStored }
    if (allStored) return { state: { kind: 'saved' }, allStored }
    return { state: { kind: 'syncing', waiting: Math.max(this.waiting, 1) }, allStored }
  }
}
