// One load-generator process of bench/rooms.ts. It holds the clients of the
// rooms it is given (all clients of a room live in the same process, so send
// and receive times come from one clock) and, when told, makes every editor
// type for a while and reports the fan-out latencies and its own CPU.
// Spreading rooms over several of these keeps any one load process well
// below a core, so the server, not the load generator, is what runs out.
import * as Y from 'yjs'
import { LightClient } from './light-client'
import { newClocks } from './new-clocks'
import { ownParagraph, typeOne } from './typing'

/** Messages from the coordinator. */
export type WorkerCommand =
  | { type: 'rooms'; rooms: Array<{ editorUrl: string; viewerUrl: string }>; editors: number; viewers: number }
  | { type: 'measure'; seconds: number; cps: number }
  | { type: 'stop' }

/** Messages to the coordinator. */
export type WorkerReply =
  | { type: 'connected'; clients: number }
  | { type: 'measured'; latencies: number[]; sent: number; expected: number; received: number; cpuSeconds: number }
  | { type: 'error'; message: string }

interface Editor {
  client: LightClient
  text: Y.XmlText
  receivers: number
}

const editors: Editor[] = []
const everyone: LightClient[] = []
const sendTimes = new Map<string, number>()
let latencies: number[] = []
let received = 0

const send = (reply: WorkerReply) => process.send!(reply)
// Without its coordinator nobody will stop it.
process.on('disconnect', () => process.exit(0))

/** A receiver that records, for every (client, clock) it has not seen, the time since it was sent. */
function makeReceiver(own: () => number | null) {
  const read = newClocks(own)
  return (update: Uint8Array, at: number) =>
    read(update, (key) => {
      const sent = sendTimes.get(key)
      if (sent !== undefined) {
        latencies.push(at - sent)
        received++
      }
    })
}

async function addRooms(rooms: Array<{ editorUrl: string; viewerUrl: string }>, perRoomEditors: number, perRoomViewers: number) {
  for (const room of rooms) {
    for (let i = 0; i < perRoomEditors; i++) {
      const doc = new Y.Doc()
      const client = new LightClient(
        room.editorUrl,
        { kind: 'y-websocket' },
        doc,
        makeReceiver(() => doc.clientID)
      )
      await client.connect()
      editors.push({ client, text: ownParagraph(client), receivers: perRoomEditors - 1 + perRoomViewers })
      everyone.push(client)
    }
    for (let i = 0; i < perRoomViewers; i++) {
      const client = new LightClient(
        room.viewerUrl,
        { kind: 'y-websocket' },
        null,
        makeReceiver(() => null)
      )
      await client.connect()
      everyone.push(client)
    }
  }
}

async function measure(seconds: number, cps: number): Promise<WorkerReply> {
  await new Promise((r) => setTimeout(r, 500))
  latencies = []
  received = 0
  sendTimes.clear()
  let sent = 0
  let expected = 0
  const cpu0 = process.cpuUsage()
  const intervals: NodeJS.Timeout[] = []
  const starts = editors.map((e) =>
    setTimeout(
      () => {
        intervals.push(
          setInterval(() => {
            typeOne(e.client, e.text, (key) => sendTimes.set(key, performance.now()))
            sent++
            expected += e.receivers
          }, 1000 / cps)
        )
      },
      Math.random() * (1000 / cps)
    )
  )
  await new Promise((r) => setTimeout(r, seconds * 1000))
  starts.forEach(clearTimeout)
  intervals.forEach(clearInterval)
  const cpu = process.cpuUsage(cpu0)
  // Let the last updates arrive before counting what was delivered.
  await new Promise((r) => setTimeout(r, 1000))
  return { type: 'measured', latencies, sent, expected, received, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

process.on('message', (command: WorkerCommand) => {
  void (async () => {
    try {
      if (command.type === 'rooms') {
        await addRooms(command.rooms, command.editors, command.viewers)
        send({ type: 'connected', clients: everyone.length })
      } else if (command.type === 'measure') {
        send(await measure(command.seconds, command.cps))
      } else {
        everyone.forEach((c) => c.close())
        process.exit(0)
      }
    } catch (e) {
      send({ type: 'error', message: (e as Error).message })
    }
  })()
})
