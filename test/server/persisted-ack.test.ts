// "Saved" means stored: our persisted message arrives only after the update
// is in SQLite. Only clients that declared their schema are sent it (a stock
// client's side: refuses-outdated-client-writes.test.ts).
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { BODY_FRAGMENT, MessageType } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage } from '../helpers/raw-socket'

let t: TestServer
useTestServer((s) => (t = s))

const rowsContaining = (text: string): number => {
  const db = new Database(join(t.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT data FROM updates WHERE room = ?').all(DEMO_PLAN_ID) as Array<{ data: Buffer }>
    return rows.filter((r) => r.data.includes(Buffer.from(text))).length
  } finally {
    db.close()
  }
}

describe('persisted acknowledgement', () => {
  it('arrives only after the update is in SQLite, and covers it', async () => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const marker = `gemt-${Math.random().toString(36).slice(2)}`
    const clientID = 777000 + Math.floor(Math.random() * 1000)
    const acked = new Promise<Uint8Array>((resolve) => {
      raw.ws.on('message', (data: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(data))
        if (decoding.readVarUint(d) !== MessageType.persisted) return
        const sv = decoding.readVarUint8Array(d)
        // Checked at the moment the acknowledgement arrives: the row must already be there.
        if ((Y.decodeStateVector(sv).get(clientID) ?? 0) > 0) {
          expect(rowsContaining(marker)).toBe(1)
          resolve(sv)
        }
      })
    })
    raw.send(updateMessage(textUpdate(marker, clientID)))
    const sv = await acked
    expect(Y.decodeStateVector(sv).get(clientID)).toBe(
      Y.decodeStateVector(
        Y.encodeStateVector(
          (() => {
            const d = new Y.Doc()
            Y.applyUpdate(d, textUpdate(marker, clientID))
            return d
          })()
        )
      ).get(clientID)
    )
    raw.ws.close()
  })

  it('a y-websocket client that declared reads it and keeps syncing', async () => {
    const a = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const b = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await Promise.all([a.synced(), b.synced()])
    for (let i = 0; i < 5; i++) {
      const p = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      text.insert(0, `stock ${i}`)
      p.insert(0, [text])
      a.doc.getXmlFragment(BODY_FRAGMENT).push([p])
    }
    await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain('stock 4'))
    expect(a.provider.wsconnected).toBe(true)
    a.destroy()
    b.destroy()
  })
})
