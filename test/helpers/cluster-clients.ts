import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { BODY_FRAGMENT, MessageType } from '../../schema'
import type { ClusterProcesses } from '../../testkit/cluster'
import { metricsHeaders } from '../../testkit/server-process'
import type { YClient } from '../../testkit/y-client'
import { OneAfterAnother } from '../../server/one-after-another'

// What the cluster tests check, shared: the stored document read straight
// from storage (SQLite or PostgreSQL), "b holds everything a holds",
// acknowledgements checked against storage as they arrive, and typists that
// keep typing.

/** The room as stored now: snapshot and log applied to a fresh doc (read by the test, not through a server). */
export async function storedDoc(cluster: ClusterProcesses, room: string): Promise<Y.Doc> {
  const stored = await cluster.readRoom(room)
  const doc = new Y.Doc()
  for (const bytes of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, bytes)
  return doc
}

/** Whether state vector `sv` is covered by `doc`'s. */
export function svCovered(sv: Map<number, number>, doc: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of sv) if ((have.get(client) ?? 0) < clock) return false
  return true
}

/**
 * A read of the room's storage that starts after this call, shared by every
 * caller that asks while one runs. Six typists' acknowledgements (240 a
 * second) each reading the whole room from PostgreSQL queued up behind one
 * another on a loaded machine until the pool timed out; one read at a time
 * answers them all, and still starts after each acknowledgement arrived.
 */
const reads = new WeakMap<ClusterProcesses, Map<string, OneAfterAnother<Y.Doc>>>()
function storedAfterNow(cluster: ClusterProcesses, room: string): Promise<Y.Doc> {
  let rooms = reads.get(cluster)
  if (!rooms) reads.set(cluster, (rooms = new Map()))
  let r = rooms.get(room)
  if (!r) rooms.set(room, (r = new OneAfterAnother(() => storedDoc(cluster, room))))
  return r.run()
}

/**
 * Record every `persisted` acknowledgement the client receives, and check it
 * against storage when it arrives: an acknowledgement that covers something
 * not stored is pushed to `untrue`. On SQLite the check reads storage at
 * once; on PostgreSQL its query follows within milliseconds (await
 * `checked()` before reading `untrue`).
 */
export function watchAcks(
  client: YClient,
  cluster: ClusterProcesses,
  room: string
): { acks: Array<Map<number, number>>; untrue: string[]; checked(): Promise<void> } {
  const checks: Array<Promise<void>> = []
  const seen = {
    acks: [] as Array<Map<number, number>>,
    untrue: [] as string[],
    checked: async () => void (await Promise.all(checks))
  }
  client.provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
    const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder))
    seen.acks.push(sv)
    const check = storedAfterNow(cluster, room).then((stored) => {
      if (!svCovered(sv, stored))
        seen.untrue.push(`ack ${JSON.stringify([...sv])} not covered by storage ${JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(stored))])}`)
    })
    // Failed reads fail checked(), not the process: no unhandled rejection meanwhile.
    check.catch(() => undefined)
    checks.push(check)
  }
  return seen
}

/** The body as JSON text (to compare documents and look for markers). */
export const bodyText = (doc: Y.Doc): string => JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON())

/**
 * Someone typing into a paragraph of their own at the end of the body, a
 * character every `everyMs`, until stopped; keeps typing while disconnected
 * (the provider sends it when it is back).
 */
export class Typist {
  private readonly text: Y.XmlText
  private timer: NodeJS.Timeout | null = null
  typed = 0

  constructor(
    readonly client: YClient,
    readonly tag: string
  ) {
    const p = new Y.XmlElement('paragraph')
    this.text = new Y.XmlText(`${tag}:`)
    p.insert(0, [this.text])
    client.doc.getXmlFragment(BODY_FRAGMENT).push([p])
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.text.insert(this.text.length, String.fromCharCode(97 + (this.typed % 26)))
      this.typed++
    }, everyMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}

/** A counter or gauge of a server process's /metrics. */
export async function metric(httpUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`, { headers: metricsHeaders })).text()
  const line = text.split('\n').find((l) => l.startsWith(`faellesplan_${name} `))
  if (!line) throw new Error(`no metric ${name} at ${httpUrl}`)
  return Number(line.split(' ')[1])
}
