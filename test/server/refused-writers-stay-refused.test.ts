// A writer that is refused and simply reconnects must not get a fresh
// budget (the byte budget is shared by a token's connections), and a client
// that ignores the close keeps no socket open sending data nobody reads
// (ws would read and discard its frames for 30 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { DEFAULT_OPTIONS } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { openRaw, updateMessage } from '../helpers/raw-socket'

let t: TestServer
beforeAll(async () => {
  // 1 KiB/s after a 16 KiB burst: refilling what the flood used takes many seconds.
  t = await startTestServer({ maxMessageBytes: 16 * 1024, limits: { ...DEFAULT_OPTIONS.limits, updateBytesPerSecond: 1024, updateBytesBurst: 16 * 1024 } })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

/** Updates of 6 KiB each from one writer, building on each other. */
function bigUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const text = new Y.XmlText()
  doc.getXmlFragment(BODY_FRAGMENT).insert(0, [text])
  for (let i = 0; i < count; i++) text.insert(text.length, 'x'.repeat(6 * 1024))
  return updates
}

describe('refused writers stay refused', () => {
  it('a token that reconnects after being rate-limited gets no fresh byte budget; another token does', async () => {
    const token = t.token('editor', { name: 'Grådig' })
    const first = await openRaw(t.wsUrl, DEMO_PLAN_ID, token)
    for (const u of bigUpdates(4)) first.send(updateMessage(u))
    expect(await first.closed).toEqual({ code: Close.RateLimited.code, reason: Close.RateLimited.reason })

    const again = await openRaw(t.wsUrl, DEMO_PLAN_ID, token)
    for (const u of bigUpdates(1)) again.send(updateMessage(u))
    expect(await again.closed).toEqual({ code: Close.RateLimited.code, reason: Close.RateLimited.reason })

    const someoneElse = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anden' }))
    for (const u of bigUpdates(1)) someoneElse.send(updateMessage(u))
    const outcome = await Promise.race([someoneElse.closed, new Promise<'open'>((r) => setTimeout(() => r('open'), 1500))])
    expect(outcome).toBe('open')
    someoneElse.ws.close()
  })

  it('cuts the socket of a client that ignores the close instead of reading its frames for 30 s', async () => {
    const socket = connect(t.server.port, '127.0.0.1')
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    socket.write(
      [
        `GET /sync/${DEMO_PLAN_ID}?token=${encodeURIComponent(t.token('editor'))} HTTP/1.1`,
        `Host: 127.0.0.1:${t.server.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        ''
      ].join('\r\n')
    )
    // A masked text frame: the server refuses text frames (malformed-message) and closes.
    const payload = Buffer.from('hello')
    const mask = randomBytes(4)
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]))
    // Never answer the close; keep the socket open and sending.
    socket.on('error', () => undefined) // the server cutting it is what we wait for
    const keepSending = setInterval(() => {
      const ping = Buffer.concat([Buffer.from([0x89, 0x80]), randomBytes(4)])
      if (!socket.destroyed && socket.writable) socket.write(ping)
    }, 200)
    const outcome = await Promise.race([ended.then(() => 'cut' as const), new Promise<'still open'>((r) => setTimeout(() => r('still open'), 10_000))])
    clearInterval(keepSending)
    socket.destroy()
    expect(outcome).toBe('cut')
  }, 20_000)
})
