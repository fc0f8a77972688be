// What the sync indicator may claim (client/src/sync/sync-tracker.ts): "Gemt"
// only when the server's acknowledgement covers every local change, including
// deletions, which a state vector cannot show.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncTracker, isDeleteOnly } from '../../client/src/sync/sync-tracker'

const sv = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc))

/** A document, a tracker fed by its local updates, and a "server" copy that stores what it is sent. */
function setup() {
  const doc = new Y.Doc()
  const server = new Y.Doc()
  const tracker = new SyncTracker()
  const sent: Uint8Array[] = []
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'server') return
    sent.push(u)
    tracker.local(u)
  })
  const store = () => {
    for (const u of sent.splice(0)) Y.applyUpdate(server, u)
    return sv(server)
  }
  return { doc, server, tracker, store, state: () => tracker.evaluate(sv(doc)).state }
}

describe('SyncTracker', () => {
  it('is offline with nothing waiting before the socket opens', () => {
    const { state } = setup()
    expect(state()).toEqual({ kind: 'offline', waiting: 0 })
  })

  it('says saved only after the acknowledgement covers a local insert', () => {
    const { doc, tracker, store, state } = setup()
    tracker.connection(true)
    tracker.handshake(true)
    tracker.persisted(new Map())
    expect(state().kind).toBe('saved')
    doc.getText('t').insert(0, 'abc')
    expect(state()).toEqual({ kind: 'syncing', waiting: 1 })
    tracker.persisted(store())
    expect(state()).toEqual({ kind: 'saved' })
  })

  it('does not claim a deletion is saved before an acknowledgement follows it', () => {
    const { doc, tracker, store, state } = setup()
    tracker.connection(true)
    tracker.handshake(true)
    doc.getText('t').insert(0, 'abc')
    tracker.persisted(store())
    expect(state().kind).toBe('saved')
    doc.getText('t').delete(0, 1)
    // The state vector did not move, yet the deletion is not on the server.
    expect(state()).toEqual({ kind: 'syncing', waiting: 1 })
    tracker.persisted(store())
    expect(state().kind).toBe('saved')
  })

  it('counts offline changes and keeps them waiting until the server has them after reconnecting', () => {
    const { doc, tracker, store, state } = setup()
    tracker.connection(true)
    tracker.handshake(true)
    tracker.persisted(store())
    tracker.connection(false)
    doc.getText('t').insert(0, 'tog')
    doc.getText('t').insert(3, 'et')
    doc.getText('t').delete(0, 1)
    expect(state()).toEqual({ kind: 'offline', waiting: 3 })
    tracker.connection(true)
    // The greeting acknowledgement comes before our half of the handshake reached the server.
    tracker.persisted(new Map())
    expect(state().kind).toBe('syncing')
    tracker.handshake(true)
    expect(state().kind).toBe('syncing')
    tracker.persisted(store())
    expect(state()).toEqual({ kind: 'saved' })
  })

  it('keeps changes carried over from the journal unconfirmed until an acknowledgement after the handshake', () => {
    const { tracker, state } = setup()
    tracker.carriedOver(2)
    tracker.connection(true)
    tracker.persisted(new Map())
    tracker.handshake(true)
    expect(state()).toEqual({ kind: 'syncing', waiting: 2 })
    tracker.persisted(new Map())
    expect(state().kind).toBe('saved')
  })

  it('counts what arrives from the server as stored (the server broadcasts only stored updates)', () => {
    const { doc, tracker, state } = setup()
    const peer = new Y.Doc()
    peer.getText('t').insert(0, 'fra en anden')
    tracker.connection(true)
    tracker.handshake(true)
    const before = sv(doc)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), 'server')
    tracker.fromServer(before, sv(doc))
    expect(state().kind).toBe('saved')
  })

  it('counts only the clients an update from the server moved: a local change it does not include stays waiting', () => {
    const { doc, tracker, state } = setup()
    tracker.connection(true)
    tracker.handshake(true)
    doc.getText('t').insert(0, 'mit eget')
    const peer = new Y.Doc()
    peer.getText('u').insert(0, 'fra en anden')
    const before = sv(doc)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), 'server')
    tracker.fromServer(before, sv(doc))
    expect(state()).toEqual({ kind: 'syncing', waiting: 1 })
  })

  it('shows a final refusal for good, and a passing one only until the socket is back', () => {
    const a = setup()
    a.tracker.connection(true)
    a.tracker.closed('token-expired', true)
    a.tracker.connection(false)
    expect(a.state()).toEqual({ kind: 'refused', reason: 'token-expired', final: true })
    a.tracker.connection(true)
    expect(a.state().kind).toBe('refused')

    const b = setup()
    b.tracker.connection(true)
    b.tracker.closed('server-shutting-down', false)
    b.tracker.connection(false)
    expect(b.state()).toEqual({ kind: 'refused', reason: 'server-shutting-down', final: false })
    b.tracker.connection(true)
    b.tracker.handshake(true)
    b.tracker.persisted(new Map())
    expect(b.state().kind).toBe('saved')
  })

  it('recognises delete-only updates', () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    doc.getText('t').insert(0, 'ab')
    doc.getText('t').delete(0, 1)
    expect(updates.map(isDeleteOnly)).toEqual([false, true])
  })
})
