import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { declareSchemaParams } from '../../../schema'
import { shouldReconnect, syncUrl } from './refusals'

/**
 * A y-websocket provider for one room of the server that served this page,
 * not yet connected, with the options every client of ours shares. With
 * `declare` it tells the server, in the URL, the schema version this code
 * knows: the server then sends it our message types (persisted,
 * documentSchema), and accepts its writes to a plan body. The dashboard's
 * read-only followers do not declare, and so are sent nothing they cannot read.
 */
export function syncProvider(room: string, doc: Y.Doc, { declare }: { declare: boolean }): WebsocketProvider {
  return new WebsocketProvider(syncUrl(), room, doc, {
    connect: false,
    // Tabs of one browser sync through the server, which checks each of them.
    disableBc: true,
    maxBackoffTime: 5000,
    shouldReconnect,
    params: declare ? declareSchemaParams() : {}
  })
}
