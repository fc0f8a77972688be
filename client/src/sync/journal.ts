import * as Y from 'yjs'

// y-indexeddb writes each update in an IndexedDB transaction it does not wait
// for (y-indexeddb issue 28): an edit followed at once by a reload or a
// closed tab can be lost. Every local update is therefore also appended,
// synchronously, to a journal in localStorage, and replayed on the next
// start; it is cleared once the server has acknowledged storing everything.

const key = (planId: string) => `faellesplan.journal.${planId}`
const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u))
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

/** Append a local update to the plan's journal (best effort: a full localStorage only loses the extra safety). */
export function journalAppend(planId: string, update: Uint8Array): void {
  try {
    const list = JSON.parse(localStorage.getItem(key(planId)) ?? '[]') as string[]
    list.push(b64(update))
    localStorage.setItem(key(planId), JSON.stringify(list))
  } catch {
    // catch: quota exceeded; IndexedDB still gets the update, just not synchronously
  }
}

/** Apply the journal to a document (after IndexedDB has loaded). */
export function journalReplay(planId: string, doc: Y.Doc, origin: unknown): number {
  const list = JSON.parse(localStorage.getItem(key(planId)) ?? '[]') as string[]
  for (const u of list) {
    try {
      Y.applyUpdate(doc, unb64(u), origin)
    } catch {
      // catch: a damaged entry must not stop the others from being replayed
    }
  }
  return list.length
}

/** Forget the journal: the server has stored everything in it. */
export function journalClear(planId: string): void {
  localStorage.removeItem(key(planId))
}
