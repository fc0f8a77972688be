import type { Socket } from 'node:net'

// Slowloris: sockets that send their request headers a byte at a time hold
// a file descriptor each for as long as the server waits. Node's
// headersTimeout ends each one eventually; this bounds how many there can be
// meanwhile. A new socket over the cap closes the one that has waited
// longest: an honest client sends its headers at once, so the oldest
// waiting socket is almost always one that never will.

/** Sockets between accepting the TCP connection and receiving a complete request head. */
export class HalfOpenSockets {
  private readonly waiting = new Set<Socket>()

  /** Called for each socket closed to make room. */
  onEvicted: (() => void) | null = null

  constructor(private readonly max: number) {}

  /** A new TCP connection, now waiting for its request head. */
  opened(socket: Socket): void {
    this.waiting.add(socket)
    socket.once('close', () => this.waiting.delete(socket))
    while (this.waiting.size > this.max) {
      const oldest = this.waiting.values().next().value as Socket
      this.waiting.delete(oldest)
      oldest.destroy()
      this.onEvicted?.()
    }
  }

  /** Its request head arrived (a request or an upgrade). */
  settled(socket: Socket): void {
    this.waiting.delete(socket)
  }

  get size(): number {
    return this.waiting.size
  }
}
