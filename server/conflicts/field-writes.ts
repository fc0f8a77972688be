import * as Y from 'yjs'
import { toFieldValue, type FieldValue } from '../../schema'

// What one Yjs transaction did to watched attributes (typed fields) of
// existing elements, read from Yjs' own structures before the transaction's
// garbage collection drops the content of what it deleted. The rule, checked
// against Item.integrate and typeMapSet in yjs 13.6 (ARCHITECTURE.md,
// "Concurrent field edits"):
//
// - An attribute key is a list of Items (left to right); the rightmost is the
//   value, every other one is deleted. A write sets `origin` to the id of the
//   rightmost Item its writer had (null if it had none): the value it saw and
//   overwrote. Concurrent writes (same origin) are ordered by client id.
// - A written value is superseded knowingly when some Item of the key names
//   it as origin. A value deleted in this transaction that is not the
//   rightmost and that no Item names as origin was replaced by a write whose
//   writer never saw it: it is lost, and that is a conflict.
// - Only Items new in this transaction can name a value deleted in it as
//   origin (an older Item cannot point at something newer, nor at the value
//   that was current before, unless it was that value), so a transaction is
//   judged from its new Items of the key and the key's value before it.

/** One written value of a field, with the Yjs client that wrote it. */
export interface WrittenValue {
  value: FieldValue
  client: number
  clock: number
  /** Arrived in this transaction. */
  fresh: boolean
}

/** What a transaction did to one watched field. */
export interface FieldChange {
  element: Y.XmlElement
  nodeType: string
  field: string
  /** The field's value now; null when it was cleared (a removed attribute). */
  kept: WrittenValue | null
  /** Values replaced by a write whose writer never saw them. */
  lost: WrittenValue[]
  /** The value changed and nothing was lost: the writer saw the value it replaced. */
  causal: boolean
}

const valueOf = (item: Y.Item, fresh: boolean): WrittenValue => ({
  value: item.content instanceof Y.ContentDeleted ? null : toFieldValue(item.content.getContent()[item.length - 1]),
  client: item.id.client,
  clock: item.id.clock + item.length - 1,
  fresh
})

const idKey = (client: number, clock: number): string => `${client}:${clock}`

/**
 * The watched fields a transaction changed, with what was lost. Cheap when
 * nothing watched changed: one pass over the types the transaction changed
 * (for typing, one text), no decoding.
 */
export function fieldChanges(txn: Y.Transaction, watched: ReadonlyMap<string, ReadonlySet<string>>): FieldChange[] {
  let touched: Map<Y.XmlElement, Set<string>> | null = null
  for (const [type, keys] of txn.changed) {
    if (!(type instanceof Y.XmlElement)) continue
    const fields = watched.get(type.nodeName)
    if (!fields) continue
    for (const key of keys) {
      if (key === null || !fields.has(key)) continue
      touched ??= new Map()
      let set = touched.get(type)
      if (!set) touched.set(type, (set = new Set()))
      set.add(key)
    }
  }
  if (!touched) return []
  const fresh = freshItemsOf(txn, touched)
  const out: FieldChange[] = []
  for (const [type, keys] of touched) {
    for (const key of keys) out.push(judge(txn, type, key, fresh.get(type)?.get(key) ?? []))
  }
  return out
}

/** The Items new in this transaction that are entries of the touched keys. */
function freshItemsOf(txn: Y.Transaction, touched: Map<Y.XmlElement, Set<string>>): Map<Y.XmlElement, Map<string, Y.Item[]>> {
  const out = new Map<Y.XmlElement, Map<string, Y.Item[]>>()
  for (const [client, after] of txn.afterState) {
    const before = txn.beforeState.get(client) ?? 0
    if (after <= before) continue
    const structs = txn.doc.store.clients.get(client)
    if (!structs) continue
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]
      if (!(s instanceof Y.Item) || s.parentSub === null) continue
      const keys = touched.get(s.parent as Y.XmlElement)
      if (!keys?.has(s.parentSub)) continue
      let byKey = out.get(s.parent as Y.XmlElement)
      if (!byKey) out.set(s.parent as Y.XmlElement, (byKey = new Map()))
      const list = byKey.get(s.parentSub)
      if (list) list.push(s)
      else byKey.set(s.parentSub, [s])
    }
  }
  return out
}

function judge(txn: Y.Transaction, element: Y.XmlElement, field: string, fresh: Y.Item[]): FieldChange {
  const isFresh = (item: Y.Item) => item.id.clock >= (txn.beforeState.get(item.id.client) ?? 0)
  const head = element._map.get(field) ?? null
  // The value before the transaction: the rightmost Item that is not new.
  let previous: Y.Item | null = head
  while (previous !== null && isFresh(previous)) previous = previous.left
  const named = new Set<string>()
  for (const item of fresh) if (item.origin) named.add(idKey(item.origin.client, item.origin.clock))
  const lost: WrittenValue[] = []
  const deletedHere = (item: Y.Item) => item.deleted && Y.isDeleted(txn.deleteSet, item.id)
  for (const item of fresh) {
    if (item !== head && item.deleted && !named.has(idKey(item.id.client, item.id.clock + item.length - 1))) lost.push(valueOf(item, true))
  }
  if (previous !== null && previous !== head && deletedHere(previous) && !named.has(idKey(previous.id.client, previous.id.clock + previous.length - 1))) {
    lost.push(valueOf(previous, false))
  }
  const kept = head === null || head.deleted ? null : valueOf(head, isFresh(head))
  const changed = (head !== null && isFresh(head)) || (head !== null && head === previous && deletedHere(head))
  return { element, nodeType: element.nodeName, field, kept, lost, causal: changed && lost.length === 0 }
}
