// One load-generator process of bench/one-room.ts: it holds read-only viewers
// of one room and records when each (client, clock) of the editors' typing
// reached each viewer, on the wall clock (`timeOrigin + now`), so send times
// taken in another process compare. Asked for a report, it is given the send
// times and answers with a latency histogram rather than millions of numbers.
import { LightClient } from './light-client'
import { newClocks } from './new-clocks'

/** Messages from the coordinator. */
export type ViewerCommand =
  | { type: 'connect'; url: string; count: number }
  | { type: 'reset' }
  | { type: 'report'; sendTimes: Array<[string, number]>; bucketMs: number }
  | { type: 'stop' }

/** Messages to the coordinator. */
export type ViewerReply =
  | { type: 'connected'; viewers: number }
  | { type: 'reset' }
  | { type: 'report'; histogram: number[]; received: number; cpuSeconds: number }
  | { type: 'error'; message: string }

const now = () => performance.timeOrigin + performance.now()
const viewers: LightClient[] = []
/** `client:clock` → when each viewer received it. */
let arrivals = new Map<string, number[]>()
let cpu0 = process.cpuUsage()

function receiver() {
  const read = newClocks()
  return (update: Uint8Array) => {
    const at = now()
    read(update, (key) => {
      const list = arrivals.get(key)
      if (list) list.push(at)
      else arrivals.set(key, [at])
    })
  }
}

const send = (reply: ViewerReply) => process.send!(reply)

process.on('message', (command: ViewerCommand) => {
  void (async () => {
    try {
      if (command.type === 'connect') {
        for (let i = 0; i < command.count; i++) {
          const c = new LightClient(command.url, { kind: 'y-websocket' }, null, receiver())
          await c.connect()
          viewers.push(c)
        }
        send({ type: 'connected', viewers: viewers.length })
      } else if (command.type === 'reset') {
        arrivals = new Map()
        cpu0 = process.cpuUsage()
        send({ type: 'reset' })
      } else if (command.type === 'report') {
        const histogram: number[] = []
        let received = 0
        for (const [key, sent] of command.sendTimes) {
          for (const at of arrivals.get(key) ?? []) {
            const bucket = Math.max(0, Math.floor((at - sent) / command.bucketMs))
            histogram[bucket] = (histogram[bucket] ?? 0) + 1
            received++
          }
        }
        const cpu = process.cpuUsage(cpu0)
        send({ type: 'report', histogram: Array.from(histogram, (n) => n ?? 0), received, cpuSeconds: (cpu.user + cpu.system) / 1e6 })
      } else {
        viewers.forEach((c) => c.close())
        process.exit(0)
      }
    } catch (e) {
      send({ type: 'error', message: (e as Error).message })
    }
  })()
})
