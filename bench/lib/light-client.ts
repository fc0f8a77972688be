import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { MessageType } from '../../schema'

// A minimal Yjs sync client for load generation: it speaks the y-websocket
// framing (Fællesplan, @y/websocket-server) or Hocuspocus's (each message
// prefixed with the document name, after an Auth message). Viewers do not
// apply what they receive: they only read which (client, clock) ranges a
// frame carries, so a hundred of them cost the load generator little.

/** Which wire framing a server speaks. */
export type Framing = { kind: 'y-websocket' } | { kind: 'hocuspocus'; documentName: string }

/** Called for every update a client receives, with the time it arrived. */
export type OnUpdate = (update: Uint8Array, at: number) => void

const SYNC = MessageType.sync
const STEP1 = messageYjsSyncStep1
const STEP2 = messageYjsSyncStep2
const UPDATE = messageYjsUpdate

/** A connection that syncs a Y.Doc (editors) or only watches updates (viewers). */
export class LightClient {
  ws!: WebSocket
  bytesReceived = 0
  framesReceived = 0
  private ready!: Promise<void>

  constructor(
    private readonly url: string,
    private readonly framing: Framing,
    readonly doc: Y.Doc | null,
    private readonly onUpdate: OnUpdate
  ) {}

  private frame(write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder()
    if (this.framing.kind === 'hocuspocus') encoding.writeVarString(e, this.framing.documentName)
    write(e)
    return encoding.toUint8Array(e)
  }

  /** Open the socket and start the sync handshake; resolves once the server's state has arrived. */
  connect(): Promise<void> {
    this.ws = new WebSocket(this.url)
    this.ws.binaryType = 'nodebuffer'
    let synced!: () => void
    this.ready = new Promise((r) => (synced = r))
    this.ws.on('open', () => {
      if (this.framing.kind === 'hocuspocus') {
        this.ws.send(
          this.frame((e) => {
            encoding.writeVarUint(e, 2)
            encoding.writeVarUint(e, 0)
            encoding.writeVarString(e, '')
          })
        )
      }
      this.ws.send(
        this.frame((e) => {
          encoding.writeVarUint(e, SYNC)
          encoding.writeVarUint(e, STEP1)
          encoding.writeVarUint8Array(e, this.doc ? Y.encodeStateVector(this.doc) : new Uint8Array([0]))
        })
      )
    })
    this.ws.on('message', (data: Buffer) => {
      const at = performance.now()
      this.bytesReceived += data.byteLength
      this.framesReceived++
      const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (this.framing.kind === 'hocuspocus') decoding.readVarString(d)
      const type = decoding.readVarUint(d)
      // Hocuspocus answers with SyncReply (4), the same payload as Sync.
      if (type !== SYNC && type !== 4) return
      const sub = decoding.readVarUint(d)
      if (sub === STEP1) {
        const sv = decoding.readVarUint8Array(d)
        const update = this.doc ? Y.encodeStateAsUpdate(this.doc, sv) : new Uint8Array([0, 0])
        this.ws.send(
          this.frame((e) => {
            encoding.writeVarUint(e, SYNC)
            encoding.writeVarUint(e, STEP2)
            encoding.writeVarUint8Array(e, update)
          })
        )
        return
      }
      if (sub !== STEP2 && sub !== UPDATE) return
      const update = decoding.readVarUint8Array(d)
      if (this.doc) Y.applyUpdate(this.doc, update, this)
      if (sub === STEP2) synced()
      else this.onUpdate(update, at)
    })
    return new Promise((resolve, reject) => {
      this.ws.once('error', reject)
      void this.ready.then(resolve)
    })
  }

  /** Send a local update. */
  sendUpdate(update: Uint8Array): void {
    this.ws.send(
      this.frame((e) => {
        encoding.writeVarUint(e, SYNC)
        encoding.writeVarUint(e, UPDATE)
        encoding.writeVarUint8Array(e, update)
      })
    )
  }

  close(): void {
    this.ws.terminate()
  }
}
