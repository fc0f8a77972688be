import type { Node as PMNode } from 'prosemirror-model'

/** Where two versions of a document differ when that is the inline content of one textblock. */
export interface TextChange {
  /** The textblock before and after the change. */
  before: PMNode
  after: PMNode
  /** The textblock's ancestors in the new document, from the document itself down to its parent. */
  ancestors: PMNode[]
}

/**
 * How `next` differs from `prev`: 'same' when not at all, a TextChange when
 * only the inline content (text, marks, hard breaks) of one textblock
 * differs, null for anything else (structure, attributes, several blocks).
 *
 * Whole-document derivations (the outline, the problems list, the target
 * pickers) use it to skip the keystrokes that cannot change what they read.
 * It compares children by identity: ProseMirror and y-prosemirror keep every
 * untouched node, so a keystroke costs a walk down one path. A document
 * rebuilt with equal but new nodes merely counts as changed (null).
 */
export function textChange(prev: PMNode, next: PMNode): TextChange | 'same' | null {
  const ancestors: PMNode[] = []
  let a = prev
  let b = next
  for (;;) {
    if (a === b) return 'same'
    if (!a.sameMarkup(b)) return null
    if (a.isTextblock) return { before: a, after: b, ancestors }
    if (a.childCount !== b.childCount) return null
    let differs = -1
    for (let i = 0; i < a.childCount; i++) {
      if (a.child(i) === b.child(i)) continue
      if (differs !== -1) return null
      differs = i
    }
    // Same markup and the very same children: equal documents.
    if (differs === -1) return 'same'
    ancestors.push(b)
    a = a.child(differs)
    b = b.child(differs)
  }
}
