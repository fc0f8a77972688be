import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import { BODY_FRAGMENT, MessageType, declareSchemaParams } from '../schema'
import { type Author } from '../schema/comments'

/** A y-websocket client over the `ws` package (Node 20 has no global WebSocket). */
export interface YClient {
  doc: Y.Doc
  /** Who the token says this client is, as comments record their author (uid: the token's invitation). */
  author: Author
  provider: WebsocketProvider
  /** What the server last acknowledged as stored (our `persisted` message), as a state vector; empty for stock clients. */
  persisted: Map<number, number>
  /** Resolves once the provider has synced with the server. */
  synced(timeoutMs?: number): Promise<void>
  destroy(): void
}

/** The comment author a token speaks for (read from its unverified payload, as the client does). */
export function authorOf(token: string): Author {
  const c = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { name: string; group: Author['group']; sub?: string }
  return c.sub === undefined ? { name: c.name, group: c.group } : { name: c.name, group: c.group, uid: c.sub }
}

/**
 * Connect a Y.Doc to a room with a token, the way our browser client does:
 * it declares the schema it knows (SCHEMA_PARAM) and so is sent our message
 * types, which it reads and ignores.
 */
export function connectClient(wsUrl: string, room: string, token: string, doc: Y.Doc = new Y.Doc(), connect = true): YClient {
  const client = stockClient(wsUrl, room, token, doc, connect, declareSchemaParams())
  // Read, so the provider does not print "Unable to compute message".
  client.provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
    client.persisted = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
  }
  client.provider.messageHandlers[MessageType.documentSchema] = (_encoder, decoder) => void decoding.readVarUint(decoder)
  return client
}

/** Connect a Y.Doc to a room with a token, the way any stock Yjs client would: it declares nothing and knows only the y-websocket message types. */
export function connectStockClient(wsUrl: string, room: string, token: string, doc: Y.Doc = new Y.Doc(), connect = true): YClient {
  return stockClient(wsUrl, room, token, doc, connect, {})
}

function stockClient(wsUrl: string, room: string, token: string, doc: Y.Doc, connect: boolean, params: Record<string, string>): YClient {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    params: { token, ...params },
    connect,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Tests decide when to reconnect; keep retries fast.
    maxBackoffTime: 300,
    disableBc: true
  })
  return {
    doc,
    author: authorOf(token),
    provider,
    persisted: new Map(),
    synced: (timeoutMs = WAIT_FLOOR_MS) =>
      new Promise<void>((resolve, reject) => {
        if (provider.synced) return resolve()
        const timer = setTimeout(() => reject(new Error(`client for ${room} did not sync within ${timeoutMs} ms`)), timeoutMs)
        provider.once('sync', (isSynced: boolean) => {
          if (isSynced) {
            clearTimeout(timer)
            resolve()
          }
        })
      }),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    }
  }
}

/** The close code the server sends this client next; the client is then destroyed (a refused client would resend forever). */
export function nextClose(c: YClient): Promise<number> {
  return new Promise((resolve) => {
    c.provider.on('connection-close', (e: { code: number } | null) => {
      if (!e) return
      c.destroy()
      resolve(e.code)
    })
  })
}

/** Whether `b` already holds everything `a` holds: merging `a` into a copy of `b` changes nothing. */
export function covers(b: Y.Doc, a: Y.Doc): boolean {
  const merged = new Y.Doc()
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(b))
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(a))
  const sv = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort())
  const body = (d: Y.Doc) => JSON.stringify(d.getXmlFragment(BODY_FRAGMENT).toJSON())
  return sv(merged) === sv(b) && body(merged) === body(b)
}

/** The shortest time `eventually` and `synced` wait before failing. */
export const WAIT_FLOOR_MS = 30_000

/** Retry an assertion until it passes or the time runs out (for effects that arrive asynchronously). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = WAIT_FLOOR_MS, intervalMs = 25): Promise<T> {
  // A loaded machine (CI, two test workers, Chromium) delivers late: a wait
  // only costs time when the test is failing anyway, so none is shorter than the floor.
  const until = Date.now() + Math.max(timeoutMs, WAIT_FLOOR_MS)
  let last: unknown
  for (;;) {
    try {
      return await check()
    } catch (e) {
      last = e
      if (Date.now() > until) throw last
      await new Promise((r) => setTimeout(r, intervalMs))
    }
  }
}

/** An editor's new paragraph reaches a reader of the same room: the server still syncs it end to end. */
export async function editReachesReader(wsUrl: string, room: string, editorToken: string, readerToken: string): Promise<void> {
  const editor = connectClient(wsUrl, room, editorToken)
  const reader = connectClient(wsUrl, room, readerToken)
  try {
    await Promise.all([editor.synced(15_000), reader.synced(15_000)])
    const note = `stadig her ${Math.random()}`
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText(note)])
    editor.doc.getXmlFragment(BODY_FRAGMENT).push([p])
    await eventually(() => {
      if (!JSON.stringify(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON()).includes(note)) throw new Error(`the reader of ${room} never saw "${note}"`)
    }, 15_000)
  } finally {
    editor.destroy()
    reader.destroy()
  }
}
