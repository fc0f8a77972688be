import WebSocket from 'ws'
import { Close } from '../../../schema'
import { Tally } from './tally'

// One hostile WebSocket that sends messages as fast as the server lets it,
// the way a determined attacker would: when the server closes it, the close
// code and reason are counted and it reconnects (a bounded number of times);
// when the reason is a rate limit it halves its pace, so a defence shows up
// as a slower flood or as refusals rather than as a broken benchmark.

/** An open socket and how it ended. */
export interface HostileSocket {
  ws: WebSocket
  /** Resolves when the socket is closed, by either side. */
  closed: Promise<{ code: number; reason: string }>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Open a socket; resolves once it is open, or with null when the server
 * refused the upgrade or the connection (counted in `tally`).
 */
export function openHostileSocket(url: string, tally: Tally): Promise<HostileSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 10_000 })
    ws.binaryType = 'nodebuffer'
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })))
    ws.on('unexpected-response', (_req, res) => {
      tally.add(`refused HTTP ${res.statusCode}`)
      res.resume()
      ws.terminate()
      resolve(null)
    })
    ws.on('error', (e: NodeJS.ErrnoException) => {
      tally.add(`socket error ${e.code ?? e.message}`)
      resolve(null)
    })
    ws.once('open', () => resolve({ ws, closed }))
  })
}

/** How to flood. */
export interface FloodOptions {
  url: string
  /** The next message (called once per message sent). */
  next: () => Uint8Array
  /** Sent first after every (re)connect, e.g. to set up state the flood then asks for. */
  greet?: () => Uint8Array[]
  /** Date.now() at which to stop. */
  deadline: number
  tally: Tally
  /** Pause sending while this much is queued in our own socket (the server is not reading fast enough). */
  highWaterBytes?: number
  maxReconnects?: number
  /** First pace after a rate-limit close, in messages per second (halved at each further one). */
  firstLimitedRate?: number
}

/** Flood until the deadline. Every close by the server is counted; the socket reconnects up to `maxReconnects` times. */
export async function flood(o: FloodOptions): Promise<void> {
  const highWater = o.highWaterBytes ?? 1024 * 1024
  const maxReconnects = o.maxReconnects ?? 25
  let rate = Infinity
  let reconnects = 0
  while (Date.now() < o.deadline) {
    const socket = await openHostileSocket(o.url, o.tally)
    if (socket) {
      o.tally.add('connections opened')
      const ended = await pump(socket, rate, highWater, o)
      if (!ended) {
        socket.ws.terminate()
        break
      }
      o.tally.add(Tally.closeLabel(ended.code, ended.reason))
      if (ended.code === Close.RateLimited.code) rate = rate === Infinity ? (o.firstLimitedRate ?? 1000) : rate / 2
    }
    if (++reconnects > maxReconnects) {
      o.tally.add('gave up: reconnect limit')
      break
    }
    await sleep(250)
  }
  if (rate !== Infinity) o.tally.set('final pace msgs/s', Math.round(rate * 10) / 10)
}

/** Send until the socket closes (returns how) or the deadline passes (returns null). */
async function pump(socket: HostileSocket, rate: number, highWater: number, o: FloodOptions): Promise<{ code: number; reason: string } | null> {
  let ended: { code: number; reason: string } | null = null
  void socket.closed.then((c) => {
    ended = c
  })
  for (const m of o.greet?.() ?? []) socket.ws.send(m)
  const t0 = Date.now()
  let sent = 0
  while (!ended && Date.now() < o.deadline) {
    if (socket.ws.bufferedAmount > highWater) {
      await sleep(2)
      continue
    }
    const due = t0 + (sent / rate) * 1000
    if (Date.now() < due) {
      await sleep(Math.min(due - Date.now(), o.deadline - Date.now()))
      continue
    }
    const message = o.next()
    socket.ws.send(message)
    sent++
    o.tally.add('messages sent')
    o.tally.add('bytes sent', message.byteLength)
    // Let close events and incoming frames through.
    if (sent % 32 === 0) await new Promise((r) => setImmediate(r))
  }
  // A close frame already on its way still counts as the server's answer.
  if (!ended)
    await Promise.race([
      socket.closed.then((c) => {
        ended = c
      }),
      sleep(50)
    ])
  return ended
}
