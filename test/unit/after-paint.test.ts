// IndexedDB's store and the socket's send wait for the keystroke's paint
// (client/src/sync/after-paint.ts, issue #17): the listener still gets every
// update, in order, with the origins it checks, merged per frame; its own
// origin is never queued; stopping hands over what waits at once.
// Node has no frames: requestAnimationFrame is the browser's, stood in for by
// a timer here (requestIdleCallback is absent, as in Safari).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { deferUpdateListener } from '../../client/src/sync/after-paint'
import { eventually } from '../../testkit/y-client'

const g = globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }
beforeAll(() => {
  g.requestAnimationFrame = (cb) => setTimeout(cb, 1)
})
afterAll(() => {
  delete g.requestAnimationFrame
})

/** A library's listener as y-indexeddb and y-websocket hold it: a field, ignoring its own origin. */
class Writer {
  readonly written: Array<{ update: Uint8Array; origin: unknown }> = []
  readonly _write = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.written.push({ update, origin })
  }
  constructor(doc: Y.Doc) {
    doc.on('update', this._write)
  }
}

describe('deferUpdateListener', () => {
  it('hands the updates over after the frame, merged per origin run, in order, never its own', async () => {
    const doc = new Y.Doc()
    const writer = new Writer(doc)
    const deferred = deferUpdateListener(doc, writer, '_write')
    const text = doc.getText('t')
    doc.transact(() => text.insert(0, 'Hej'), 'typing')
    doc.transact(() => text.insert(3, ' med'), 'typing')
    // What the writer itself brings (y-indexeddb loading, the server's updates to the socket).
    const remote = new Y.Doc()
    remote.getMap('m').set('k', 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), writer)
    doc.transact(() => text.insert(text.length, ' dig'), 'paste')
    expect(writer.written).toEqual([])

    await eventually(async () => expect(writer.written.length).toBe(2), 2_000)
    expect(writer.written.map((w) => w.origin)).toEqual(['typing', 'paste'])
    // What was handed over is the document less what the writer brought itself.
    const replay = new Y.Doc()
    for (const w of writer.written) Y.applyUpdate(replay, w.update)
    expect(replay.getText('t').toString()).toBe('Hej med dig')
    deferred.stop()
  })

  it('stop hands over what waits at once, and later updates go to no one', () => {
    const doc = new Y.Doc()
    const writer = new Writer(doc)
    const deferred = deferUpdateListener(doc, writer, '_write')
    doc.getText('t').insert(0, 'a')
    deferred.stop()
    expect(writer.written.length).toBe(1)
    doc.getText('t').insert(1, 'b')
    expect(writer.written.length).toBe(1)
  })

  it('leaves a listener it cannot find as it is (writing at once)', () => {
    const doc = new Y.Doc()
    const writer = new Writer(doc)
    deferUpdateListener(doc, writer, '_renamed').stop()
    doc.getText('t').insert(0, 'a')
    expect(writer.written.length).toBe(1)
  })
})
