import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as decoding from 'lib0/decoding'
import { MessageType, SCHEMA_VERSION, commentsRoomOf, documentSchemaVersion } from '../../../schema'
import { Journal } from './journal'
import { onRefusal } from './refusals'
import { syncProvider } from './provider'
import { SyncTracker, type SyncState } from './sync-tracker'
import { PendingPartsCounter } from './pending-parts'
import { deferUpdateListener, type DeferredListener } from './after-paint'

export type { SyncState } from './sync-tracker'

/**
 * One Y.Doc kept three ways: in memory, in IndexedDB (plus a synchronous
 * journal), and on the server. The state says truthfully which of these
 * hold the latest local change: "saved" only when the server has
 * acknowledged storing everything this browser has (see SyncTracker).
 * The socket opens once the local copy is loaded and `credentials` has
 * settled (the session cookie is set), whichever is later.
 */
export class DocConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  private readonly idb: IndexeddbPersistence
  private readonly journal: Journal
  private readonly tracker = new SyncTracker()
  private readonly parts = new PendingPartsCounter()
  state = $state<SyncState>({ kind: 'loading' })
  /** Set when the document's schema is newer than this client's. */
  newerSchema = $state(false)
  /** True once local data (IndexedDB) or the server's state has been loaded. */
  ready = $state(false)
  private loaded = false
  private readonly deferred: DeferredListener[]
  private readonly onPageHide = () => this.deferred.forEach((d) => d.flush())
  private readonly onOnline = () => this.provider.connect()
  private readonly onOffline = () => this.provider.disconnect()

  constructor(
    readonly room: string,
    credentials: Promise<unknown> = Promise.resolve()
  ) {
    this.journal = new Journal(room)
    this.idb = new IndexeddbPersistence(`faellesplan:${room}`, this.doc)
    this.provider = syncProvider(room, this.doc, { declare: true })
    // Storing in IndexedDB and sending wait for the keystroke's paint (the journal below writes at once).
    this.deferred = [deferUpdateListener(this.doc, this.idb, '_storeUpdate'), deferUpdateListener(this.doc, this.provider, '_updateHandler')]
    window.addEventListener('pagehide', this.onPageHide)
    this.provider.messageHandlers[MessageType.persisted] = (_enc, decoder) => {
      this.tracker.persisted(Y.decodeStateVector(decoding.readVarUint8Array(decoder)))
      this.recompute()
    }
    this.provider.messageHandlers[MessageType.documentSchema] = (_enc, decoder) => {
      if (decoding.readVarUint(decoder) > SCHEMA_VERSION) this.newerSchema = true
    }
    this.provider.on('status', ({ status }: { status: string }) => {
      const online = status === 'connected'
      this.tracker.connection(online)
      this.recompute()
    })
    this.provider.on('sync', (synced: boolean) => {
      this.tracker.handshake(synced)
      if (synced) this.ready = true
      this.recompute()
    })
    onRefusal(this.provider, (reason, final) => {
      this.tracker.closed(reason, final)
      this.recompute()
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (origin === this.provider) {
        this.tracker.fromServer(tr.beforeState, tr.afterState)
        this.checkSchema()
        return
      }
      if (origin === this.idb || origin === 'journal') return
      this.journal.append(update)
      this.tracker.local(update)
      this.recompute()
    })
    // Which parts of the plan waiting changes touched, for the indicator (not the server's or IndexedDB's loads).
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin !== this.provider && tr.origin !== this.idb) this.parts.touch(tr)
    })
    // The browser knows before the socket does: drop the connection at once
    // so the indicator says "offline" and edits are counted as waiting.
    window.addEventListener('online', this.onOnline)
    window.addEventListener('offline', this.onOffline)
    void this.idb.whenSynced.then(() => {
      if (this.doc.isDestroyed) return
      this.tracker.carriedOver(this.journal.replay(this.doc, 'journal'))
      this.loaded = true
      if (this.doc.getXmlFragment('body').length > 0 || this.doc.getMap('threads').size > 0) this.ready = true
      this.checkSchema()
      this.recompute()
    })
    void Promise.all([this.idb.whenSynced, credentials.catch(() => undefined)]).then(() => {
      if (!this.doc.isDestroyed && navigator.onLine !== false) this.provider.connect()
    })
  }

  /** Re-read the document's schema version (after loading or syncing). */
  checkSchema(): void {
    if (documentSchemaVersion(this.doc) > SCHEMA_VERSION) this.newerSchema = true
  }

  private recompute(): void {
    const evaluated = this.tracker.evaluate(Y.decodeStateVector(Y.encodeStateVector(this.doc)))
    const { allStored } = evaluated
    if (allStored) this.parts.clear()
    let state = evaluated.state
    if (state.kind === 'syncing' || state.kind === 'offline') {
      const parts = this.parts.summary()
      if (parts.goals + parts.blocks + parts.other > 0) state = { ...state, parts }
    }
    // Only after the journal was replayed: before that, "all stored" knows nothing of it.
    if (allStored && this.loaded) this.journal.settle(this.tracker.storedState())
    // Assign only on a change: every assignment re-renders the indicator, and this runs per keystroke.
    if (JSON.stringify(state) !== JSON.stringify(this.state)) this.state = state
  }

  destroy(): void {
    this.deferred.forEach((d) => d.stop())
    window.removeEventListener('pagehide', this.onPageHide)
    window.removeEventListener('online', this.onOnline)
    window.removeEventListener('offline', this.onOffline)
    this.provider.destroy()
    void this.idb.destroy()
    this.doc.destroy()
  }
}

/**
 * The two documents of a plan: its body and its comment threads. Both
 * sockets open as soon as `credentials` settles (App starts this while the
 * session is still being asked about: opening a plan waits for no other request).
 */
export class PlanConnection {
  readonly body: DocConnection
  readonly comments: DocConnection

  constructor(
    readonly planId: string,
    credentials: Promise<unknown> = Promise.resolve()
  ) {
    this.body = new DocConnection(planId, credentials)
    this.comments = new DocConnection(commentsRoomOf(planId), credentials)
  }

  destroy(): void {
    this.body.destroy()
    this.comments.destroy()
  }
}
