import * as Y from 'yjs'

/** What a transaction deleted (Yjs exports the type only through `Transaction`). */
type DeleteSet = Y.Transaction['deleteSet']

// Text that an editor typed, without having seen a restore, into a block the
// restore removed: Yjs integrates it into deleted content (with garbage
// collection on, it is dropped at once). So that it is not lost silently, the
// room's later updates are read against what the restore deleted, and such
// text is found here (Versions then writes it back into the plan, visibly).

/** Whether the struct with this id is live (an item, not deleted) in `doc`. */
function isVisible(doc: Y.Doc, id: Y.ID): boolean {
  const structs = doc.store.clients.get(id.client)
  if (!structs) return false
  const last = structs[structs.length - 1]!
  if (id.clock >= last.id.clock + last.length) return false
  const s = structs[Y.findIndexSS(structs, id.clock)]
  return s instanceof Y.Item && !s.deleted
}

/** Text in `update` (already applied to `doc`) that was typed into content `restoreDeleted` removed, and is not visible now. */
export function textLostInRestore(doc: Y.Doc, restoreDeleted: DeleteSet, update: Uint8Array): string[] {
  const lost: string[] = []
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentString)) continue
    const refs = [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]
    if (!refs.some((id) => id !== null && Y.isDeleted(restoreDeleted, id))) continue
    if (!isVisible(doc, s.id)) lost.push(s.content.str)
  }
  return lost
}
