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
import { extractPlan, readPlanMeta, yBodyToPlanNode, type Lang } from '../../schema'
import { planToDocx } from '../export/docx'
import { renderRead, type ReadResult } from './render'
import { compareDocs, snapshotOf } from '../versions/snapshot'
import type { ReadReply, ReadRequest, RoomSource } from './read-pool'

const file = (workerData as { file: string }).file
let db: { conn: Database.Database; stmts: RoomStatements; read: (room: string) => ReturnType<typeof readRoomRows>; version: Database.Statement } | null = null

function open(): NonNullable<typeof db> {
  if (db) return db
  const conn = new Database(file, { readonly: true, fileMustExist: true })
  const stmts = prepareRoomStatements(conn)
  // One read transaction: the server may compact the room between the snapshot and the update reads.
  const read = conn.transaction((room: string) => readRoomRows(stmts, room))
  db = { conn, stmts, read, version: conn.prepare('SELECT state FROM versions WHERE plan = ? AND id = ?') }
  return db
}

function docOf(source: RoomSource): Y.Doc {
  const doc = new Y.Doc()
  if (source.kind === 'state') {
    if (source.v2) Y.applyUpdateV2(doc, source.update)
    else Y.applyUpdate(doc, source.update)
  } else if (source.kind === 'stored') applyStoredRoom(doc, source.room, open().read(source.room))
  else if (source.kind === 'rows') applyStoredRoom(doc, source.room, source.stored)
  else {
    const row = open().version.get(source.plan, source.id) as { state: Buffer } | undefined
    if (!row) throw new Error(`plan ${source.plan} has no version ${source.id}`)
    try {
      Y.applyUpdateV2(doc, new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength))
    } catch (e) {
      throw new CorruptRoomError(`${source.plan} version ${source.id}`, (e as Error).message)
    }
  }
  return doc
}

/** The Word file of a plan, built here so its zipping never holds up sync. */
async function renderDocx(planId: string, lang: Lang, body: Y.Doc): Promise<ReadResult> {
  const { doc, problems } = yBodyToPlanNode(body)
  const meta = readPlanMeta(body, planId)
  const bytes = await planToDocx(doc, meta, extractPlan(doc, meta, problems), lang)
  return { kind: 'bytes', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}

parentPort!.on('message', (req: ReadRequest) => {
  void handle(req).then((reply) => {
    if (reply.ok && reply.result.kind === 'bytes') parentPort!.postMessage(reply, [reply.result.bytes.buffer as ArrayBuffer])
    else if (reply.ok && reply.result.kind === 'snapshot') parentPort!.postMessage(reply, [reply.result.state.buffer as ArrayBuffer])
    else parentPort!.postMessage(reply)
  })
})

async function handle(req: ReadRequest): Promise<ReadReply> {
  const docs: Y.Doc[] = []
  try {
    const body = docOf(req.body)
    docs.push(body)
    if (req.output === 'plan.docx') return { id: req.id, ok: true, result: await renderDocx(req.planId, req.lang, body) }
    if (req.output === 'version-snapshot' || req.output === 'compare') {
      const other = req.other ? docOf(req.other) : null
      if (other) docs.push(other)
      if (req.output === 'version-snapshot') return { id: req.id, ok: true, result: { kind: 'snapshot', ...snapshotOf(req.planId, body, other) } }
      if (!other) throw new RangeError('compare needs the other document')
      return { id: req.id, ok: true, result: { kind: 'text', text: JSON.stringify(compareDocs(req.planId, other, body)) } }
    }
    const comments = req.comments ? docOf(req.comments) : null
    if (comments) docs.push(comments)
    return { id: req.id, ok: true, result: renderRead(req.output, req.planId, req.lang, body, comments, req.conflicts) }
  } catch (e) {
    return { id: req.id, ok: false, corrupt: e instanceof CorruptRoomError, message: (e as Error).message ?? String(e) }
  } finally {
    for (const d of docs) d.destroy()
  }
}
