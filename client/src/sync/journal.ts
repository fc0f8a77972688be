import * as Y from 'yjs'
import { covers, type StateVector } from './sync-tracker'

// y-indexeddb writes each update in an IndexedDB transaction it does not wait
// for (y-indexeddb issue 28): an edit followed at once by a reload or a
// closed tab can be lost. Every local update is therefore also appended,
// synchronously, to a journal in localStorage, and replayed on the next
// start. Each tab keeps its own journal (two tabs of one plan must not clear
// each other's); an entry is dropped only once the server has acknowledged
// storing it.

/** The part of the Web Storage API the journal uses (localStorage in the app, a Map in tests). */
export interface JournalStorage {
  readonly length: number
  key(index: number): string | null
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

const PREFIX = 'faellesplan.journal.'
const b64 = (u: Uint8Array) => {
  let s = ''
  // Chunked: String.fromCharCode(...bigArray) overflows the call stack.
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000))
  return btoa(s)
}
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

/**
 * The unacknowledged local updates of one room, written synchronously.
 * `room` never contains '#' (plan ids are [a-z0-9-], plus ".comments").
 */
export class Journal {
  private readonly own: string
  private entries: string[] = []
  /** Entries replayed into this tab's document on start: stored once this tab's state is. */
  private readonly replayed = new Set<string>()

  constructor(
    private readonly room: string,
    private readonly storage: JournalStorage = localStorage,
    tab: string = crypto.randomUUID()
  ) {
    this.own = `${PREFIX}${room}#${tab}`
  }

  /** Every journal key of this room: this tab's, other tabs', closed tabs', and the one-key format of 0.1.0. */
  private keys(): string[] {
    const keys: string[] = []
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i)
      if (k && (k.startsWith(`${PREFIX}${this.room}#`) || k === `${PREFIX}${this.room}`)) keys.push(k)
    }
    return keys
  }

  private read(key: string): string[] {
    try {
      const list: unknown = JSON.parse(this.storage.getItem(key) ?? '[]')
      return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []
    } catch {
      // catch: a damaged journal must not stop the plan from opening
      return []
    }
  }

  /** Append a local update (best effort: a full localStorage only loses the extra safety). */
  append(update: Uint8Array): void {
    this.entries.push(b64(update))
    try {
      this.storage.setItem(this.own, JSON.stringify(this.entries))
    } catch {
      // catch: quota exceeded; IndexedDB still gets the update, just not synchronously
    }
  }

  /** Apply every journal of this room to `doc` (after IndexedDB has loaded). Returns how many entries were applied. */
  replay(doc: Y.Doc, origin: unknown): number {
    let n = 0
    for (const key of this.keys()) {
      for (const entry of this.read(key)) {
        try {
          Y.applyUpdate(doc, unb64(entry), origin)
          this.replayed.add(entry)
          n++
        } catch {
          // catch: a damaged entry must not stop the others from being replayed
        }
      }
    }
    return n
  }

  /**
   * Drop the entries the server has stored. The caller knows this tab's
   * whole document is acknowledged, so that covers this tab's entries and
   * those it replayed on start. Entries other open tabs wrote since are
   * dropped when `stored` covers their items; their delete-only entries are
   * kept (a state vector cannot show deletions; replaying them is harmless).
   */
  settle(stored: StateVector): void {
    this.entries = []
    for (const key of this.keys()) {
      if (key === this.own) {
        this.storage.removeItem(key)
        continue
      }
      const left = this.read(key).filter((entry) => {
        if (this.replayed.has(entry)) return false
        try {
          const to = Y.parseUpdateMeta(unb64(entry)).to
          return to.size === 0 || !covers(stored, to)
        } catch {
          return false
        }
      })
      if (left.length) this.storage.setItem(key, JSON.stringify(left))
      else this.storage.removeItem(key)
    }
  }
}
