import * as Y from 'yjs'
import {
  THREADS_MAP,
  REQUIRED_COMMENT_FIELDS,
  REQUIRED_THREAD_FIELDS,
  checkField,
  type CommentContext,
  type Refusal,
  type ThreadContext,
  type Writer
} from '../../schema/comments'

// The server is the authority over a plan's comments. Every update to a
// `.comments` room is read struct by struct BEFORE it is applied: each new
// item is placed (which thread or comment, which field, as Yjs itself would
// place it on integration) and each deletion is traced to the live item it
// removes, and each is checked against the sender's identity with the rules in
// schema/comments/rules.ts. An update with one forbidden write is refused
// whole: never applied, stored or broadcast.
//
// Why per-struct validation rather than server-side comment operations: the
// comments room stays an ordinary Yjs document, so offline comments made in
// the browser merge on reconnect exactly like the plan text does, and stock
// clients keep working. The check is sound because it does not interpret the
// result of a merge: it refuses any write to a field the sender may not
// write, with any value it may not write, wherever the item ends up in the
// map's conflict order. Cost: linear in the update, with a log-time lookup
// per referenced item (no copy of the document).

type Struct = Y.Item | Y.GC | Y.Skip

/** What a container (a Y.Map or Y.Array) is in the comments model. */
type Container =
  | { kind: 'root' }
  | { kind: 'thread'; key: string; isNew: boolean; id: string }
  | { kind: 'comments'; isNew: boolean }
  | { kind: 'comment'; isNew: boolean; author: unknown; id: string }
  /** Deleted or garbage-collected: whatever is written there is never visible. */
  | { kind: 'inert' }
  | { kind: 'unknown'; what: string }

/** Where an item goes: its container and map key. */
interface Placement {
  container: Container
  key: string | null
}

const INERT: Container = { kind: 'inert' }
const idKey = (id: Y.ID) => `${id.client}:${id.clock}`

/** The structs of one update, findable by id. */
class UpdateStructs {
  private readonly byClient = new Map<number, Struct[]>()

  constructor(structs: Struct[]) {
    for (const s of structs) {
      let list = this.byClient.get(s.id.client)
      if (!list) this.byClient.set(s.id.client, (list = []))
      list.push(s)
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  }

  find(id: Y.ID): Struct | null {
    const list = this.byClient.get(id.client)
    if (!list) return null
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = list[mid]!
      if (id.clock < s.id.clock) hi = mid - 1
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1
      else return s
    }
    return null
  }
}

/**
 * Check an update to a comments room against its sender. Returns null when
 * every write in it is allowed, else a short reason.
 */
export function checkCommentUpdate(doc: Y.Doc, update: Uint8Array, writer: Writer, now = Date.now()): Refusal | null {
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } }
  const store = doc.store
  const inUpdate = new UpdateStructs(structs)
  const known = (id: Y.ID) => id.clock < Y.getState(store, id.client)

  /** The struct holding `id`: the document's when it has it, else the update's. */
  const lookup = (id: Y.ID): { struct: Struct; fromDoc: boolean } | null => {
    if (known(id)) return { struct: Y.getItem(store, id) as unknown as Struct, fromDoc: true }
    const s = inUpdate.find(id)
    return s ? { struct: s, fromDoc: false } : null
  }

  const docContainers = new Map<Y.AbstractType<unknown>, Container>()
  const newContainers = new Map<string, Container>()
  const placements = new Map<string, Placement>()

  /** Classify a container given the item that holds it (null for a root) and the item's own placement. */
  const classify = (holder: Y.Item, isNew: boolean, at: Placement): Container => {
    const content = holder.content
    if (!(content instanceof Y.ContentType)) return INERT
    const type = content.type
    const parent = at.container
    if (parent.kind === 'inert') return INERT
    if (parent.kind === 'root' && at.key !== null && type instanceof Y.Map) return { kind: 'thread', key: at.key, isNew, id: idKey(holder.id) }
    if (parent.kind === 'thread' && at.key === 'comments' && type instanceof Y.Array) return { kind: 'comments', isNew }
    if (parent.kind === 'comments' && at.key === null && type instanceof Y.Map) {
      const author = isNew ? undefined : (type as Y.Map<unknown>).get('author')
      return { kind: 'comment', isNew, author, id: idKey(holder.id) }
    }
    return { kind: 'unknown', what: `a ${type.constructor.name} in ${parent.kind}${at.key ? `.${at.key.slice(0, 40)}` : ''}` }
  }

  /** The container a type in the document is, in the comments model. */
  const ofDocType = (type: Y.AbstractType<unknown>): Container => {
    const cached = docContainers.get(type)
    if (cached) return cached
    let c: Container
    const holder = type._item
    if (holder === null) {
      c = Y.findRootTypeKey(type) === THREADS_MAP ? { kind: 'root' } : { kind: 'unknown', what: 'another root type' }
    } else if (holder.deleted) {
      c = INERT
    } else {
      c = classify(holder, false, { container: ofDocType(holder.parent as Y.AbstractType<unknown>), key: holder.parentSub })
    }
    docContainers.set(type, c)
    return c
  }

  /** The container an item of the update (holding a type) is. */
  const ofNewHolder = (holder: Y.Item): Container => {
    const k = idKey(holder.id)
    const cached = newContainers.get(k)
    if (cached) return cached
    const c = classify(holder, true, placeNew(holder))
    newContainers.set(k, c)
    return c
  }

  /** Where a struct of the update will be integrated (mirrors Item.getMissing/integrate). */
  const placeNew = (item: Y.Item): Placement => {
    const k = idKey(item.id)
    const cached = placements.get(k)
    if (cached) return cached
    // Guards against a crafted cycle of origins: placed as unknown until resolved.
    placements.set(k, { container: { kind: 'unknown', what: 'a cycle of origins' }, key: null })
    const p = placeNewUncached(item)
    placements.set(k, p)
    return p
  }

  const placeNewUncached = (item: Y.Item): Placement => {
    const neighbour = (id: Y.ID | null) => (id ? lookup(id) : null)
    const left = neighbour(item.origin)
    const right = neighbour(item.rightOrigin)
    if ((item.origin && !left) || (item.rightOrigin && !right)) return { container: { kind: 'unknown', what: 'a missing neighbour' }, key: null }
    if ((left && !(left.struct instanceof Y.Item)) || (right && !(right.struct instanceof Y.Item))) return { container: INERT, key: null }
    const side = left ?? right
    if (side) {
      const s = side.struct as Y.Item
      if (side.fromDoc) return { container: ofDocType(s.parent as Y.AbstractType<unknown>), key: s.parentSub }
      return placeNew(s)
    }
    const parent = item.parent as unknown
    if (typeof parent === 'string')
      return { container: parent === THREADS_MAP ? { kind: 'root' } : { kind: 'unknown', what: 'another root type' }, key: item.parentSub }
    if (parent instanceof Y.ID) {
      const holder = lookup(parent)
      if (!holder) return { container: { kind: 'unknown', what: 'a missing parent' }, key: null }
      if (!(holder.struct instanceof Y.Item)) return { container: INERT, key: null }
      const container = holder.fromDoc ? holderInDoc(holder.struct) : ofNewHolder(holder.struct)
      return { container, key: item.parentSub }
    }
    return { container: { kind: 'unknown', what: 'an item without a parent' }, key: null }
  }

  /** The container held by an item of the document. */
  const holderInDoc = (holder: Y.Item): Container => {
    const content = holder.content
    if (!(content instanceof Y.ContentType) || holder.deleted) return INERT
    return ofDocType(content.type as Y.AbstractType<unknown>)
  }

  // Items this update deletes among its own new ones: they never show.
  // Sorted and merged here: a crafted update need not keep its ranges in order or apart.
  for (const [client, ranges] of ds.clients) {
    ranges.sort((a, b) => a.clock - b.clock)
    const merged: typeof ranges = []
    for (const r of ranges) {
      const last = merged[merged.length - 1]
      if (last && r.clock <= last.clock + last.len) last.len = Math.max(last.len, r.clock + r.len - last.clock)
      else merged.push({ clock: r.clock, len: r.len })
    }
    ds.clients.set(client, merged)
  }
  const deletedHere = (item: Y.Item): boolean => {
    const ranges = ds.clients.get(item.id.client)
    if (!ranges) return false
    let lo = 0
    let hi = ranges.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const r = ranges[mid]!
      if (r.clock + r.len <= item.id.clock) lo = mid + 1
      else if (r.clock >= item.id.clock + item.length) hi = mid - 1
      else return true
    }
    return false
  }

  const threads = doc.getMap(THREADS_MAP)
  // Per new thread/comment: which fields it got (live values); per existing comment: fields written.
  const fieldsOfNew = new Map<string, { container: Container; fields: Set<string> }>()
  const writtenOnExisting = new Map<string, Set<string>>()

  const checkWrite = (c: Container, key: string | null, value: unknown): Refusal | null => {
    if (c.kind === 'inert') return null
    if (c.kind === 'unknown') return `write to ${c.what}`
    if (c.kind === 'root') {
      if (key === null) return 'list content in the threads map'
      const current = threads._map.get(key)
      if (current && !current.deleted) return 'a thread is never replaced'
      return null
    }
    if (c.kind === 'comments') return key === null ? null : 'a key in a comments list'
    if (key === null) return `list content in a ${c.kind}`
    const ctx: ThreadContext | CommentContext =
      c.kind === 'thread' ? { kind: 'thread', isNew: c.isNew, key: c.key } : { kind: 'comment', isNew: c.isNew, author: c.author }
    return checkField(ctx, key, value, writer, now)
  }

  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue
    // Already stored (a client re-sending what we have): Yjs skips it.
    if (s.id.clock + s.length <= Y.getState(store, s.id.client)) continue
    const { container, key } = placeNew(s)
    const content = s.content
    const live = !(content instanceof Y.ContentDeleted) && !deletedHere(s)
    let value: unknown
    if (content instanceof Y.ContentAny) {
      if (content.arr.length !== 1 && container.kind !== 'inert') return 'a field holds one value'
      value = content.arr[0]
    } else if (content instanceof Y.ContentType) {
      const holds = ofNewHolder(s)
      if (holds.kind === 'unknown') return `a ${holds.what}`
      value = null
    } else if (!(content instanceof Y.ContentDeleted)) {
      if (container.kind !== 'inert') return `${content.constructor.name} in comments`
    } else {
      value = undefined
    }
    // A deleted value is checked as a deletion of the field.
    const refusal = checkWrite(container, key, live ? value : undefined)
    if (refusal) return refusal
    if (content instanceof Y.ContentType && container.kind === 'thread' && key !== 'comments') return 'only comments is a list'
    if (content instanceof Y.ContentAny && (container.kind === 'root' || container.kind === 'comments')) return 'a thread or comment is a map'
    if (live && key !== null && (container.kind === 'thread' || container.kind === 'comment')) {
      const id = container.id
      if (container.isNew) {
        let entry = fieldsOfNew.get(id)
        if (!entry) fieldsOfNew.set(id, (entry = { container, fields: new Set() }))
        entry.fields.add(key)
      } else if (container.kind === 'comment') {
        let set = writtenOnExisting.get(id)
        if (!set) writtenOnExisting.set(id, (set = new Set()))
        set.add(key)
      }
    }
  }

  // Deletions of what the document holds now.
  for (const [client, ranges] of ds.clients) {
    const list = store.clients.get(client) as Struct[] | undefined
    if (!list) continue
    const state = Y.getState(store, client)
    for (const { clock, len } of ranges) {
      if (clock >= state) continue
      let i = Y.findIndexSS(list as never, clock)
      for (; i < list.length && list[i]!.id.clock < clock + len; i++) {
        const s = list[i]!
        if (!(s instanceof Y.Item) || s.deleted) continue
        const container = ofDocType(s.parent as Y.AbstractType<unknown>)
        if (container.kind === 'root') return 'a thread is never deleted'
        if (container.kind === 'comments') return 'a comment is never removed (it is marked deleted)'
        const refusal = checkWrite(container, s.parentSub, undefined)
        if (refusal) return refusal
      }
    }
  }

  for (const { container, fields } of fieldsOfNew.values()) {
    const required = container.kind === 'thread' ? REQUIRED_THREAD_FIELDS : REQUIRED_COMMENT_FIELDS
    const missing = required.find((f) => !fields.has(f))
    if (missing) return `a new ${container.kind} lacks ${missing}`
  }
  // A changed comment text is marked as edited (or the comment as deleted).
  for (const fields of writtenOnExisting.values()) {
    if (fields.has('text') && !fields.has('editedAt') && !fields.has('deleted')) return 'an edited comment is marked edited'
  }
  return null
}
