// A key pressed right after the caret was moved by the browser (a click, End,
// arrow keys) must act where the caret now is. ProseMirror learns of such
// moves from the `selectionchange` event, which Chromium queues as an ordinary
// task, while key events are input tasks it runs first: on a busy machine, or
// for a fast typist or a macro, "End, Shift+Tab" or "click, Ctrl+Alt+O" reached
// our key handlers with the selection from before the move, and the command ran
// in another cell. Found by the e2e tests on a loaded machine.
import { Plugin, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'

/** The DOM selection as document positions, when it is a text selection inside this editor. */
function domTextSelection(view: EditorView): { anchor: number; head: number } | null {
  const sel = (view.root as Document).getSelection?.()
  if (!sel || !sel.anchorNode || !sel.focusNode) return null
  if (!view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return null
  try {
    const anchor = view.posAtDOM(sel.anchorNode, sel.anchorOffset)
    const head = view.posAtDOM(sel.focusNode, sel.focusOffset)
    const doc = view.state.doc
    if (anchor < 0 || head < 0 || anchor > doc.content.size || head > doc.content.size) return null
    if (!doc.resolve(anchor).parent.inlineContent || !doc.resolve(head).parent.inlineContent) return null
    return { anchor, head }
  } catch {
    // posAtDOM throws for DOM that is no part of the document (a node view's own controls).
    return null
  }
}

/**
 * Before any key handler runs, bring the editor's text selection up to the
 * DOM's when the browser moved the caret and ProseMirror has not heard yet.
 * First in the plugin list, so the keymaps after it see the new selection.
 */
export function caughtUpSelectionPlugin(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view, event) {
        if (event.isComposing || event.keyCode === 229 || !view.hasFocus()) return false
        const current = view.state.selection
        if (!(current instanceof TextSelection)) return false
        const dom = domTextSelection(view)
        if (!dom || (dom.anchor === current.anchor && dom.head === current.head)) return false
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, dom.anchor, dom.head)))
        return false
      }
    }
  })
}
