// A broadcast's frame is built once and written to every member's socket
// (server/sync/shared-frame.ts): a real ws client must read exactly the
// payload, at every length encoding (7-bit, 16-bit, 64-bit), in order with
// messages ws itself framed on the same socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { rawSocketOf, sharedFrame } from '../../server/sync/shared-frame'

let wss: WebSocketServer
let url: string
beforeAll(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())))

describe('shared frames', () => {
  it('reach a ws client as exactly their payload, at every length, in order with ws.send', async () => {
    const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]
    const payloads = sizes.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) % 251))
    const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', resolve))
    const client = new WebSocket(url)
    const received: Buffer[] = []
    const all = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer) => {
        received.push(data)
        if (received.length === sizes.length * 2) resolve()
      })
    )
    const ws = await serverSide
    const socket = rawSocketOf(ws)
    expect(socket).not.toBeNull()
    for (const p of payloads) {
      socket!.write(sharedFrame(p).frame)
      ws.send(p)
    }
    await all
    for (const [i, p] of payloads.entries()) {
      expect(received[2 * i]!.equals(Buffer.from(p))).toBe(true)
      expect(received[2 * i + 1]!.equals(Buffer.from(p))).toBe(true)
    }
    client.close()
  })

  it('are not written directly to a connection with a negotiated extension (compression frames differently)', async () => {
    const compressing = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: true })
    await new Promise<void>((resolve) => compressing.once('listening', () => resolve()))
    try {
      const serverSide = new Promise<WebSocket>((resolve) => compressing.once('connection', resolve))
      const client = new WebSocket(`ws://127.0.0.1:${(compressing.address() as { port: number }).port}`, { perMessageDeflate: true })
      const [ws] = await Promise.all([serverSide, new Promise((resolve) => client.once('open', resolve))])
      expect(ws.extensions).not.toBe('')
      expect(rawSocketOf(ws)).toBeNull()
      client.close()
    } finally {
      await new Promise<void>((resolve) => compressing.close(() => resolve()))
    }
  })
})
