import type * as Y from 'yjs'
import { log } from '../log'
import type { ClientAuthor, Store } from '../storage/store'
import { authorOf } from '../sync/plan-listing'

// Every Yjs item carries its writer's client id, and nothing else about
// them. The server knows who sent each update (the connection's claims), so
// it writes down, once per client id and room, whose it is: a value kept in
// the document for days still has a name when a conflict names it.

/** The sub (invitation or user) of an edit's origin, when it is a connection. */
const subOf = (origin: unknown): string | null => {
  const sub = (origin as { claims?: { sub?: unknown } } | null)?.claims?.sub
  return typeof sub === 'string' ? sub : null
}

/** The authors of one room's client ids: learnt from each transaction, stored with the next group commit. */
export class ClientAuthors {
  /** Client ids seen since the room loaded (an INSERT OR IGNORE was queued for each). */
  private readonly known = new Map<number, ClientAuthor>()
  /** As stored when the room loaded: conflict detection asks during a Yjs transaction, where storage cannot be awaited. */
  private readonly stored = new Map<number, ClientAuthor>()
  private pending: ClientAuthor[] = []

  constructor(
    private readonly room: string,
    stored: readonly ClientAuthor[] = []
  ) {
    for (const a of stored) this.stored.set(a.clientId, a)
  }

  /** Note the client ids a transaction brought, as written by whoever sent it. Never throws. */
  observe(txn: Y.Transaction, at: string): void {
    try {
      const name = authorOf(txn.origin)
      if (name === null) return
      for (const [client, after] of txn.afterState) {
        if (after <= (txn.beforeState.get(client) ?? 0) || this.known.has(client) || this.stored.has(client)) continue
        const author: ClientAuthor = { room: this.room, clientId: client, name, sub: subOf(txn.origin), firstSeen: at }
        this.known.set(client, author)
        this.pending.push(author)
      }
    } catch (e) {
      // catch: bookkeeping must never stand in the way of sync
      log('error', 'client-authors-failed', { room: this.room, error: (e as Error).message })
    }
  }

  /** Who wrote for `client`: learnt in this session, else as stored (the first sender's). */
  of(client: number): ClientAuthor | null {
    return this.stored.get(client) ?? this.known.get(client) ?? null
  }

  /** Whether a name is known for `client` (else `lookUp` may find one another process stored). */
  knows(client: number): boolean {
    return this.stored.has(client) || this.known.has(client)
  }

  /** Read from storage the authors of `clients` this room does not know (written by other processes). Failures are logged; unknown stays unknown. */
  async lookUp(store: Store, clients: Iterable<number>): Promise<void> {
    for (const client of clients) {
      if (this.knows(client)) continue
      try {
        const a = await store.clientAuthor(this.room, client)
        if (a) this.stored.set(client, a)
      } catch (e) {
        log('error', 'client-author-lookup-failed', { room: this.room, client, error: (e as Error).message })
      }
    }
  }

  /** The rows to store with the group commit now running. */
  take(): ClientAuthor[] {
    const rows = this.pending
    this.pending = []
    return rows
  }
}
