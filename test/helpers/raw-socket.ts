import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MessageType, SCHEMA_PARAM, SCHEMA_VERSION } from '../../schema'

/** A raw WebSocket to a room, for sending hand-made (and hostile) protocol messages. */
export interface RawSocket {
  ws: WebSocket
  /** Resolves with the close code and reason once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>
  send(bytes: Uint8Array): void
  /** Messages received so far. */
  received: Uint8Array[]
}

/**
 * Open a raw socket and wait until it is open (or closed straight away). It
 * declares `schema` in its URL (default: ours, as our own clients do); null
 * declares nothing, as a stock y-websocket client.
 */
export async function openRaw(wsUrl: string, room: string, token: string, { schema = SCHEMA_VERSION }: { schema?: number | null } = {}): Promise<RawSocket> {
  const declared = schema === null ? '' : `&${SCHEMA_PARAM}=${schema}`
  const ws = new WebSocket(`${wsUrl}/${room}?token=${encodeURIComponent(token)}${declared}`)
  ws.binaryType = 'nodebuffer'
  const received: Uint8Array[] = []
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve())
    void closed.then(() => resolve())
  })
  return { ws, closed, received, send: (bytes) => ws.readyState === WebSocket.OPEN && ws.send(bytes) }
}

/** A sync-protocol `update` message (type 0, sub-type 2) carrying a v1 update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

/**
 * The sync reply (step 2) a y-websocket client sends to the server's step 1:
 * `doc`'s whole state (an empty doc: a reply that changes nothing). Until it
 * has sent one, a client's updates that build on missing history are dropped
 * rather than refused (server/sync/connection.ts), so hostile-update tests
 * send it first.
 */
export function syncReplyMessage(doc: Y.Doc = new Y.Doc()): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeSyncStep2(e, doc)
  return encoding.toUint8Array(e)
}

/** A v1 update that inserts `text` into the body of a fresh doc with the given client id. */
export function textUpdate(text: string, clientID = Math.floor(Math.random() * 2 ** 30)): Uint8Array {
  const d = new Y.Doc()
  d.clientID = clientID
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text)
  p.insert(0, [t])
  d.getXmlFragment('body').insert(0, [p])
  return Y.encodeStateAsUpdate(d)
}
