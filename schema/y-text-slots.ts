import * as Y from 'yjs'
import { planSchema } from './plan-schema'

// y-prosemirror gives a paragraph its Y.XmlText only when text is first typed
// into it. When two people type into the same empty cell at once, each
// creates a Y.XmlText of their own, and the paragraph ends up with several
// side by side. y-prosemirror then merges neighbouring texts by copying one
// into the other and deleting it, when it reads the body (1.3.7's fix for its
// issue #160) and when it writes it; two peers doing that merge at the same
// time delete what the other just copied, and a person's typing is gone
// (found by test/unit/goal-table-convergence.property.test.ts).
//
// So an empty textblock gets its one (empty) Y.XmlText in the transaction
// that creates it — before anyone else can see the block — and everyone who
// types into it types into that one text. Merging existing neighbours is
// never safe under concurrency, so nothing here merges.

const TEXTBLOCKS: ReadonlySet<string> = new Set(Object.values(planSchema.nodes).flatMap((type) => (type.isTextblock ? [type.name] : [])))

/** Whether a Yjs element is a textblock of the plan schema with nothing in it. */
const isEmptyTextblock = (el: Y.XmlElement): boolean => el.length === 0 && TEXTBLOCKS.has(el.nodeName)

function fillSubtree(type: Y.XmlElement): void {
  if (isEmptyTextblock(type)) {
    type.insert(0, [new Y.XmlText()])
    return
  }
  for (const child of type.toArray()) if (child instanceof Y.XmlElement) fillSubtree(child)
}

/** Whether a type's item was created in `transaction` (it did not exist before it). */
const createdIn = (type: { _item: Y.Item | null }, transaction: Y.Transaction): boolean =>
  type._item !== null && type._item.id.clock >= (transaction.beforeState.get(type._item.id.client) ?? 0)

/**
 * Give every textblock this transaction created, or emptied, one empty
 * Y.XmlText. Call it inside the transaction that wrote the body (the editor's
 * binding, the server's seeding and restore do). Costs nothing for typing:
 * only types whose children changed are looked at, and of their children only
 * those created in this transaction.
 */
export function giveTextblocksTheirText(transaction: Y.Transaction): void {
  for (const type of [...transaction.changed.keys()]) {
    if (!(type instanceof Y.XmlElement || type instanceof Y.XmlFragment) || type._item?.deleted) continue
    if (type instanceof Y.XmlElement && isEmptyTextblock(type)) {
      type.insert(0, [new Y.XmlText()])
      continue
    }
    for (const child of type.toArray()) if (child instanceof Y.XmlElement && createdIn(child, transaction)) fillSubtree(child)
  }
}
