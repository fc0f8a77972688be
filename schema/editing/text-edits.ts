import type { Transaction } from 'prosemirror-state'
import { ReplaceStep } from 'prosemirror-transform'

/**
 * Whether a transaction only changed text inside textblocks (typing,
 * deleting characters): such a change cannot create, remove or duplicate
 * structured nodes, so whole-document checks (ids, repair) can skip it.
 * Keeps those checks off the per-keystroke path in large plans.
 */
export function onlyTextEdits(tr: Transaction): boolean {
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]
    if (!(step instanceof ReplaceStep)) return false
    const doc = tr.docs[i]!
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: import('prosemirror-model').Slice }
    const $from = doc.resolve(from)
    if (!$from.parent.isTextblock || !$from.sameParent(doc.resolve(to))) return false
    let inlineOnly = slice.openStart === 0 && slice.openEnd === 0
    slice.content.forEach((n) => {
      if (!n.isInline) inlineOnly = false
    })
    if (!inlineOnly) return false
  }
  return true
}
