import type { Command, EditorState } from 'prosemirror-state'
import { isNode } from '../../../schema'
import { insertGoal, moveGoal, orderedGoals } from '../../../schema/editing'

// Keyboard versions of the goal row buttons, so a goal table can be run
// without a mouse. Display order comes from the rows' `order` attribute,
// so "up" and "down" mean on screen, not in the document.

/** The goal row the cursor is in: its table's position and its display index. */
export function goalAtCursor(state: EditorState): { tablePos: number; index: number } | null {
  const { $from } = state.selection
  for (let d = $from.depth; d > 1; d--) {
    if (!isNode($from.node(d), 'goal') || !isNode($from.node(d - 1), 'goal_table')) continue
    const tablePos = $from.before(d - 1)
    const goalPos = $from.before(d)
    const index = orderedGoals($from.node(d - 1)).findIndex((r) => tablePos + 1 + r.offset === goalPos)
    return index < 0 ? null : { tablePos, index }
  }
  return null
}

/** Add an empty goal row below the one the cursor is in, and put the cursor in it. */
export const addGoalBelow: Command = (state, dispatch) => {
  const at = goalAtCursor(state)
  const tr = at && insertGoal(state, at.tablePos, at.index + 1)
  if (!tr) return false
  dispatch?.(tr.scrollIntoView())
  return true
}

/** Move the goal row the cursor is in one place up (delta -1) or down (+1) on screen. */
export const moveGoalBy =
  (delta: -1 | 1): Command =>
  (state, dispatch) => {
    const at = goalAtCursor(state)
    const tr = at && moveGoal(state, at.tablePos, at.index, at.index + delta)
    if (!tr) return false
    dispatch?.(tr.scrollIntoView())
    return true
  }
