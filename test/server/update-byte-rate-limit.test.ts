// Counting messages alone lets a client send its maximum message size many
// times a second; a byte budget per connection closes it as rate-limited
// while the room carries on for everyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { DEFAULT_OPTIONS } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw, updateMessage } from '../helpers/raw-socket'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ maxMessageBytes: 16 * 1024, limits: { ...DEFAULT_OPTIONS.limits, updateBytesPerSecond: 8 * 1024, updateBytesBurst: 16 * 1024 } })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

describe('update byte budget', () => {
  it('closes a connection that sends more bytes than its budget; others carry on', async () => {
    const other = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await other.synced()
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Grådig' }))
    // One writer whose updates build on each other, 10 KiB each.
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    const text = new Y.XmlText()
    doc.getXmlFragment(BODY_FRAGMENT).insert(0, [text])
    for (let i = 0; i < 6; i++) text.insert(text.length, 'x'.repeat(10 * 1024))
    for (const u of updates) raw.send(updateMessage(u))
    expect(await raw.closed).toEqual({ code: Close.RateLimited.code, reason: Close.RateLimited.reason })

    const note = `stadig her ${Math.random()}`
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(note)])
    other.doc.getXmlFragment(BODY_FRAGMENT).push([p])
    const late = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    await eventually(() => expect(JSON.stringify(late.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(note))
    late.destroy()
    other.destroy()
  })
})
