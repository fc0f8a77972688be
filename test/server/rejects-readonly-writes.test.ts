import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { BODY_FRAGMENT, COMMENTS_SUFFIX, Close, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createAnchor, createThread, listThreads, yTextRuns } from '../../schema/comments'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, connectStockClient, eventually } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage } from '../helpers/raw-socket'

let t: TestServer
useTestServer((s) => (t = s))

const storedRows = (room: string): number => {
  const db = new Database(join(t.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?').get(room) as { n: number }).n
  } finally {
    db.close()
  }
}

describe('read-only roles', () => {
  it.each(['commenter', 'viewer'] as const)('a %s gets the document, and its body writes are refused, not stored, not broadcast', async (role) => {
    const editor = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await editor.synced()
    const rowsBefore = storedRows(DEMO_PLAN_ID)
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token(role))
    // It receives the document (sync step 1 and 2 from the server) before anything else.
    await eventually(() => expect(raw.received.length).toBeGreaterThan(0))
    raw.send(updateMessage(textUpdate(`forbudt ${role}`)))
    const closed = await raw.closed
    expect(closed).toEqual({ code: Close.ReadOnly.code, reason: Close.ReadOnly.reason })
    await new Promise((r) => setTimeout(r, 100))
    expect(storedRows(DEMO_PLAN_ID)).toBe(rowsBefore)
    expect(JSON.stringify(editor.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).not.toContain(`forbudt ${role}`)
    editor.destroy()
  })

  it('a reader re-sending what the room already holds (its journal, after its role changed) stays connected; anything new is still refused', async () => {
    const written = textUpdate(`skrevet som redaktør ${Math.random().toString(36).slice(2)}`)
    const editor = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const rowsFirst = storedRows(DEMO_PLAN_ID)
    editor.send(updateMessage(written))
    await eventually(() => expect(storedRows(DEMO_PLAN_ID)).toBeGreaterThan(rowsFirst))
    const reader = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await eventually(() => expect(reader.received.length).toBeGreaterThan(0))
    // Held already: dropped, not a write; the socket answers the next message (a refusal would close it first).
    const rowsBefore = storedRows(DEMO_PLAN_ID)
    const answered = reader.received.length
    reader.send(updateMessage(written))
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, MessageType.sync)
    syncProtocol.writeSyncStep1(step1, new Y.Doc())
    reader.send(encoding.toUint8Array(step1))
    // The answer to that sync step 1: a sync step 2 (type sync, then 1).
    const isStep2 = (m: Uint8Array) => m[0] === MessageType.sync && m[1] === 1
    await eventually(() => expect(reader.received.slice(answered).some(isStep2)).toBe(true), 10_000)
    reader.send(updateMessage(textUpdate('ny tekst fra en læser')))
    expect(await reader.closed).toEqual({ code: Close.ReadOnly.code, reason: Close.ReadOnly.reason })
    expect(storedRows(DEMO_PLAN_ID)).toBe(rowsBefore)
    editor.ws.close()
  })

  it('a stock y-websocket viewer syncs the document and stays connected', async () => {
    const viewer = connectStockClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await viewer.synced()
    expect(viewer.doc.getXmlFragment(BODY_FRAGMENT).length).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 200))
    expect(viewer.provider.wsconnected).toBe(true)
    viewer.destroy()
  })

  it('a commenter writes comment threads that editors receive and storage keeps', async () => {
    const room = DEMO_PLAN_ID + COMMENTS_SUFFIX
    const body = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('commenter'))
    const council = connectClient(t.wsUrl, room, t.token('commenter', { name: 'Lars' }))
    const admin = connectClient(t.wsUrl, room, t.token('editor', { name: 'Anne' }))
    await Promise.all([body.synced(), council.synced(), admin.synced()])
    const fragment = body.doc.getXmlFragment(BODY_FRAGMENT)
    const flat = yTextRuns(fragment).text
    const at = flat.indexOf('Færre langtidsledige')
    const anchor = createAnchor(fragment, at, at + 'Færre langtidsledige'.length)
    expect(anchor).not.toBeNull()
    createThread(council.doc, { anchor: anchor!, author: council.author, text: 'Hvad med unge?' })
    await eventually(() => expect(listThreads(admin.doc).map((th) => th.comments[0]!.text)).toEqual(['Hvad med unge?']))
    await eventually(() => expect(storedRows(room)).toBeGreaterThan(0))
    for (const c of [body, council, admin]) c.destroy()
  })
})
