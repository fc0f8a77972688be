import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType } from '../../schema'

// Encoders for the messages the server sends. One place, so the framing of
// the y-websocket protocol and of our own types is written once.

const message = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

/** Sync step 1: the server's state vector (the client answers with what the server lacks). */
export const syncStep1 = (doc: Y.Doc) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep1(e, doc)
  })

/** Sync step 2: what the client lacks, given its state vector. */
export const syncStep2 = (doc: Y.Doc, stateVector: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeSyncStep2(e, doc, stateVector)
  })

/** A document update. */
export const updateMsg = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.sync)
    syncProtocol.writeUpdate(e, update)
  })

/** An awareness update (already encoded by y-protocols/awareness). */
export const awarenessMsg = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.awareness)
    encoding.writeVarUint8Array(e, update)
  })

/** Ours: the state vector of everything durably stored. */
export const persistedMsg = (stateVector: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.persisted)
    encoding.writeVarUint8Array(e, stateVector)
  })

/** Ours: the document's schema version. */
export const documentSchemaMsg = (version: number) =>
  message((e) => {
    encoding.writeVarUint(e, MessageType.documentSchema)
    encoding.writeVarUint(e, version)
  })
