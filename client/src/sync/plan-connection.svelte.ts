import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { COMMENTS_SUFFIX, Close, MessageType, SCHEMA_VERSION, closeNameOf, documentSchemaVersion } from '../../../schema'
import { journalAppend, journalClear, journalReplay } from './journal'

/** What the sync indicator shows. `refused` carries the server's close reason. */
export type SyncState =
  | { kind: 'loading' }
  | { kind: 'saved' }
  | { kind: 'syncing'; waiting: number }
  | { kind: 'offline'; waiting: number }
  | { kind: 'refused'; reason: string; final: boolean }

const FINAL_REASONS = new Set<string>([Close.Unauthorized.reason, Close.TokenExpired.reason, Close.Forbidden.reason, Close.NotFound.reason, Close.OutdatedClient.reason, Close.RoomUnavailable.reason, Close.BadRequest.reason])

/** True when every entry of `local` is covered by `stored`. */
function covered(local: Map<number, number>, stored: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((stored.get(client) ?? 0) < clock) return false
  return true
}

const wsBase = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`

/**
 * One Y.Doc kept three ways: in memory, in IndexedDB (plus a synchronous
 * journal), and on the server. The state says truthfully which of these
 * hold the latest local change: "saved" only when the server has
 * acknowledged storing everything this browser has.
 */
export class DocConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private readonly idb: IndexeddbPersistence
  state = $state<SyncState>({ kind: 'loading' })
  /** Set when the document's schema is newer than this client's. */
  newerSchema = $state(false)
  /** True once local data (IndexedDB) or the server's state has been loaded. */
  ready = $state(false)
  private waiting = 0
  private stored = new Map<number, number>()
  private online = false

  constructor(readonly room: string, token: string, private readonly journalKey: string) {
    this.idb = new IndexeddbPersistence(`faellesplan:${room}`, this.doc)
    this.provider = new WebsocketProvider(wsBase(), room, this.doc, { params: { token }, connect: false, disableBc: true, maxBackoffTime: 5000 })
    this.provider.messageHandlers[MessageType.persisted] = (_enc, decoder) => {
      this.stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
      this.recompute()
    }
    this.provider.messageHandlers[MessageType.documentSchema] = (_enc, decoder) => {
      if (decoding.readVarUint(decoder) > SCHEMA_VERSION) this.newerSchema = true
    }
    this.provider.on('status', ({ status }: { status: string }) => {
      this.online = status === 'connected'
      if (this.online && !room.endsWith(COMMENTS_SUFFIX)) {
        const e = encoding.createEncoder()
        encoding.writeVarUint(e, MessageType.schemaVersion)
        encoding.writeVarUint(e, SCHEMA_VERSION)
        this.provider.ws?.send(encoding.toUint8Array(e))
      }
      this.recompute()
    })
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.ready = true
      this.recompute()
    })
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      const name = event ? closeNameOf(event.code) : null
      if (name) {
        const reason = Close[name].reason
        const final = FINAL_REASONS.has(reason)
        // No point retrying what will be refused again; say why instead.
        if (final) this.provider.shouldConnect = false
        this.state = { kind: 'refused', reason, final }
      }
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) {
        // The server broadcasts only what it has stored: what comes from it is saved.
        Y.parseUpdateMeta(update).to.forEach((clock, client) => this.stored.set(client, Math.max(this.stored.get(client) ?? 0, clock)))
        this.checkSchema()
        return
      }
      if (origin === this.idb || origin === 'journal') return
      journalAppend(this.journalKey, update)
      this.waiting++
      this.recompute()
    })
    // The browser knows before the socket does: drop the connection at once
    // so the indicator says "offline" and edits are counted as waiting.
    window.addEventListener('online', () => this.provider.connect())
    window.addEventListener('offline', () => this.provider.disconnect())
    void this.idb.whenSynced.then(() => {
      const replayed = journalReplay(this.journalKey, this.doc, 'journal')
      if (replayed) this.waiting += replayed
      if (this.doc.getXmlFragment('body').length > 0 || this.doc.getMap('threads').size > 0) this.ready = true
      this.provider.connect()
      this.checkSchema()
      this.recompute()
    })
  }

  /** Re-read the document's schema version (after loading or syncing). */
  checkSchema(): void {
    if (documentSchemaVersion(this.doc) > SCHEMA_VERSION) this.newerSchema = true
  }

  private recompute(): void {
    if (this.state.kind === 'refused' && this.state.final) return
    const local = Y.decodeStateVector(Y.encodeStateVector(this.doc))
    const allStored = this.provider.synced && covered(local, this.stored)
    if (allStored) {
      this.waiting = 0
      journalClear(this.journalKey)
    }
    if (!this.online) this.state = { kind: 'offline', waiting: this.waiting }
    else if (allStored) this.state = { kind: 'saved' }
    else this.state = { kind: 'syncing', waiting: Math.max(this.waiting, 1) }
  }

  destroy(): void {
    this.provider.destroy()
    void this.idb.destroy()
    this.doc.destroy()
  }
}

/** The two documents of a plan: its body and its comment threads. */
export class PlanConnection {
  readonly body: DocConnection
  readonly comments: DocConnection

  constructor(readonly planId: string, token: string) {
    this.body = new DocConnection(planId, token, planId)
    this.comments = new DocConnection(planId + COMMENTS_SUFFIX, token, planId + COMMENTS_SUFFIX)
  }

  destroy(): void {
    this.body.destroy()
    this.comments.destroy()
  }
}
