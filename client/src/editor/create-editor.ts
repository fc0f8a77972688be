import { EditorState, Plugin } from 'prosemirror-state'
import { EditorView, type DirectEditorProps } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands'
import { splitListItem, liftListItem, sinkListItem } from 'prosemirror-schema-list'
import { dropCursor } from 'prosemirror-dropcursor'
import { gapCursor } from 'prosemirror-gapcursor'
import { initProseMirrorDoc, ySyncPlugin, yUndoPlugin, undo, redo } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { planSchema } from '../../../schema'
import { t } from '../i18n/lang.svelte'
import { applyIdFixes, findIdFixes, repairPlugin, repairTransaction, uniqueIdsPlugin } from '../../../schema/editing'
import { commands } from './commands'
import { addGoalBelow, moveGoalBy } from './goal-commands'
import { goalTableTabPlugin } from './goal-table-tab'
import { pastePlugin } from './paste'
import { remoteCursorPlugins } from './remote-cursors'
import { GoalCellView, GoalTableView, GoalView } from './nodeviews/goal-table'
import { TargetView } from './nodeviews/target'
import { FollowUpView, followUpTargetsPlugin } from './nodeviews/follow-up'
import { FiguresTableView } from './nodeviews/figures-table'
import { giveNewTextblocksTheirText } from './text-slots'
import { writeEditsFast } from './fast-write'
import { caughtUpSelectionPlugin } from './caught-up-selection'
import { readOnlyPlugin } from './read-only'
import { FocusAreaView, lazyAreasPlugin } from './lazy-areas'

/** Document size (ProseMirror positions, ≈ characters) above which a plan counts as large (≈ 40 pages). */
export const LARGE_PLAN_SIZE = 60_000

/** What the editor needs to know about the page it lives in. */
export interface EditorOptions {
  fragment: Y.XmlFragment
  awareness: Awareness
  /** Whether this person may change the body; otherwise the view refuses every change but keeps a caret (read-only.ts). */
  editable: boolean
  onNotice: (message: string) => void
  /** After every transaction, with the state before it (so derivations can tell what changed). */
  onChange?: (state: EditorState, prev: EditorState) => void
  extraPlugins?: Plugin[]
}

const s = planSchema

/**
 * The node views of the plan's structured nodes. A fresh object each call:
 * handing a new one to `view.setProps` redraws them, which is how a language
 * switch reaches their labels.
 */
export function planNodeViews(lazy = false): NonNullable<DirectEditorProps['nodeViews']> {
  return {
    ...(lazy ? { focus_area: (node, view, getPos, decorations) => new FocusAreaView(node, view, getPos, decorations) } : {}),
    goal_table: (node, view, getPos) => new GoalTableView(node, view, getPos),
    goal: (node, view, getPos) => new GoalView(node, view, getPos),
    goal_cell: (node, view, getPos) => new GoalCellView(node, view, getPos),
    target: (node, view, getPos, decorations) => new TargetView(node, view, getPos, decorations),
    follow_up: (node, view, getPos, decorations) => new FollowUpView(node, view, getPos, decorations),
    figures_table: (node, view, getPos) => new FiguresTableView(node, view, getPos)
  }
}

/**
 * Bind a ProseMirror view to the plan body. The Y.XmlFragment is the source
 * of truth: the editor's first document is read from it (y-prosemirror's
 * `initProseMirrorDoc`, with the Yjs → ProseMirror mapping the binding then
 * keeps), so the view draws the plan once. Started empty, y-prosemirror
 * filled it by replacing the whole document in a second transaction, and
 * carried the empty document's selection (position 0, not in any text) over.
 */
export function createEditor(mount: HTMLElement, options: EditorOptions): EditorView {
  const keys = keymap({
    'Mod-z': undo,
    'Mod-y': redo,
    'Shift-Mod-z': redo,
    'Mod-b': commands.bold,
    'Mod-i': commands.italic,
    'Mod-Alt-0': commands.paragraph,
    'Mod-Alt-2': commands.heading,
    'Mod-Alt-3': commands.heading3,
    'Shift-Mod-8': commands.bulletList,
    'Shift-Mod-9': commands.orderedList,
    'Mod-Alt-f': commands.insertFocusArea,
    'Mod-Alt-g': commands.insertGoalTable,
    'Mod-Alt-m': commands.insertTarget,
    'Mod-Alt-o': commands.insertFollowUp,
    'Mod-Alt-v': commands.insertVision,
    'Mod-Alt-t': commands.insertFigures,
    'Mod-Alt-Enter': addGoalBelow,
    'Mod-Alt-ArrowUp': moveGoalBy(-1),
    'Mod-Alt-ArrowDown': moveGoalBy(1),
    'Shift-Enter': chainCommands(exitCode, (state, dispatch) => {
      if (dispatch) dispatch(state.tr.replaceSelectionWith(s.nodes.hard_break!.create()).scrollIntoView())
      return true
    }),
    Enter: splitListItem(s.nodes.list_item!),
    'Mod-[': liftListItem(s.nodes.list_item!),
    'Mod-]': sinkListItem(s.nodes.list_item!)
  })
  const { doc, mapping } = initProseMirrorDoc(options.fragment, s)
  const lazy = doc.content.size > LARGE_PLAN_SIZE
  const state = EditorState.create({
    schema: s,
    doc,
    plugins: [
      caughtUpSelectionPlugin(),
      ySyncPlugin(options.fragment, { mapping }),
      ...remoteCursorPlugins(options.awareness, options.fragment.doc!),
      yUndoPlugin(),
      goalTableTabPlugin(),
      keys,
      keymap(baseKeymap),
      uniqueIdsPlugin(),
      repairPlugin(),
      pastePlugin(() => options.onNotice('paste')),
      dropCursor(),
      gapCursor(),
      followUpTargetsPlugin(),
      new Plugin({ view: () => ({ update: (view, prev) => options.onChange?.(view.state, prev) }) }),
      ...(options.editable ? [] : [readOnlyPlugin()]),
      ...(lazy ? [lazyAreasPlugin(doc)] : []),
      ...(options.extraPlugins ?? [])
    ]
  })
  const view = new EditorView(mount, {
    state,
    // Always editable for the browser (a caret, a tab stop); read-only roles are guarded by readOnlyPlugin.
    editable: () => true,
    // A large plan lets the browser skip layout and paint of focus areas
    // outside the viewport (`content-visibility`, styles.css): in a 200-page
    // plan most of each keystroke's cost was the browser laying out the
    // whole document, not our code. It also draws focus areas far from the
    // viewport as plain text until they come near (lazy-areas.ts), so
    // opening it does not build all of its DOM. Small plans keep ordinary
    // rendering.
    attributes: (s) => ({
      class: s.doc.content.size > LARGE_PLAN_SIZE ? 'plan-editor large-plan' : 'plan-editor',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': t().pages.planText,
      spellcheck: options.editable ? 'true' : 'false',
      lang: 'da',
      ...(options.editable ? {} : { 'aria-readonly': 'true' })
    }),
    nodeViews: planNodeViews(lazy)
  })
  // Order matters: the text slots wrap the (fast or full) write, in one transaction.
  writeEditsFast(view)
  giveNewTextblocksTheirText(view)
  fixOnOpen(view)
  return view
}

/**
 * What uniqueIdsPlugin and repairPlugin fix after every change, fixed in the
 * plan as it opens (they act on transactions, and opening is none). Read-only
 * roles' guard drops the fix, as it drops any change of theirs.
 */
function fixOnOpen(view: EditorView): void {
  const fixes = findIdFixes(view.state.doc)
  // A change of ids is followed by the repair plugin's own look (appendTransaction).
  const tr = fixes.length > 0 ? applyIdFixes(view.state.tr, fixes).setMeta('addToHistory', false) : repairTransaction(view.state)
  if (tr) view.dispatch(tr)
}
