import * as Y from 'yjs'

// What waits for the next paint: one idle callback runs it all (the body's
// and the comments' IndexedDB store and socket send alike).
let waiting: Array<() => void> = []

// catch: one failed write (a closed IndexedDB) must not drop the others waiting with it.
function runLogged(fn: () => void): void {
  try {
    fn()
  } catch (error) {
    console.error('A write deferred past the paint failed', error)
  }
}

/**
 * Run `fn` once the browser has painted the frame being prepared and has
 * time: an idle callback asked for inside a requestAnimationFrame callback
 * (which runs before the frame's style, layout and paint) runs in the idle
 * time after that frame, behind whatever else was waiting for it. `ceilingMs`
 * bounds the wait on a busy page; a hidden tab paints no frames, so a timer
 * is the ceiling there too. Functions asked for before that run together, in order.
 */
export function afterNextPaint(fn: () => void, ceilingMs = 50): void {
  if (waiting.push(fn) > 1) return
  let done = false
  const once = () => {
    if (done) return
    done = true
    clearTimeout(ceiling)
    const run = waiting
    waiting = []
    for (const f of run) runLogged(f)
  }
  const ceiling = setTimeout(once, 2 * ceilingMs)
  // Safari has no requestIdleCallback: there the first task after the frame.
  requestAnimationFrame(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(once, { timeout: ceilingMs }) : setTimeout(once, 0)))
}

/** A deferred listener: `flush` hands over what waits now, `stop` does that and stops deferring. */
export interface DeferredListener {
  flush(): void
  stop(): void
}

type UpdateListener = (update: Uint8Array, origin: unknown) => void

/**
 * Move a Y.Doc `update` listener that does I/O to after the next paint:
 * y-indexeddb's store (`_storeUpdate`) and y-websocket's send
 * (`_updateHandler`) each cost about a millisecond per keystroke, spent
 * before the keystroke could be painted. Deferred, they run after it, and
 * the updates of one frame (fast typing, a paste's several transactions)
 * are merged into one write. Nothing is less safe for it: the journal
 * (journal.ts) still holds every local update synchronously, and the sync
 * tracker counts it as waiting from the start.
 *
 * Both libraries register their listener as a field and ignore their own
 * origin; updates of that origin are not queued at all. Should a library
 * rename the field, its listener is left as it is (writing at once).
 */
export function deferUpdateListener(doc: Y.Doc, owner: object, field: string): DeferredListener {
  const listener: unknown = (owner as Record<string, unknown>)[field]
  if (typeof listener !== 'function') return { flush: () => undefined, stop: () => undefined }
  const write = listener as UpdateListener
  doc.off('update', write)
  let waiting: Array<{ update: Uint8Array; origin: unknown }> = []
  const flush = () => {
    const batch = waiting
    waiting = []
    // Consecutive updates of one origin become one: the listener sees the origins it saw before.
    for (let i = 0; i < batch.length;) {
      let j = i + 1
      while (j < batch.length && batch[j]!.origin === batch[i]!.origin) j++
      const updates = batch.slice(i, j).map((b) => b.update)
      const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
      const origin = batch[i]!.origin
      runLogged(() => write(update, origin))
      i = j
    }
  }
  const onUpdate: UpdateListener = (update, origin) => {
    if (origin === owner) return
    if (waiting.push({ update, origin }) === 1) afterNextPaint(flush)
  }
  doc.on('update', onUpdate)
  return {
    flush,
    stop() {
      doc.off('update', onUpdate)
      flush()
    }
  }
}
