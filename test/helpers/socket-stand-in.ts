import { EventEmitter } from 'node:events'
import type { WebSocket } from 'ws'

/**
 * The server end of a WebSocket, for driving a Connection frame by frame in
 * one event-loop turn (which real sockets cannot promise). It implements
 * only what Connection uses of `ws` and records what the server sends.
 */
export class SocketStandIn extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  sent: Uint8Array[] = []
  closedWith: { code?: number; reason?: string } | null = null
  onSend: (m: Uint8Array) => void = () => undefined

  send(m: Uint8Array): void {
    this.sent.push(m)
    this.onSend(m)
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.closedWith = { code, reason }
    this.emit('close', code ?? 1005, Buffer.from(reason ?? ''))
  }

  terminate(): void {
    this.close()
  }

  /** Deliver a binary frame from the client. */
  receive(bytes: Uint8Array): void {
    this.emit('message', Buffer.from(bytes), true)
  }

  /** This stand-in typed as the socket Connection expects. */
  get socket(): WebSocket {
    return this as unknown as WebSocket
  }
}
