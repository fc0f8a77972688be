// A writer reconnecting after a server crash can type before it has answered
// the server's sync step 1: its new edit builds on edits the server never
// stored. That edit is dropped, not refused; the client's sync reply carries
// everything. Regression: the crash-loop test (with links from the invites
// API) lost a writer's connection this way — "update continues client … at
// 652, but only 243 is known" — and the writers did not converge.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import WebSocket from 'ws'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw, syncReplyMessage, updateMessage } from '../helpers/raw-socket'

let t: TestServer
useTestServer((s) => (t = s))

/** A writer's own document: a paragraph per call, typed at the end of the body. */
function writer(): { doc: Y.Doc; type: (text: string) => Uint8Array } {
  const doc = new Y.Doc()
  return {
    doc,
    type(text) {
      const before = Y.encodeStateVector(doc)
      const p = new Y.XmlElement('paragraph')
      const t = new Y.XmlText()
      t.insert(0, text)
      p.insert(0, [t])
      const body = doc.getXmlFragment(BODY_FRAGMENT)
      body.insert(body.length, [p])
      return Y.encodeStateAsUpdate(doc, before)
    }
  }
}

const bodyText = (doc: Y.Doc) => JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON())

describe('an update before the sync reply', () => {
  it('builds on edits the server lost: dropped, and the reply brings it and them; the writer stays connected', async () => {
    const w = writer()
    w.type('Tabt ved nedbruddet')
    const early = w.type('Skrevet under genforbindelsen')
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Genforbundet' }))
    raw.send(updateMessage(early))
    raw.send(syncReplyMessage(w.doc))
    const reader = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await reader.synced()
    await eventually(() => {
      expect(bodyText(reader.doc)).toContain('Tabt ved nedbruddet')
      expect(bodyText(reader.doc)).toContain('Skrevet under genforbindelsen')
    })
    expect(raw.ws.readyState).toBe(WebSocket.OPEN)

    // After the reply the window is shut: a gap is malformed again.
    w.type('Aldrig sendt')
    raw.send(updateMessage(w.type('Bygger på det usendte')))
    expect(await raw.closed).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
    expect(bodyText(reader.doc)).not.toContain('Bygger på det usendte')
    reader.destroy()
  })

  it('a client that never replies cannot send such updates without end', async () => {
    const w = writer()
    w.type('Aldrig sendt')
    const gap = updateMessage(w.type('Bygger på det usendte'))
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Svarer aldrig' }))
    for (let i = 0; i < 300 && raw.ws.readyState === WebSocket.OPEN; i++) raw.send(gap)
    expect(await raw.closed).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
  })
})
