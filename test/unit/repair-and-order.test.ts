import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { buildDoc, buildGoal, buildGoalTable } from '../../schema/build'
import { deleteGoal, findRepairs, insertGoal, moveGoal, orderedGoals, repairTransaction } from '../../schema/editing'
import { planSchema } from '../../schema'

const s = planSchema
const titles = (table: import('prosemirror-model').Node) => orderedGoals(table).map((r) => r.node.child(0).textContent)

describe('repair', () => {
  it('gives empty cells, visions, list items and documents something to type in', () => {
    const doc = s.node('doc', null, [
      s.node('vision'),
      s.node('goal_table', { id: 't' }, [
        s.node('goal', { id: 'g' }, [
          s.node('goal_cell', { column: 'title' }),
          s.node('goal_cell', { column: 'actions' }, [s.node('bullet_list', null, [s.node('list_item')])])
        ])
      ])
    ])
    const state = EditorState.create({ doc })
    const tr = repairTransaction(state)!
    const fixed = tr.doc
    fixed.check()
    const goal = fixed.child(1).child(0)
    expect(goal.childCount).toBe(4)
    expect(goal.child(0).child(0).type.name).toBe('paragraph')
    expect(fixed.child(0).child(0).type.name).toBe('paragraph')
    expect(findRepairs(fixed)).toEqual([])
    expect(findRepairs(s.node('doc'))).toHaveLength(1)
  })

  it('removes only empty duplicates that concurrent repairs created, never text', () => {
    const cell = (column: string, text = '') => s.node('goal_cell', { column }, [s.node('paragraph', null, text ? [s.text(text)] : [])])
    const goal = s.node('goal', { id: 'g' }, [
      cell('title', 'Mål'),
      cell('actions'),
      cell('criteria'),
      cell('followUp'),
      cell('followUp'),
      cell('criteria', 'Skrevet af en anden')
    ])
    const doc = buildDoc([s.node('goal_table', { id: 't' }, [goal])])
    const fixed = repairTransaction(EditorState.create({ doc }))!.doc
    const columns: string[] = []
    fixed
      .child(0)
      .child(0)
      .forEach((c) => columns.push(c.attrs.column))
    expect(columns).toEqual(['title', 'actions', 'criteria', 'followUp', 'criteria'])
    expect(fixed.textContent).toContain('Skrevet af en anden')
  })

  it('gives a focus area without a title one, and pads short figures rows', () => {
    const doc = s.node('doc', null, [
      s.node('focus_area', { id: 'f' }, [s.node('paragraph', null, [s.text('x')])]),
      s.node('figures_table', { id: 'ft' }, [
        s.node('figures_head', null, [s.node('figures_label', { text: 'A' }), s.node('figures_label', { text: 'B' })]),
        s.node('figures_row', { label: 'r' }, [s.node('figures_cell', { value: 1 })])
      ])
    ])
    const fixed = repairTransaction(EditorState.create({ doc }))!.doc
    expect(fixed.child(0).child(0).type.name).toBe('focus_title')
    expect(fixed.child(1).child(1).childCount).toBe(2)
    expect(fixed.child(1).child(1).child(0).attrs.value).toBe(1)
  })
})

describe('goal order', () => {
  const table = () => buildGoalTable([{ title: 'A' }, { title: 'B' }, { title: 'C' }])

  it('moves a row by writing its order attribute only', () => {
    const state = EditorState.create({ doc: buildDoc([table()]) })
    const tr = moveGoal(state, 0, 2, 0)!
    expect(titles(tr.doc.child(0))).toEqual(['C', 'A', 'B'])
    // The document order is untouched: nothing was deleted and re-inserted.
    const docOrder: string[] = []
    tr.doc.child(0).forEach((g) => docOrder.push(g.child(0).textContent))
    expect(docOrder).toEqual(['A', 'B', 'C'])
    expect(tr.steps.every((step) => step.constructor.name === 'AttrStep')).toBe(true)
  })

  it('keeps moving correctly after many moves squeeze the keys together', () => {
    let state = EditorState.create({ doc: buildDoc([table()]) })
    for (let i = 0; i < 80; i++) state = state.apply(moveGoal(state, 0, 2, 1)!)
    const shown = titles(state.doc.child(0))
    expect(shown.slice().sort()).toEqual(['A', 'B', 'C'])
    const keys = orderedGoals(state.doc.child(0)).map((r) => r.key)
    expect(new Set(keys).size).toBe(3)
  })

  it('inserts and deletes at a display index', () => {
    let state = EditorState.create({ doc: buildDoc([table()]) })
    state = state.apply(insertGoal(state, 0, 1, buildGoal({ title: 'Ny' }))!)
    expect(titles(state.doc.child(0))).toEqual(['A', 'Ny', 'B', 'C'])
    state = state.apply(deleteGoal(state, 0, 0)!)
    expect(titles(state.doc.child(0))).toEqual(['Ny', 'B', 'C'])
  })
})
