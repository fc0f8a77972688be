import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { CorruptRoomError, type StoredRoom } from './store'

// Reading a room's rows, shared by the store (the server's own connection)
// and the read workers (their own read-only connections): one place checks
// the checksums.

/** The checksum stored beside every row. */
export const digest = (data: Uint8Array): string => createHash('sha1').update(data).digest('base64')

/** The two statements a room read needs, prepared on some connection. */
export interface RoomStatements {
  snapshot: Database.Statement
  updates: Database.Statement
}

/** Prepare the room-read statements on `db`. */
export const prepareRoomStatements = (db: Database.Database): RoomStatements => ({
  snapshot: db.prepare('SELECT data, sum, upto FROM snapshots WHERE room = ?'),
  updates: db.prepare('SELECT id, data, sum FROM updates WHERE room = ? AND id > ? ORDER BY id')
})

/**
 * A room's snapshot and the updates after it (or, with `afterId`, what was
 * stored after that row), checksums checked. Call it in a
 * transaction when another connection may compact meanwhile (between the two
 * reads a compaction would delete rows the old snapshot does not hold).
 */
export function readRoomRows(stmts: RoomStatements, room: string, afterId = 0): StoredRoom {
  const found = stmts.snapshot.get(room) as { data: Buffer; sum: string; upto: number } | undefined
  // A reader that holds the room up to `afterId` needs the snapshot only when rows after it were compacted away.
  const snap = found && found.upto > afterId ? found : undefined
  if (snap && digest(snap.data) !== snap.sum) throw new CorruptRoomError(room, 'snapshot checksum mismatch')
  const rows = stmts.updates.all(room, snap?.upto ?? Math.max(afterId, found?.upto ?? 0)) as Array<{ id: number; data: Buffer; sum: string }>
  for (const row of rows) if (digest(row.data) !== row.sum) throw new CorruptRoomError(room, `update row ${row.id} checksum mismatch`)
  return {
    snapshot: snap ? new Uint8Array(snap.data) : null,
    updates: rows.map((r) => new Uint8Array(r.data)),
    lastId: rows.length ? rows[rows.length - 1]!.id : Math.max(afterId, found?.upto ?? 0)
  }
}
