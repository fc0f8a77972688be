import { getRelativeSelection, ySyncPluginKey, type ProsemirrorBinding } from 'y-prosemirror'
import type { EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { docMappedTo, writeEditFast } from '../../../schema'

/** How one write of the editor into the Y.Doc went: O(edit), or y-prosemirror's diff of the whole document. */
export type WritePath = 'fast' | 'full'

/** What `writeEditsFast` needs of the view: its state (an EditorView, or a test's stand-in). */
export interface BoundView {
  readonly state: EditorState
}

/**
 * Make the editor write typing into the Y.Doc in O(edit): each change that
 * is text typed, deleted or replaced in one paragraph is written as one
 * Y.XmlText delete + insert (`writeEditFast`, schema/y-fast-write.ts); any
 * other change, and any change it cannot prove safe, goes through
 * y-prosemirror's own write (`updateYFragment`, which diffs the whole
 * document). The write keeps the binding's origin, so undo and the echo
 * guard see no difference, and sets `beforeTransactionSelection` as
 * y-prosemirror's does (undo restores the selection from it).
 * `onWrite` is told which path each write took (tests, benchmarks).
 */
export function writeEditsFast(view: BoundView, onWrite?: (path: WritePath) => void): void {
  const binding = (ySyncPluginKey.getState(view.state) as { binding?: ProsemirrorBinding } | undefined)?.binding
  if (!binding || typeof binding._prosemirrorChanged !== 'function') throw new Error('y-prosemirror binding not found: cannot install the fast write')
  const full = binding._prosemirrorChanged.bind(binding)
  binding._prosemirrorChanged = (doc) =>
    binding.doc.transact(() => {
      const bound = binding.prosemirrorView as BoundView | null
      if (bound && writeFast(binding, doc)) {
        binding.beforeTransactionSelection = getRelativeSelection(binding, bound.state)
        onWrite?.('fast')
      } else {
        full(doc)
        onWrite?.('full')
      }
    }, ySyncPluginKey)
}

function writeFast(binding: ProsemirrorBinding, next: PMNode): boolean {
  try {
    return tryWriteFast(binding, next)
  } catch (error) {
    // Not expected; but the change must still reach the Y.Doc. The full write
    // compares what the body holds with the document, so it also mends a
    // half-done fast write, once the mapping no longer claims anything.
    console.error('The fast write failed; writing the change the full way', error)
    binding.mapping.clear()
    return false
  }
}

function tryWriteFast(binding: ProsemirrorBinding, next: PMNode): boolean {
  const mapped = binding.mapping.get(binding.type)
  let prev = mapped === undefined || Array.isArray(mapped) ? null : (mapped as PMNode)
  if (prev === null) {
    // A remote change dropped the root's mapping; the top-level elements it
    // did not touch kept theirs, and the ones it did were mapped again as the
    // editor read them, so what the body holds is known without a walk.
    prev = docMappedTo(binding.type, binding.mapping, next)
    if (prev === null) return false
    binding.mapping.set(binding.type, prev)
  }
  return writeEditFast({ root: binding.type, mapping: binding.mapping, prev, next })
}
