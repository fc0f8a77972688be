import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { Slice, Fragment } from 'prosemirror-model'
import { buildDoc, buildFocusArea, buildGoal } from '../../schema/build'
import { findIdFixes, uniqueIdsPlugin, withFreshIds } from '../../schema/editing'
import { derivedId, newId } from '../../schema/ids'
import { planSchema } from '../../schema'

const ids = (doc: import('prosemirror-model').Node) => {
  const out: string[] = []
  doc.descendants((n) => {
    if (n.type.name === 'goal') out.push(n.attrs.id)
    return true
  })
  return out
}

describe('stable ids', () => {
  it('newId makes v4 UUIDs; derivedId is the same on every call', () => {
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newId()).not.toBe(newId())
    expect(derivedId('abc#1')).toBe(derivedId('abc#1'))
    expect(derivedId('abc#1')).not.toBe(derivedId('abc#2'))
  })

  it('a duplicated goal keeps its id on the first occurrence; the copy gets a deterministic new one', () => {
    const goal = buildGoal({ id: 'g-1', title: 'Mål' })
    const doc = buildDoc([buildFocusArea({ id: 'f', title: 'F', after: [planSchema.node('goal_table', { id: 't' }, [goal, goal, goal])] })])
    const fixes = findIdFixes(doc)
    expect(fixes.map((f) => f.id)).toEqual([derivedId('g-1#1'), derivedId('g-1#2')])
    // Two peers repairing the same merged document write the same values.
    expect(findIdFixes(doc)).toEqual(fixes)
  })

  it('the plugin fixes a paste that duplicates a goal, as part of the same change', () => {
    const goal = buildGoal({ id: 'g-1', title: 'Mål' })
    const doc = buildDoc([planSchema.node('goal_table', { id: 't' }, [goal])])
    let state = EditorState.create({ doc, plugins: [uniqueIdsPlugin()] })
    const tableEnd = doc.child(0).nodeSize - 1
    const tr = state.tr.replace(tableEnd, tableEnd, new Slice(Fragment.from(goal), 0, 0))
    state = state.applyTransaction(tr).state
    expect(ids(state.doc)).toEqual(['g-1', derivedId('g-1#1')])
  })

  it('missing ids are filled', () => {
    const doc = buildDoc([planSchema.node('goal_table', { id: null }, [planSchema.node('goal', { id: null })])])
    expect(findIdFixes(doc)).toHaveLength(2)
  })

  it('withFreshIds gives pasted content new ids everywhere', () => {
    const area = buildFocusArea({
      id: 'f',
      title: 'F',
      goals: [
        {
          id: 'g',
          title: 'x',
          criteria: [{ id: 't', kind: 'level', indicator: '', targetGroup: '', unit: 'persons', target: { value: 1, period: '2020', comparator: '<=' } }]
        }
      ]
    })
    const fresh = withFreshIds(area)
    const before: string[] = []
    const after: string[] = []
    area.descendants((n) => {
      if (n.attrs.id) before.push(n.attrs.id)
      return true
    })
    fresh.descendants((n) => {
      if (n.attrs.id) after.push(n.attrs.id)
      return true
    })
    expect(after).toHaveLength(before.length)
    expect(after.some((id) => before.includes(id))).toBe(false)
    expect(fresh.attrs.id).not.toBe('f')
  })
})
