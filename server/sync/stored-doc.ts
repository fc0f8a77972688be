import * as Y from 'yjs'
import { CorruptRoomError, type StoredRoom } from '../storage/store'

/**
 * Apply a room's stored state to `doc`, or throw CorruptRoomError. Beyond
 * bytes that fail to decode, this refuses a log with a gap: an update that
 * builds on one that is missing would leave Yjs holding it as "pending" and
 * the room would be served without it (and without everything typed after
 * it by that client). The server only ever stores updates whose history it
 * has, so a gap always means damage.
 */
export function applyStoredRoom(doc: Y.Doc, room: string, stored: StoredRoom): void {
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, 'storage')
    for (const u of stored.updates) Y.applyUpdate(doc, u, 'storage')
  } catch (e) {
    throw new CorruptRoomError(room, (e as Error).message)
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) throw new CorruptRoomError(room, 'the update log has a gap (an update builds on one that is not stored)')
}
