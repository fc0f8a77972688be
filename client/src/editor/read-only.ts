import { Plugin, PluginKey } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'

// Read-only roles (commenter, viewer) get an editable view that refuses every
// change, not ProseMirror's `editable: false`: without contenteditable the
// browser gives no caret, so the text has no tab stop and nobody can select
// with Shift+arrows, and a keyboard user could not comment (issue #15).
// What keeps the text unchanged, in the order it acts:
//  1. `beforeinput`, paste and drop are cancelled, so the browser changes no DOM;
//  2. `filterTransaction` drops every transaction that changes the document
//     unless it comes from y-prosemirror (someone else's edit arriving), so
//     keymaps, IME input that cannot be cancelled and our own plugins'
//     appended fixes never reach the Y.Doc (a DOM change it refuses is redrawn
//     by ProseMirror from the unchanged state);
//  3. the server, which closes a read-only socket that sends a body update
//     (`read-only`) — the guard only spares the user that.

/** Marks a view whose body this person may not change. */
export const readOnlyKey = new PluginKey<boolean>('readOnly')

/** The guard for read-only roles: a caret and selection, no changes. */
export function readOnlyPlugin(): Plugin<boolean> {
  const refuse = (_view: EditorView, e: Event) => {
    e.preventDefault()
    return true
  }
  return new Plugin<boolean>({
    key: readOnlyKey,
    state: { init: () => true, apply: (_tr, v) => v },
    filterTransaction: (tr) => !tr.docChanged || tr.getMeta(ySyncPluginKey) !== undefined,
    props: {
      handlePaste: () => true,
      handleDrop: () => true,
      handleDOMEvents: { beforeinput: refuse, drop: refuse }
    }
  })
}

/** Whether this person may change the body in this view (node views show their editing controls only then). */
export const bodyEditable = (view: EditorView): boolean => view.editable && readOnlyKey.getState(view.state) !== true
