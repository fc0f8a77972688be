import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { CorruptRoomError, type StoredRoom } from './store'

// Reading a room's rows, shared by both engines and by the SQLite read
// workers (their own read-only connections): one place checks the checksums.

/** The checksum stored beside every row. */
export const digest = (data: Uint8Array): string => createHash('sha1').update(data).digest('base64')

/** A stored snapshot row as read from either engine. */
export interface SnapshotRow {
  data: Uint8Array
  sum: string
  upto: number
}

/** A stored update row as read from either engine. */
export interface UpdateRow {
  id: number
  data: Uint8Array
  sum: string
}

/**
 * A room's snapshot and the update rows after it, checksums checked
 * (CorruptRoomError otherwise). `fromId`: the rows were read after this id
 * (the last id when there are none).
 */
export function checkRoomRows(room: string, snap: SnapshotRow | undefined, rows: readonly UpdateRow[], fromId = snap?.upto ?? 0): StoredRoom {
  if (snap && digest(snap.data) !== snap.sum) throw new CorruptRoomError(room, 'snapshot checksum mismatch')
  for (const row of rows) if (digest(row.data) !== row.sum) throw new CorruptRoomError(room, `update row ${row.id} checksum mismatch`)
  return {
    snapshot: snap ? new Uint8Array(snap.data) : null,
    updates: rows.map((r) => new Uint8Array(r.data)),
    lastId: rows.length ? rows[rows.length - 1]!.id : fromId
  }
}

/** The two statements a room read needs, prepared on some SQLite connection. */
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
 * The part of a room a reader needs when it holds the room up to row
 * `afterId` (0: nothing): the stored snapshot only when it was compacted past
 * that row (the rows after it may be gone), and the update rows from where
 * the reader or the snapshot ends.
 */
export function rowsNeeded(found: SnapshotRow | undefined, afterId: number): { snap: SnapshotRow | undefined; fromId: number } {
  const snap = found && found.upto > afterId ? found : undefined
  return { snap, fromId: snap?.upto ?? Math.max(afterId, found?.upto ?? 0) }
}

/**
 * A room's snapshot and the updates after it from SQLite (or, with
 * `afterId`, what was stored after that row), checksums checked. Call it in
 * a transaction when another connection may compact meanwhile (between the
 * two reads a compaction would delete rows the old snapshot does not hold).
 */
export function readRoomRows(stmts: RoomStatements, room: string, afterId = 0): StoredRoom {
  const { snap, fromId } = rowsNeeded(stmts.snapshot.get(room) as SnapshotRow | undefined, afterId)
  const rows = stmts.updates.all(room, fromId) as UpdateRow[]
  return checkRoomRows(room, snap, rows, fromId)
}
