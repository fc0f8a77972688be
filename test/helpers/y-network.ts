import * as Y from 'yjs'

/**
 * An in-memory network of Y.Docs whose messages are delivered in a random
 * order chosen by the test (Yjs must cope with updates arriving out of order
 * and late). The random source is the test's, so a failing seed replays.
 */
export class RandomNetwork {
  readonly docs: Y.Doc[]
  private readonly pending: Array<{ to: number; update: Uint8Array }> = []

  constructor(count: number, initial: Uint8Array) {
    this.docs = Array.from({ length: count }, (_, i) => {
      const doc = new Y.Doc()
      // Stable client ids make a failing run replay exactly.
      doc.clientID = 1000 + i
      Y.applyUpdate(doc, initial, 'remote')
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === 'remote') return
        for (let to = 0; to < count; to++) if (to !== i) this.pending.push({ to, update })
      })
      return doc
    })
  }

  get pendingCount(): number {
    return this.pending.length
  }

  /** Deliver up to `n` pending messages, each picked by `pick(pendingCount)`. */
  deliver(n: number, pick: (size: number) => number): void {
    for (let i = 0; i < n && this.pending.length; i++) {
      const [msg] = this.pending.splice(pick(this.pending.length), 1)
      Y.applyUpdate(this.docs[msg!.to]!, msg!.update, 'remote')
    }
  }

  /** Deliver everything, in the order `pick` chooses, until nothing is pending. */
  flush(pick: (size: number) => number): void {
    while (this.pending.length) this.deliver(this.pending.length, pick)
  }
}
