// The body of a read worker (see read-pool.ts): decodes a plan's documents
// and renders one REST output per message, off the main thread, so a large
// cold plan never holds up sync. Cold rooms are read through the worker's own
// read-only SQLite connection.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import * as Y from 'yjs'
import { prepareRoomStatements, readRoomRows, type RoomStatements } from '../storage/room-rows'
import { CorruptRoomError } from '../storage/store'
import { applyStoredRoom } from '../sync/stored-doc'
import { renderRead } from './render'
import type { ReadReply, ReadRequest, RoomSource } from './read-pool'

const file = (workerData as { file: string }).file
let db: { conn: Database.Database; stmts: RoomStatements; read: (room: string) => ReturnType<typeof readRoomRows> } | null = null

function open(): NonNullable<typeof db> {
  if (db) return db
  const conn = new Database(file, { readonly: true, fileMustExist: true })
  const stmts = prepareRoomStatements(conn)
  // One read transaction: the server may compact the room between the snapshot and the update reads.
  const read = conn.transaction((room: string) => readRoomRows(stmts, room))
  db = { conn, stmts, read }
  return db
}

function docOf(source: RoomSource): Y.Doc {
  const doc = new Y.Doc()
  if (source.kind === 'state') Y.applyUpdate(doc, source.update)
  else applyStoredRoom(doc, source.room, open().read(source.room))
  return doc
}

parentPort!.on('message', (req: ReadRequest) => {
  let reply: ReadReply
  const docs: Y.Doc[] = []
  try {
    const body = docOf(req.body)
    docs.push(body)
    const comments = req.comments ? docOf(req.comments) : null
    if (comments) docs.push(comments)
    reply = { id: req.id, ok: true, result: renderRead(req.output, req.planId, req.lang, body, comments) }
  } catch (e) {
    reply = { id: req.id, ok: false, corrupt: e instanceof CorruptRoomError, message: (e as Error).message ?? String(e) }
  } finally {
    for (const d of docs) d.destroy()
  }
  parentPort!.postMessage(reply)
})
