import type { Command, EditorState } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { setBlockType, toggleMark } from 'prosemirror-commands'
import { wrapInList } from 'prosemirror-schema-list'
import { buildFiguresTable, buildFocusArea, buildFollowUp, buildGoalTable, buildTarget, buildVision } from '../../../schema/build'
import { planSchema } from '../../../schema'

// Commands behind the toolbar buttons and keyboard shortcuts. Structured
// nodes are built with schema/ builders so they always have their parts.

const s = planSchema

/** Insert a block after the top-level block the cursor is in (or inside the focus area the cursor is in). */
function insertBlock(make: () => PMNode, select = true): Command {
  return (state, dispatch) => {
    const { $from } = state.selection
    // Inside a focus area: insert after the focus area's child containing the cursor.
    let depth = 1
    for (let d = $from.depth; d > 0; d--)
      if ($from.node(d).type === s.nodes.focus_area) {
        depth = d + 1
        break
      }
    if (depth > $from.depth) depth = Math.min(1, $from.depth)
    const node = make()
    const parent = depth > 1 ? $from.node(depth - 1) : state.doc
    if (!parent.type.contentMatch.matchType(node.type) && depth > 1) depth = 1
    const pos = depth === 0 || $from.depth === 0 ? state.doc.content.size : $from.after(Math.max(depth, 1))
    if (dispatch) {
      const tr = state.tr.insert(pos, node)
      if (select) {
        const sel = TextSelection.findFrom(tr.doc.resolve(pos + 1), 1, true)
        if (sel) tr.setSelection(sel)
      }
      dispatch(tr.scrollIntoView())
    }
    return true
  }
}

/** Insert a node inside the nearest goal cell of the given column (or at the cursor's cell). */
function insertInCell(make: (state: EditorState) => PMNode | null, column: string): Command {
  return (state, dispatch) => {
    const { $from } = state.selection
    for (let d = $from.depth; d > 0; d--) {
      const node = $from.node(d)
      if (node.type === s.nodes.goal) {
        let target = -1
        node.forEach((cell, offset) => {
          if (target < 0 && cell.attrs.column === column) target = $from.start(d) + offset + cell.nodeSize - 1
        })
        const made = make(state)
        if (target < 0 || !made) return false
        if (dispatch) dispatch(state.tr.insert(target, made).scrollIntoView())
        return true
      }
    }
    return false
  }
}

/** Ids of the targets in the goal the cursor is in (for a new follow-up entry). */
function targetsInCurrentGoal(state: EditorState): string[] {
  const { $from } = state.selection
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d)
    if (node.type === s.nodes.goal) {
      const ids: string[] = []
      node.descendants((n) => {
        if (n.type === s.nodes.target && typeof n.attrs.id === 'string') ids.push(n.attrs.id)
        return true
      })
      return ids
    }
  }
  return []
}

const today = () => new Date().toISOString().slice(0, 10)

// A focus title is the focus area's name, not a block to restyle: setBlockType
// alone turns it into a heading or paragraph (the schema allows those in a
// focus area), and repair then gives the area a new, empty title.
function outsideFocusTitles(command: Command): Command {
  return (state, dispatch, view) => {
    let inTitle = false
    state.doc.nodesBetween(state.selection.from, state.selection.to, (n) => {
      if (n.type === s.nodes.focus_title) inTitle = true
      return !inTitle
    })
    return !inTitle && command(state, dispatch, view)
  }
}

export const commands = {
  bold: toggleMark(s.marks.strong),
  italic: toggleMark(s.marks.em),
  heading: outsideFocusTitles(setBlockType(s.nodes.heading, { level: 2 })),
  heading3: outsideFocusTitles(setBlockType(s.nodes.heading, { level: 3 })),
  paragraph: outsideFocusTitles(setBlockType(s.nodes.paragraph)),
  bulletList: wrapInList(s.nodes.bullet_list),
  orderedList: wrapInList(s.nodes.ordered_list),
  insertVision: insertBlock(() => buildVision([''])),
  insertFocusArea: insertBlock(() => buildFocusArea({ title: '', goals: [{ title: '' }] })),
  insertGoalTable: insertBlock(() => buildGoalTable([{ title: '' }])),
  insertFigures: insertBlock(() => buildFiguresTable({ caption: '', columns: ['Måltal'], rows: [{ label: '', values: [null] }] }), false),
  insertTarget: insertInCell(
    () => buildTarget({ kind: 'level', indicator: '', targetGroup: '', unit: 'persons', target: { value: null, period: null, comparator: '<=' } }),
    'criteria'
  ),
  insertFollowUp: insertInCell(
    (state) => buildFollowUp({ targetId: targetsInCurrentGoal(state)[0] ?? '', date: today(), value: null, status: 'onTrack' }),
    'followUp'
  )
} satisfies Record<string, Command>
