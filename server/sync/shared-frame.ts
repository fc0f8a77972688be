import { Socket } from 'node:net'
import type { WebSocket } from 'ws'

// A broadcast sends one message to every member of a room: 130 sockets in a
// working meeting, for every keystroke. ws frames each send anew (a header
// buffer, options, a corked two-buffer write per socket); building the frame
// once and writing the same bytes to every socket took the meeting's send
// loop from 1.1 to 0.9 ms (130 sockets on loopback, bench/README "meeting").
// The write goes to ws's own socket, which ws reads only for its buffered
// amount (so the slow-consumer cut-off still sees it); a connection where
// that is not known to be safe (an extension such as compression was
// negotiated, or a ws without the socket field) is sent through ws.send.

/** A message framed once for many connections. */
export interface SharedFrame {
  /** The message itself (for connections sent through ws.send). */
  readonly payload: Uint8Array
  /** The whole WebSocket frame: FIN, binary, unmasked (server to client), and the payload. */
  readonly frame: Buffer
}

export function sharedFrame(payload: Uint8Array): SharedFrame {
  const n = payload.byteLength
  const header = n < 126 ? 2 : n <= 0xffff ? 4 : 10
  const frame = Buffer.allocUnsafe(header + n)
  frame[0] = 0x82
  if (n < 126) frame[1] = n
  else if (n <= 0xffff) {
    frame[1] = 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    frame.writeUInt32BE(n >>> 0, 6)
  }
  frame.set(payload, header)
  return { payload, frame }
}

/** The socket a shared frame may be written to directly, or null when it must go through ws.send. */
export function rawSocketOf(ws: WebSocket): Socket | null {
  const socket = (ws as unknown as { _socket?: unknown })._socket
  return socket instanceof Socket && ws.extensions === '' ? socket : null
}
