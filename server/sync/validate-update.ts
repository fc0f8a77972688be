import * as Y from 'yjs'

// A client's update is applied to the room only if everything it builds on
// is already in the room or in the update itself. Yjs would otherwise park
// it as "pending" forever — memory a hostile client can grow at will — and
// a delete of ranges nobody has seen would wait the same way. Honest clients
// never send such updates: the sync protocol always sends what the other
// side lacks, from its state vector.

interface IdLike {
  client: number
  clock: number
}
const isId = (v: unknown): v is IdLike =>
  typeof v === 'object' && v !== null && !(v instanceof Y.AbstractType) && typeof (v as IdLike).client === 'number' && typeof (v as IdLike).clock === 'number'

/**
 * Why a v1 update cannot be applied to `doc` as it stands (it builds on
 * something the doc lacks), or null when it can. Throws on bytes that are
 * not a v1 update at all, or one with gaps: no later message can make those
 * fit (the caller closes the connection).
 */
export function unmetDependencies(doc: Y.Doc, update: Uint8Array): string | null {
  const { structs, ds } = Y.decodeUpdate(update)
  // An empty v1 update is two zero bytes; anything longer that decodes to
  // nothing is another format (a v2 update read as v1 looks like this).
  if (structs.length === 0 && ds.clients.size === 0 && update.byteLength > 2) throw new Error('not a v1 update')
  const have = Y.decodeStateVector(Y.encodeStateVector(doc))
  const reach = new Map<number, number>()
  const known = (client: number) => Math.max(have.get(client) ?? 0, reach.get(client) ?? 0)
  for (const s of structs) {
    if (s instanceof Y.Skip) throw new Error('update has gaps')
    const { client, clock } = s.id
    if (clock > known(client)) return `update continues client ${client} at ${clock}, but only ${known(client)} is known`
    reach.set(client, Math.max(reach.get(client) ?? 0, clock + s.length))
  }
  const knownId = (id: IdLike) => id.clock < known(id.client)
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue
    if (s.origin && !knownId(s.origin)) return 'update refers to an unknown left neighbour'
    if (s.rightOrigin && !knownId(s.rightOrigin)) return 'update refers to an unknown right neighbour'
    if (isId(s.parent) && !knownId(s.parent)) return 'update refers to an unknown parent'
  }
  for (const [client, items] of ds.clients) {
    for (const item of items) if (item.clock + item.len > known(client)) return `update deletes unknown content of client ${client}`
  }
  return null
}

/**
 * Whether applying a v1 update would change `doc`: it brings content the doc
 * lacks, or deletes something the doc has not deleted. A read-only client's
 * sync reply carries the delete set of everything it knows, which the room
 * usually already has; only a change counts as a write.
 */
export function changesDocument(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  const have = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const s of structs) if (s.id.clock + s.length > (have.get(s.id.client) ?? 0)) return true
  if (ds.clients.size === 0) return false
  const deleted = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, items] of ds.clients) {
    const ranges = deleted.clients.get(client) ?? []
    for (const item of items) {
      let from = item.clock
      const to = item.clock + item.len
      for (const r of ranges) {
        if (r.clock <= from && r.clock + r.len > from) from = r.clock + r.len
        if (from >= to) break
      }
      if (from < to) return true
    }
  }
  return false
}
