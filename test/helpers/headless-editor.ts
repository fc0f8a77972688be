import type * as Y from 'yjs'
import { EditorState, type PluginView, type Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import { BODY_FRAGMENT, planSchema } from '../../schema'
import { repairPlugin, uniqueIdsPlugin } from '../../schema/editing'
import { writeEditsFast, type WritePath } from '../../client/src/editor/fast-write'
import { giveNewTextblocksTheirText } from '../../client/src/editor/text-slots'

/** Which writes a headless editor makes: as the editor does ('fast', falling back), or y-prosemirror's alone ('full'). */
export type HeadlessWrites = 'fast' | 'full'

/**
 * The editor's binding to a plan body without a browser: y-prosemirror's own
 * ySyncPlugin and yUndoPlugin, our id and repair plugins, and the editor's
 * write wrappers (client/src/editor/fast-write.ts, text-slots.ts), in the
 * order create-editor.ts installs them. Only the DOM is missing: dispatch
 * does what prosemirror-view's does for plugins (apply the transaction, then
 * update every plugin view with the previous state), so a remote Yjs change
 * goes through y-prosemirror's real `_typeChanged` and a local one through
 * its real write.
 */
export class HeadlessEditor {
  state: EditorState
  /** How many writes took each path since the editor was made. */
  readonly writes: Record<WritePath, number> = { fast: 0, full: 0 }
  private readonly pluginViews: PluginView[] = []

  constructor(
    readonly ydoc: Y.Doc,
    writes: HeadlessWrites = 'fast'
  ) {
    this.state = EditorState.create({
      schema: planSchema,
      plugins: [ySyncPlugin(ydoc.getXmlFragment(BODY_FRAGMENT)), yUndoPlugin(), uniqueIdsPlugin(), repairPlugin()]
    })
    for (const plugin of this.state.plugins) {
      const view = plugin.spec.view?.(this.asView())
      if (view) this.pluginViews.push(view)
    }
    if (writes === 'fast') writeEditsFast(this, (path) => this.writes[path]++)
    giveNewTextblocksTheirText(this)
  }

  /** Apply a transaction as the view would, and let the plugins (the Yjs binding among them) react. */
  dispatch(tr: Transaction): void {
    const prev = this.state
    this.state = this.state.apply(tr)
    for (const view of this.pluginViews) view.update?.(this.asView(), prev)
  }

  /** y-prosemirror asks before scrolling to a restored selection; nothing has focus here. */
  hasFocus(): boolean {
    return false
  }

  destroy(): void {
    for (const view of this.pluginViews) view.destroy?.()
  }

  // The plugins are typed against EditorView; they use only what this class has.
  private asView(): EditorView {
    return this as unknown as EditorView
  }
}
