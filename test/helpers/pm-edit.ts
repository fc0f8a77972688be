import * as Y from 'yjs'
import { initProseMirrorDoc, updateYFragment } from 'y-prosemirror'
import { EditorState, type Transaction } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, docMappedTo, giveTextblocksTheirText, planSchema, writeEditFast } from '../../schema'
import { repairPlugin, uniqueIdsPlugin } from '../../schema/editing'

/** How `editBody` writes: as the editor does ('fast': O(edit) when it can, else y-prosemirror's), or through y-prosemirror's updateYFragment alone ('full'). */
export type WriteMode = 'fast' | 'full'

/**
 * Edit a plan's Y.Doc the way the editor does: read it into ProseMirror
 * through y-prosemirror, run a transaction (with our id and repair plugins),
 * and write the result back as the editor's binding does: the fast write
 * when it applies (schema/y-fast-write.ts, client/src/editor/fast-write.ts),
 * else y-prosemirror's updateYFragment, giving new empty textblocks their
 * Y.XmlText in the same transaction (client/src/editor/text-slots.ts).
 * Returns which way it wrote, or null when the transaction changed nothing.
 */
export function editBody(ydoc: Y.Doc, make: (state: EditorState) => Transaction | null, origin: unknown = 'local', mode: WriteMode = 'fast'): WriteMode | null {
  const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
  const { doc, meta } = initProseMirrorDoc(fragment, planSchema)
  const state = EditorState.create({ doc, plugins: [uniqueIdsPlugin(), repairPlugin()] })
  const tr = make(state)
  if (!tr || !tr.docChanged) return null
  const next = state.applyTransaction(tr).state
  let wrote: WriteMode = 'full'
  ydoc.transact((tr) => {
    // The document just read is what the body holds when every top-level element was read.
    const prev = mode === 'fast' ? docMappedTo(fragment, meta.mapping, doc) : null
    if (prev) meta.mapping.set(fragment, prev)
    if (prev && writeEditFast({ root: fragment, mapping: meta.mapping, prev, next: next.doc })) wrote = 'fast'
    else updateYFragment(ydoc, fragment, next.doc, meta)
    giveTextblocksTheirText(tr)
  }, origin)
  return wrote
}

/** The ProseMirror position of the first occurrence of `text` in a document (throws when absent). */
export function posOfText(doc: PMNode, text: string): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text)
    return found < 0
  })
  if (found < 0) throw new RangeError(`Text "${text}" is not in the document`)
  return found
}

/** Exchange all state between Y.Docs (both directions, every pair). */
export function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote')
}
