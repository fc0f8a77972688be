import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { messageYjsSyncStep1, messageYjsUpdate } from 'y-protocols/sync'
import { createThread } from '../../../schema/comments'
import { MessageType } from '../../../schema'
import { writeAwarenessUpdate } from '../../../server'

// Hostile frames, built the way any client could build them: the protocol is
// public, and each one costs the sender almost nothing.

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/**
 * Sync step 1 with an empty state vector: 4 bytes that ask the server for
 * the whole document. (`[0, 0, 0]`, a zero-length vector, is refused as
 * malformed; one byte more is a valid "I have nothing".)
 */
export const syncStep1Everything = (): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, messageYjsSyncStep1)
    encoding.writeVarUint8Array(e, new Uint8Array([0]))
  })

/** Query-awareness (type 3): one byte that asks the server for every presence state in the room. */
export const queryAwareness = (): Uint8Array => new Uint8Array([MessageType.queryAwareness])

/** An awareness message speaking for `ids` fresh client ids at once (the server accepts up to 1,000 per message today). */
export function awarenessForManyIds(ids: number): Uint8Array {
  const entries = Array.from({ length: ids }, () => ({
    clientID: Math.floor(Math.random() * 2 ** 31),
    clock: 1,
    state: { user: { name: 'x', color: '#000' }, cursor: null }
  }))
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, writeAwarenessUpdate(entries))
  })
}

/**
 * A comment thread with a forged author and a comment of `bytes` characters,
 * as a sync update from a fresh client: a new key in the threads map
 * depends on nothing, so every one is accepted on its own and the room only
 * grows.
 */
export function forgedCommentUpdate(bytes: number, filler: string): Uint8Array {
  const doc = new Y.Doc()
  createThread(doc, {
    anchor: { start: null, end: null, quote: 'Vision' },
    author: { name: 'Borgmester', group: 'administration' },
    text: filler.length >= bytes ? filler.slice(0, bytes) : filler.padEnd(bytes, 'x')
  })
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    encoding.writeVarUint(e, messageYjsUpdate)
    encoding.writeVarUint8Array(e, update)
  })
}
