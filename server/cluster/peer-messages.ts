import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { StoredRange } from '../storage/store'

// What server processes tell each other about a room, one Redis message each.
// Binary (lib0 encoding, as the sync protocol): an update is bytes, and a
// meeting sends dozens a second.

/** A message between server processes. */
export type PeerMessage =
  | { kind: 'update'; sender: string; room: string; range: StoredRange; update: Uint8Array }
  | { kind: 'awareness'; sender: string; room: string; update: Uint8Array }
  | { kind: 'awareness-query'; sender: string; room: string }
  /** A process is running (every PEER_ALIVE_MS, on the processes' shared channel; `room` is empty). */
  | { kind: 'alive'; sender: string; room: string }
  /** A process is stopping: its connections' presence is gone at once (`room` is empty). */
  | { kind: 'gone'; sender: string; room: string }

const KIND = { update: 0, awareness: 1, 'awareness-query': 2, alive: 3, gone: 4 } as const

/** Encode a message for Redis. */
export function encodePeerMessage(m: PeerMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, KIND[m.kind])
  encoding.writeVarString(e, m.sender)
  encoding.writeVarString(e, m.room)
  if (m.kind === 'update') {
    encoding.writeVarUint(e, m.range.prevId)
    encoding.writeVarUint(e, m.range.lastId)
    encoding.writeVarUint8Array(e, m.update)
  } else if (m.kind === 'awareness') encoding.writeVarUint8Array(e, m.update)
  return encoding.toUint8Array(e)
}

/** Decode a message from Redis. Throws on bytes that are not one. */
export function decodePeerMessage(bytes: Uint8Array): PeerMessage {
  const d = decoding.createDecoder(bytes)
  const kind = decoding.readVarUint(d)
  const sender = decoding.readVarString(d)
  const room = decoding.readVarString(d)
  switch (kind) {
    case KIND.update: {
      const prevId = decoding.readVarUint(d)
      const lastId = decoding.readVarUint(d)
      return { kind: 'update', sender, room, range: { prevId, lastId }, update: decoding.readVarUint8Array(d) }
    }
    case KIND.awareness:
      return { kind: 'awareness', sender, room, update: decoding.readVarUint8Array(d) }
    case KIND['awareness-query']:
      return { kind: 'awareness-query', sender, room }
    case KIND.alive:
      return { kind: 'alive', sender, room }
    case KIND.gone:
      return { kind: 'gone', sender, room }
    default:
      throw new Error(`unknown peer message kind ${kind}`)
  }
}
