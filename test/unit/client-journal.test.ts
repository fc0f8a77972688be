// The synchronous journal beside y-indexeddb (client/src/sync/journal.ts),
// for y-indexeddb issue 28: a reload right after an edit must not lose it,
// and two tabs of one plan must not clear each other's unsaved changes.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Journal, type JournalStorage } from '../../client/src/sync/journal'

class MemoryStorage implements JournalStorage {
  readonly map = new Map<string, string>()
  get length() {
    return this.map.size
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null
  }
  getItem(k: string) {
    return this.map.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.map.set(k, v)
  }
  removeItem(k: string) {
    this.map.delete(k)
  }
}

const sv = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

/** A tab: a document whose local updates go to its journal. */
function tab(storage: MemoryStorage, name: string, room = 'plan-1') {
  const doc = new Y.Doc()
  const journal = new Journal(room, storage, name)
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin !== 'journal') journal.append(u)
  })
  return { doc, journal }
}

describe('Journal', () => {
  it('replays insertions and deletions into a fresh document after a reload', () => {
    const storage = new MemoryStorage()
    const a = tab(storage, 'a')
    a.doc.getText('t').insert(0, 'skrevet i toget')
    a.doc.getText('t').delete(0, 8)
    const reloaded = tab(storage, 'a2')
    expect(reloaded.journal.replay(reloaded.doc, 'journal')).toBe(2)
    expect(reloaded.doc.getText('t').toString()).toBe('i toget')
  })

  it('keeps journals of different rooms apart (plan and plan.comments)', () => {
    const storage = new MemoryStorage()
    tab(storage, 'a', 'plan-1').doc.getText('t').insert(0, 'krop')
    tab(storage, 'a', 'plan-1.comments').doc.getText('t').insert(0, 'kommentar')
    const fresh = tab(storage, 'b', 'plan-1')
    fresh.journal.replay(fresh.doc, 'journal')
    expect(fresh.doc.getText('t').toString()).toBe('krop')
  })

  it("settling one tab keeps another tab's changes the server has not stored", () => {
    const storage = new MemoryStorage()
    const a = tab(storage, 'a')
    const b = tab(storage, 'b')
    const server = new Y.Doc()
    a.doc.getText('t').insert(0, 'A')
    Y.applyUpdate(server, Y.encodeStateAsUpdate(a.doc))
    b.doc.getText('u').insert(0, 'B ikke gemt')
    a.journal.settle(sv(server))
    const after = tab(storage, 'c')
    after.journal.replay(after.doc, 'journal')
    expect(after.doc.getText('u').toString()).toBe('B ikke gemt')
    expect(after.doc.getText('t').toString()).toBe('')
    // Once the server has B's change too, the next settle drops it.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b.doc))
    a.journal.settle(sv(server))
    expect([...storage.map.keys()]).toEqual([])
  })

  it("drops a closed tab's entries once this tab, which replayed them, is stored", () => {
    const storage = new MemoryStorage()
    const old = tab(storage, 'closed')
    old.doc.getText('t').insert(0, 'abc')
    old.doc.getText('t').delete(0, 1)
    const now = tab(storage, 'now')
    now.journal.replay(now.doc, 'journal')
    now.journal.settle(sv(now.doc))
    expect(storage.map.size).toBe(0)
  })

  it('survives a damaged journal and reads the one-key format of 0.1.0', () => {
    const storage = new MemoryStorage()
    const legacy = new Y.Doc()
    legacy.getText('t').insert(0, 'gammelt format')
    storage.setItem('faellesplan.journal.plan-1', JSON.stringify([Buffer.from(Y.encodeStateAsUpdate(legacy)).toString('base64'), '!!!']))
    storage.setItem('faellesplan.journal.plan-1#broken', '{not json')
    const t = tab(storage, 'x')
    expect(t.journal.replay(t.doc, 'journal')).toBe(1)
    expect(t.doc.getText('t').toString()).toBe('gammelt format')
  })

  it('stores a large update (no call-stack overflow in the encoding)', () => {
    const storage = new MemoryStorage()
    const a = tab(storage, 'a')
    a.doc.getText('t').insert(0, 'x'.repeat(300_000))
    const b = tab(storage, 'b')
    b.journal.replay(b.doc, 'journal')
    expect(b.doc.getText('t').length).toBe(300_000)
  })
})
