import Database from 'better-sqlite3'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, tightenIfPresent } from './private-files'
import { digest, prepareRoomStatements, readRoomRows } from './room-rows'
import type { PlanRecord, Store, StoredRoom } from './store'

// SQLite in WAL mode with synchronous=FULL: a commit is on disk before
// appendUpdates returns, so an update is durable before anyone is told of it.
// Every row carries a checksum; a row that fails it makes its room refuse to
// load (never served empty, never overwritten by a compaction).

/** The embedded default store: one SQLite file under DATA_DIR. */
export class SqliteStore implements Store {
  private readonly db: Database.Database
  /** The database file (read-only connections elsewhere open it too: the read workers). */
  readonly file: string
  private readonly stmts

  constructor(dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL') {
    ensurePrivateDir(dataDir)
    const file = (this.file = join(dataDir, 'faellesplan.sqlite'))
    ensurePrivateFile(file)
    for (const extra of ['-wal', '-shm']) tightenIfPresent(file + extra)
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${synchronous}`)
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS plans (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, data BLOB NOT NULL, sum TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS updates_room ON updates (room, id);
      CREATE TABLE IF NOT EXISTS snapshots (room TEXT PRIMARY KEY, data BLOB NOT NULL, sum TEXT NOT NULL, upto INTEGER NOT NULL);
    `)
    this.stmts = {
      ...prepareRoomStatements(this.db),
      insert: this.db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)'),
      upsertSnapshot: this.db.prepare('INSERT INTO snapshots (room, data, sum, upto) VALUES (?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET data = excluded.data, sum = excluded.sum, upto = excluded.upto'),
      deleteUpto: this.db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?'),
      countPending: this.db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?'),
      listPlans: this.db.prepare('SELECT id, title, created_at AS createdAt FROM plans ORDER BY created_at'),
      getPlan: this.db.prepare('SELECT id, title, created_at AS createdAt FROM plans WHERE id = ?'),
      insertPlan: this.db.prepare('INSERT INTO plans (id, title, created_at) VALUES (?, ?, ?)')
    }
  }

  loadRoom(room: string): StoredRoom {
    return readRoomRows(this.stmts, room)
  }

  appendUpdates(batch: ReadonlyArray<{ room: string; update: Uint8Array }>): Map<string, number> {
    const last = new Map<string, number>()
    this.db.transaction(() => {
      for (const { room, update } of batch) {
        const r = this.stmts.insert.run(room, Buffer.from(update.buffer, update.byteOffset, update.byteLength), digest(update))
        last.set(room, Number(r.lastInsertRowid))
      }
    })()
    return last
  }

  compact(room: string, state: Uint8Array, uptoId: number): void {
    this.db.transaction(() => {
      this.stmts.upsertSnapshot.run(room, Buffer.from(state), digest(state), uptoId)
      this.stmts.deleteUpto.run(room, uptoId)
    })()
  }

  pendingRows(room: string): number {
    return (this.stmts.countPending.get(room) as { n: number }).n
  }

  listPlans(): PlanRecord[] {
    return this.stmts.listPlans.all() as PlanRecord[]
  }

  getPlan(id: string): PlanRecord | null {
    return (this.stmts.getPlan.get(id) as PlanRecord | undefined) ?? null
  }

  createPlan(plan: PlanRecord, initialState: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.insertPlan.run(plan.id, plan.title, plan.createdAt)
      this.stmts.insert.run(plan.id, Buffer.from(initialState), digest(initialState))
    })()
  }

  close(): void {
    this.db.close()
  }
}
