import { connect, type Socket } from 'node:net'
import { Tally } from './tally'
import { openHostileSocket, type HostileSocket } from './flood-socket'
import { syncStep1Everything } from './messages'

// Floods of connections rather than of messages: thousands of sockets on one
// token, and unauthenticated HTTP sockets that never finish their headers.
// Both keep replacing what the server closes, within a bounded number of
// attempts, and count how the server ended them.

/** Open up to `count` sockets on one token (`parallel` handshakes at a time), each asking for the document once, and hold them until the deadline. */
export async function manySockets(url: string, count: number, parallel: number, deadline: number, tally: Tally): Promise<void> {
  const open = new Set<HostileSocket>()
  let attempts = 0
  let opening = 0
  const worker = async () => {
    while (Date.now() < deadline && attempts < 2 * count) {
      if (open.size + opening >= count) {
        await new Promise((r) => setTimeout(r, 50))
        continue
      }
      attempts++
      opening++
      const socket = await openHostileSocket(url, tally)
      opening--
      if (!socket) continue
      tally.add('sockets opened')
      open.add(socket)
      tally.max('most open at once', open.size)
      socket.ws.send(syncStep1Everything())
      void socket.closed.then(({ code, reason }) => {
        if (!open.delete(socket)) return
        tally.add(Tally.closeLabel(code, reason))
      })
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  const left = Math.max(0, deadline - Date.now())
  await new Promise((r) => setTimeout(r, left))
  tally.set('open at the end', open.size)
  tally.set('attempts', attempts)
  for (const s of [...open]) {
    open.delete(s)
    s.ws.terminate()
  }
}

/**
 * Slowloris: `count` plain TCP connections that start an HTTP request and
 * then send one header byte every `trickleMs`, never finishing it. No token:
 * the server cannot know who it is until the headers end.
 */
export async function slowloris(port: number, count: number, trickleMs: number, deadline: number, tally: Tally): Promise<void> {
  const open = new Set<Socket>()
  let attempts = 0
  const lifetimes: number[] = []
  const start = (): Promise<void> =>
    new Promise((resolve) => {
      attempts++
      const opened = Date.now()
      const socket = connect({ host: '127.0.0.1', port })
      let timer: NodeJS.Timeout | null = null
      let answered = false
      // A server that stops accepting must not stall the attacker.
      setTimeout(resolve, 5_000).unref()
      socket.on('connect', () => {
        open.add(socket)
        tally.add('sockets connected')
        tally.max('most open at once', open.size)
        socket.write('GET /api/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
        // Spread the trickles so they do not all arrive in the same tick.
        timer = setTimeout(function trickle() {
          socket.write('a')
          timer = setTimeout(trickle, trickleMs)
        }, Math.random() * trickleMs)
        resolve()
      })
      socket.on('data', (d: Buffer) => {
        if (answered) return
        answered = true
        tally.add(`answered ${d.toString('latin1').split('\r\n')[0]!.slice(0, 40)}`)
      })
      socket.on('error', (e: NodeJS.ErrnoException) => {
        tally.add(`socket error ${e.code ?? e.message}`)
        resolve()
      })
      socket.on('close', () => {
        if (timer) clearTimeout(timer)
        if (!open.delete(socket)) return resolve()
        if (Date.now() < deadline) {
          // Not us: the server hung up. Replace it, as an attacker would.
          tally.add('closed by the server')
          lifetimes.push(Date.now() - opened)
          if (attempts < 2 * count) void start()
        }
      })
    })
  for (let i = 0; i < count && Date.now() < deadline; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, start))
  }
  await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))
  tally.set('open at the end', open.size)
  tally.set('attempts', attempts)
  if (lifetimes.length) tally.set('median seconds before the server hung up', Math.round(lifetimes.sort((a, b) => a - b)[lifetimes.length >> 1]! / 100) / 10)
  for (const s of [...open]) {
    open.delete(s)
    s.destroy()
  }
}
