// A body writer must say which schema it knows before its first change
// (issue #13): before, a client that never declared was never refused, so a
// stock or outdated client could delete nodes it does not know for everyone.
// Stock clients are sent none of our message types, so they stay quiet.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { BODY_FRAGMENT, Close, MessageType, SCHEMA_VERSION, commentsRoomOf } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createAnchor, createThread, listThreads } from '../../schema/comments'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, connectStockClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage, type RawSocket } from '../helpers/raw-socket'

let t: TestServer
useTestServer((s) => (t = s))

const rowsContaining = (room: string, text: string): number => {
  const db = new Database(join(t.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT data FROM updates WHERE room = ?').all(room) as Array<{ data: Buffer }>
    return rows.filter((r) => r.data.includes(Buffer.from(text))).length
  } finally {
    db.close()
  }
}

const typesOf = (raw: RawSocket): number[] => raw.received.map((m) => decoding.readVarUint(decoding.createDecoder(m)))

const paragraph = (text: string): Y.XmlElement => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

const closeOf = (client: YClient): Promise<{ code: number; reason: string }> =>
  new Promise((resolve) =>
    client.provider.on('connection-close', (e: { code: number; reason: string } | null) => e && resolve({ code: e.code, reason: e.reason }))
  )

const marker = (what: string): string => `${what}-${Math.random().toString(36).slice(2)}`

describe('body writers must declare their schema', () => {
  it('a stock editor reads the plan, and its first change is refused with client-outdated: not stored, not broadcast', async () => {
    const reader = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    const stock = connectStockClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Gammel' }))
    await Promise.all([reader.synced(), stock.synced()])
    expect(stock.doc.getXmlFragment(BODY_FRAGMENT).length).toBeGreaterThan(0)
    const closed = closeOf(stock)
    const text = marker('uerklaeret')
    stock.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(text)])
    expect(await closed).toEqual({ code: Close.OutdatedClient.code, reason: Close.OutdatedClient.reason })
    // The declared reader's connection lives on; a later write from elsewhere reaches it, the refused one never did.
    const after = marker('efter')
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    raw.send(updateMessage(textUpdate(after)))
    await eventually(() => expect(JSON.stringify(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(after))
    expect(JSON.stringify(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).not.toContain(text)
    expect(rowsContaining(DEMO_PLAN_ID, text)).toBe(0)
    raw.ws.close()
    stock.destroy()
    reader.destroy()
  })

  it('a writer that declared an older schema than the document is refused', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'), { schema: SCHEMA_VERSION - 1 })
    const text = marker('forældet')
    raw.send(updateMessage(textUpdate(text)))
    expect(await raw.closed).toEqual({ code: Close.OutdatedClient.code, reason: Close.OutdatedClient.reason })
    expect(rowsContaining(DEMO_PLAN_ID, text)).toBe(0)
  })

  it('a writer that declared the current schema is stored and acknowledged, and told the document schema', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const text = marker('aktuel')
    raw.send(updateMessage(textUpdate(text)))
    await eventually(() => expect(rowsContaining(DEMO_PLAN_ID, text)).toBe(1))
    await eventually(() => expect(typesOf(raw).filter((x) => x === MessageType.persisted).length).toBeGreaterThanOrEqual(2))
    expect(typesOf(raw)).toContain(MessageType.documentSchema)
    raw.ws.close()
  })

  it('a client of the previous release, declaring with message 101 after connecting, writes and is acknowledged', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'), { schema: null })
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MessageType.schemaVersion)
    encoding.writeVarUint(e, SCHEMA_VERSION)
    raw.send(encoding.toUint8Array(e))
    const text = marker('forrige')
    raw.send(updateMessage(textUpdate(text)))
    await eventually(() => expect(rowsContaining(DEMO_PLAN_ID, text)).toBe(1))
    await eventually(() => expect(typesOf(raw)).toContain(MessageType.persisted))
    raw.ws.close()
  })
})

describe('stock y-websocket clients', () => {
  let errors: MockInstance<typeof console.error>
  beforeEach(() => {
    errors = vi.spyOn(console, 'error')
  })
  afterEach(() => errors.mockRestore())

  it('are sent none of our message types, so they print no "Unable to compute message"', async () => {
    const editor = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const viewer = connectStockClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    const idleEditor = connectStockClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Læser' }))
    // Comments have no schema to outgrow, and the server checks every field: an undeclared commenter may write.
    const commenter = connectStockClient(t.wsUrl, commentsRoomOf(DEMO_PLAN_ID), t.token('commenter', { name: 'Lars' }))
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'), { schema: null })
    await Promise.all([editor.synced(), viewer.synced(), idleEditor.synced(), commenter.synced()])

    const text = marker('lydløs')
    editor.doc.getXmlFragment(BODY_FRAGMENT).push([paragraph(text)])
    await eventually(() => expect(JSON.stringify(viewer.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(text))
    await eventually(() => expect(JSON.stringify(idleEditor.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(text))

    const anchorDoc = new Y.Doc()
    Y.applyUpdate(anchorDoc, Y.encodeStateAsUpdate(viewer.doc))
    const anchor = createAnchor(anchorDoc.getXmlFragment(BODY_FRAGMENT), 0, 5) ?? { start: null, end: null, quote: '' }
    const comment = marker('kommentar')
    createThread(commenter.doc, { anchor, author: commenter.author, text: comment })
    await eventually(() => expect(rowsContaining(commentsRoomOf(DEMO_PLAN_ID), comment)).toBe(1))
    await eventually(() => expect(JSON.stringify(raw.received.map((m) => Buffer.from(m).toString('utf8')))).toContain(text))

    expect(typesOf(raw).filter((x) => x !== MessageType.sync && x !== MessageType.awareness)).toEqual([])
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('Unable to compute message'))).toEqual([])
    expect([viewer, idleEditor, commenter].map((c) => c.provider.wsconnected)).toEqual([true, true, true])
    expect(listThreads(commenter.doc).map((th) => th.comments[0]?.text)).toContain(comment)
    raw.ws.close()
    for (const c of [editor, viewer, idleEditor, commenter]) c.destroy()
  })
})
