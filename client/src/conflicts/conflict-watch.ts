import type * as Y from 'yjs'
import type { EditorView } from 'prosemirror-view'
import { type Conflict, type FieldValue } from '../../../schema'
import { throttle } from '../dashboard/throttle'
import { lang, t } from '../i18n/lang.svelte'
import { restErrorText } from '../i18n/rest-errors'
import { fetchConflicts, keepCurrent } from './conflicts-api'
import { conflictKey, type ConflictContext } from './conflict-plugin'
import { fieldValueText } from './field-text'

/** At most one look at the plan's conflicts per this many milliseconds while the document changes. */
export const CONFLICT_REFRESH_MS = 1500

/**
 * The plan's open conflicts, kept in step with the server for the editor. A
 * conflict is born on the server when a merge arrives, so the signals to
 * look again are the document changing from the server (someone's merge
 * reached us) and our own changes being stored (ours may have made one);
 * the caller reports the latter through `refresh`. Looks are throttled;
 * a failed look keeps the last list (offline, the badges stay as they were).
 */
export class ConflictWatch {
  private view: EditorView | null = null
  private context: ConflictContext
  private readonly look = throttle(() => void this.load(), CONFLICT_REFRESH_MS)
  private destroyed = false

  constructor(
    private readonly planId: string,
    private readonly doc: Y.Doc,
    private readonly serverOrigin: unknown,
    mayPick: boolean,
    private readonly onNotice: (message: string) => void
  ) {
    this.context = { conflicts: [], mayPick, keep: (c, v) => void this.keep(c, v), picked: (c, v) => this.picked(c, v) }
    doc.on('update', this.onUpdate)
    this.look.call()
  }

  /** The context the editor's conflict plugin starts with. */
  get initial(): ConflictContext {
    return this.context
  }

  /** Draw into this editor from now on. */
  attach(view: EditorView): void {
    this.view = view
    this.push()
  }

  /** Look again soon (throttled). */
  refresh(): void {
    this.look.call()
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.serverOrigin) this.look.call()
  }

  private async load(): Promise<void> {
    let conflicts: Conflict[]
    try {
      conflicts = await fetchConflicts(this.planId)
    } catch {
      return
    }
    if (this.destroyed) return
    const open = conflicts.filter((c) => c.resolved === null)
    if (JSON.stringify(open) === JSON.stringify(this.context.conflicts)) return
    this.context = { ...this.context, conflicts: open }
    this.push()
  }

  private push(): void {
    if (this.view && !this.view.isDestroyed) this.view.dispatch(this.view.state.tr.setMeta(conflictKey, this.context).setMeta('addToHistory', false))
  }

  private text(c: Conflict, value: FieldValue): string {
    return fieldValueText(c.field, value, t(), lang.code)
  }

  private async keep(c: Conflict, value: FieldValue): Promise<void> {
    try {
      const resolved = await keepCurrent(this.planId, c.id, value)
      this.onNotice(t().history.conflictKept(this.text(c, resolved.resolved?.value ?? value)))
    } catch (e) {
      this.onNotice(t().history.conflictFailed(restErrorText(t(), e)))
    }
    this.look.call()
  }

  private picked(c: Conflict, value: FieldValue): void {
    this.onNotice(t().history.conflictChosen(this.text(c, value)))
    this.look.call()
  }

  destroy(): void {
    this.destroyed = true
    this.look.cancel()
    this.doc.off('update', this.onUpdate)
  }
}
