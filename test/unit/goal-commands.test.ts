// The keyboard goal row commands (client/src/editor/goal-commands.ts):
// "up", "down" and "below" mean on screen (the rows' `order`), and a move
// writes `order` only, never moving the row in the document.
import { describe, expect, it } from 'vitest'
import type { EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { addGoalBelow, goalAtCursor, moveGoalBy } from '../../client/src/editor/goal-commands'
import { orderedGoals } from '../../schema/editing'
import { planSchema } from '../../schema'
import { doc, focus_area, focus_title, goal_table, p, row, run, canRun, stateAt, withoutIds } from '../helpers/plan-builders'

const table = (state: EditorState): PMNode => {
  let found: PMNode | null = null
  state.doc.descendants((n) => {
    if (!found && n.type === planSchema.nodes.goal_table) found = n
    return !found
  })
  return found!
}
const shownIds = (state: EditorState): string[] => orderedGoals(table(state)).map((r) => String(r.node.attrs.id))
const docIds = (state: EditorState): string[] => {
  const ids: string[] = []
  table(state).forEach((g) => ids.push(String(g.attrs.id)))
  return ids
}
const orders = (state: EditorState): unknown[] => {
  const out: unknown[] = []
  table(state).forEach((g) => out.push(g.attrs.order))
  return out
}
const goalOfCursor = (state: EditorState): unknown => {
  const { $from } = state.selection
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === planSchema.nodes.goal) return $from.node(d).attrs.id
  return null
}

describe('goalAtCursor', () => {
  it('gives the table position and the display index of the row holding the cursor', () => {
    // Document order g1, g2; screen order g2, g1.
    const state = stateAt(doc(p('Intro'), goal_table({ id: 't' }, row('g1', 1, 'Et'), row('g2', 0, 'To<a>'))))
    expect(goalAtCursor(state)).toEqual({ tablePos: state.doc.firstChild!.nodeSize, index: 0 })
    expect(goalAtCursor(stateAt(doc(p('Intro'), goal_table({ id: 't' }, row('g1', 1, 'Et<a>'), row('g2', 0, 'To')))))!.index).toBe(1)
  })

  it('is null outside a goal row', () => {
    expect(goalAtCursor(stateAt(doc(p('Intro<a>'), goal_table({ id: 't' }, row('g1', 0, 'Et')))))).toBeNull()
    expect(goalAtCursor(stateAt(doc(focus_area({ id: 'f' }, focus_title('Område<a>'), goal_table({ id: 't' }, row('g1', 0, 'Et'))))))).toBeNull()
  })
})

describe('addGoalBelow', () => {
  it("adds an empty row shown right below the cursor's row, placed after it in the document, with the cursor in its title", () => {
    const { applied, state } = run(addGoalBelow, stateAt(doc(goal_table({ id: 't' }, row('g1', 0, 'Et<a>'), row('g2', 1, 'To')))))
    expect(applied).toBe(true)
    const ids = docIds(state)
    expect(ids).toHaveLength(3)
    const added = ids[1]!
    expect([ids[0], ids[2]]).toEqual(['g1', 'g2'])
    expect(orders(state)).toEqual([0, 0.5, 1])
    expect(shownIds(state)).toEqual(['g1', added, 'g2'])
    expect(goalOfCursor(state)).toBe(added)
    expect(state.selection.$from.node(state.selection.$from.depth - 1).attrs.column).toBe('title')
    expect(withoutIds(state.doc.firstChild!.child(1))).toEqual(withoutIds(row('x', 0.5, '')))
  })

  it('below the last row on screen, even when that row comes first in the document', () => {
    const { state } = run(addGoalBelow, stateAt(doc(goal_table({ id: 't' }, row('g1', 1, 'Et<a>'), row('g2', 0, 'To')))))
    expect(shownIds(state).slice(0, 2)).toEqual(['g2', 'g1'])
    expect(orders(state)).toEqual([1, 2, 0])
  })

  it('renumbers the rows when their keys leave no room between them', () => {
    const { state } = run(addGoalBelow, stateAt(doc(goal_table({ id: 't' }, row('g1', 1, 'Et<a>'), row('g2', 1 + Number.EPSILON, 'To')))))
    expect(orders(state)).toEqual([0, 0.5, 1])
    expect(shownIds(state)[0]).toBe('g1')
    expect(shownIds(state)[2]).toBe('g2')
  })

  it('refuses outside a goal row and dispatches nothing', () => {
    const state = stateAt(doc(p('Intro<a>'), goal_table({ id: 't' }, row('g1', 0, 'Et'))))
    const { applied, dispatched } = run(addGoalBelow, state)
    expect(applied).toBe(false)
    expect(dispatched).toBe(false)
    expect(canRun(addGoalBelow, stateAt(doc(goal_table({ id: 't' }, row('g1', 0, 'Et<a>')))))).toBe(true)
  })
})

describe('moveGoalBy', () => {
  const three = (cursorIn: 'g1' | 'g2' | 'g3') =>
    stateAt(
      doc(
        goal_table(
          { id: 't' },
          row('g1', 0, cursorIn === 'g1' ? 'Et<a>' : 'Et'),
          row('g2', 1, cursorIn === 'g2' ? 'To<a>' : 'To'),
          row('g3', 2, cursorIn === 'g3' ? 'Tre<a>' : 'Tre')
        )
      )
    )

  it('up: the row changes place with the one above on screen by writing its order; the document and the cursor stay', () => {
    const before = three('g2')
    const { applied, state } = run(moveGoalBy(-1), before)
    expect(applied).toBe(true)
    expect(orders(state)).toEqual([0, -1, 2])
    expect(shownIds(state)).toEqual(['g2', 'g1', 'g3'])
    expect(docIds(state)).toEqual(['g1', 'g2', 'g3'])
    expect(state.selection.from).toBe(before.selection.from)
    expect(goalOfCursor(state)).toBe('g2')
  })

  it('down: the row goes below the next one on screen', () => {
    const { state } = run(moveGoalBy(1), three('g1'))
    expect(orders(state)).toEqual([1.5, 1, 2])
    expect(shownIds(state)).toEqual(['g2', 'g1', 'g3'])
  })

  it('refuses to move the first row on screen up or the last one down, and outside a row', () => {
    for (const [command, state] of [
      [moveGoalBy(-1), three('g1')],
      [moveGoalBy(1), three('g3')],
      [moveGoalBy(1), stateAt(doc(p('x<a>'), goal_table({ id: 't' }, row('g1', 0, 'Et'), row('g2', 1, 'To'))))]
    ] as const) {
      const { applied, dispatched } = run(command, state)
      expect(applied).toBe(false)
      expect(dispatched).toBe(false)
    }
  })

  it('up and down follow the screen, not the document', () => {
    // Shown g2, g1: the cursor's row g1 is last on screen though first in the document.
    const state = stateAt(doc(goal_table({ id: 't' }, row('g1', 1, 'Et<a>'), row('g2', 0, 'To'))))
    expect(canRun(moveGoalBy(1), state)).toBe(false)
    const { state: after } = run(moveGoalBy(-1), state)
    expect(shownIds(after)).toEqual(['g1', 'g2'])
    expect(docIds(after)).toEqual(['g1', 'g2'])
  })
})
