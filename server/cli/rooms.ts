// `npm run rooms -- [--compact] [--data-dir DIR] [--json]` lists every room in
// the server's store (the SQLite file under DATA_DIR, default ./data; or
// STORAGE=postgres with DATABASE_URL and DATABASE_SCHEMA) with what it stores:
// compacted state, update log (bytes and rows) and the share of its size
// budget (ROOM_BODY_MAX_BYTES / ROOM_COMMENTS_MAX_BYTES, as the server reads
// them). `--compact` merges each room's log into one stored state first.
//
// Safe while the server runs on the same store, without asking it: the
// merge runs outside any write lock (the server keeps appending), and the write then replaces only the rows that were merged,
// in one short transaction, and only if the room's stored state is still the
// one read (else the room is reported as changed meanwhile and left alone).
// Rows the server appended in between stay. The server never re-reads a room
// it holds, and its own later compaction stores its in-memory document, which
// already has every merged row, so it loses nothing either. (The server reads
// a room's state and log in one transaction, so it never loads a half-done
// compaction.) A room whose stored bytes fail their checksums is reported and
// never compacted; the exit code is then 1.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { parseRoomName } from '../../schema'
import { openStore, storageConfigFromEnv } from '../storage/open-store'
import { databasePath } from '../storage/sqlite-store'
import { CorruptRoomError, type OfflineCompaction, type StoredRoom, type StoredRoomSize } from '../storage/store'
import { DEFAULT_ROOM_BUDGETS, roomBudgetsFromEnv, type RoomBudgets } from '../sync/room-budget'
import { applyStoredRoom } from '../sync/stored-doc'

const USAGE = 'usage: npm run rooms -- [--compact] [--data-dir DIR] [--json]'
const fail = (message: string): never => {
  console.error(`rooms: ${message}\n${USAGE}`)
  process.exit(2)
}

/** One line of the report. */
interface RoomReport extends StoredRoomSize {
  kind: 'body' | 'comments' | 'unknown'
  totalBytes: number
  budgetBytes: number | null
  /** With --compact: what happened, and the stored size after. */
  compaction?: { result: OfflineCompaction; bytesBefore: number } | { error: string }
}

let values
try {
  values = parseArgs({
    options: { compact: { type: 'boolean', default: false }, 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } }
  }).values
} catch (e) {
  values = fail((e as Error).message)
}
const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './data')
const config = storageConfigFromEnv(process.env, dataDir)
if (config.engine === 'sqlite' && !existsSync(databasePath(dataDir))) fail(`no database at ${databasePath(dataDir)}`)
let budgets: RoomBudgets
try {
  budgets = { ...DEFAULT_ROOM_BUDGETS, ...roomBudgetsFromEnv(process.env) }
} catch (e) {
  budgets = fail((e as Error).message)
}

/** The stored state and log of a room as one state, deleted content dropped (what the server's compaction stores). */
function mergeStored(room: string, stored: StoredRoom): Uint8Array {
  const doc = new Y.Doc({ gc: true })
  try {
    applyStoredRoom(doc, room, stored)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

const report = (size: StoredRoomSize): RoomReport => {
  const kind = parseRoomName(size.room)?.kind ?? 'unknown'
  return { ...size, kind, totalBytes: size.snapshotBytes + size.logBytes, budgetBytes: kind === 'unknown' ? null : budgets[kind] }
}

const store = await openStore(config)
let rooms: RoomReport[]
let failed = false
try {
  const before = (await store.roomSizes()).map(report)
  if (values.compact) {
    const compaction = new Map<string, RoomReport['compaction']>()
    for (const r of before) {
      try {
        compaction.set(r.room, { result: await store.compactOffline(r.room, (stored) => mergeStored(r.room, stored)), bytesBefore: r.totalBytes })
      } catch (e) {
        if (!(e instanceof CorruptRoomError)) throw e
        failed = true
        compaction.set(r.room, { error: e.message })
      }
    }
    rooms = (await store.roomSizes()).map((s) => ({ ...report(s), compaction: compaction.get(s.room) }))
  } else {
    rooms = before
  }
} finally {
  await store.close()
}

const human = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`

if (values.json) {
  console.log(JSON.stringify(rooms, null, 2))
} else {
  const rows = [['room', 'kind', 'state', 'log', 'rows', 'total', 'budget', ...(values.compact ? ['compaction'] : [])]]
  for (const r of rooms) {
    const c = r.compaction
    const compacted = !c ? '' : 'error' in c ? `REFUSED: ${c.error}` : c.result === 'compacted' ? `${human(c.bytesBefore)} → ${human(r.totalBytes)}` : c.result
    rows.push([
      r.room,
      r.kind,
      human(r.snapshotBytes),
      human(r.logBytes),
      String(r.rows),
      human(r.totalBytes),
      r.budgetBytes ? `${((100 * r.totalBytes) / r.budgetBytes).toFixed(1)} % of ${human(r.budgetBytes)}` : '',
      ...(values.compact ? [compacted] : [])
    ])
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()
    )
  console.log(`\n${rooms.length} room${rooms.length === 1 ? '' : 's'} in ${config.engine === 'sqlite' ? databasePath(dataDir) : 'PostgreSQL'}`)
}
process.exit(failed ? 1 : 0)
