import { ySyncPluginKey } from 'y-prosemirror'
import type { EditorView } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import type * as Y from 'yjs'
import { giveTextblocksTheirText } from '../../../schema'

/** The part of y-prosemirror's binding we wrap (it is not exported as a type). */
interface Binding {
  doc: Y.Doc
  _prosemirrorChanged: (doc: PMNode) => void
}

/**
 * Make each write of the editor into the Y.Doc also give new empty
 * textblocks their one Y.XmlText, in the same transaction (why:
 * schema/y-text-slots.ts). y-prosemirror has no hook for this, so its
 * binding's write is wrapped; the outer transaction carries the binding's own
 * origin, so the undo manager and the binding's echo guard treat both as one.
 */
export function giveNewTextblocksTheirText(view: Pick<EditorView, 'state'>): void {
  const binding = (ySyncPluginKey.getState(view.state) as { binding?: Binding } | undefined)?.binding
  if (!binding || typeof binding._prosemirrorChanged !== 'function')
    throw new Error('y-prosemirror binding not found: the editor would write text that concurrent typing can lose')
  const write = binding._prosemirrorChanged.bind(binding)
  binding._prosemirrorChanged = (doc) =>
    binding.doc.transact((tr) => {
      write(doc)
      giveTextblocksTheirText(tr)
    }, ySyncPluginKey)
}
