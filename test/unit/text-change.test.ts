// Following typing without reading the whole plan (issue #17, work per
// keystroke): textChange tells a change inside one textblock from anything
// else, and the problems list patched after such a change says what a fresh
// reading of the plan says.
import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { buildDoc, buildFocusArea, buildParagraph, demoMeta, demoPlanDoc } from '../../schema/build'
import { planSchema } from '../../schema'
import { textChange } from '../../schema/editing'
import { problemItems, problemsAfterTextChange } from '../../client/src/ui/problems-list'
import { STRINGS } from '../../client/src/i18n/strings'

const s = planSchema
const da = STRINGS.da

// The demo plan and a focus area holding a goal that lacks three columns: problems named by the goal (its title is their "where").
const lacking = s.node('goal', { id: 'goal-lacking' }, [s.node('goal_cell', { column: 'title' }, [buildParagraph('Færre på ydelse')])])
const doc = (() => {
  const blocks: PMNode[] = []
  demoPlanDoc().forEach((n) => void blocks.push(n))
  const area = buildFocusArea({ title: 'Ungeindsats', intro: ['Et afsnit om unge.'], goals: [{ title: 'Flere i uddannelse', actions: ['Mentor'] }] })
  const withLacking = area.copy(area.content.addToEnd(s.node('goal_table', { id: 'table-lacking' }, [lacking])))
  return buildDoc([...blocks, withLacking])
})()

/** The position just inside the end of the first textblock whose text is `text`. */
function endOf(d: PMNode, text: string): number {
  let at = -1
  d.descendants((node, pos) => {
    if (at >= 0) return false
    if (node.isTextblock && node.textContent === text) at = pos + 1 + node.content.size
    return at < 0
  })
  if (at < 0) throw new Error(`no textblock says "${text}"`)
  return at
}

describe('textChange', () => {
  const state = EditorState.create({ doc })

  it('finds the one textblock typed in, with its ancestors', () => {
    const tr = state.tr.insertText('!', endOf(doc, 'Færre på ydelse'))
    const change = textChange(doc, tr.doc)
    if (change === null || change === 'same') throw new Error(`expected a text change, got ${String(change)}`)
    expect(change.before.textContent).toBe('Færre på ydelse')
    expect(change.after.textContent).toBe('Færre på ydelse!')
    expect(change.ancestors.map((n) => n.type.name)).toEqual(['doc', 'focus_area', 'goal_table', 'goal', 'goal_cell'])
  })

  it('says same for an unchanged document, and null for structure, attributes or two blocks', () => {
    expect(textChange(doc, state.tr.setMeta('x', 1).doc)).toBe('same')
    expect(textChange(doc, state.tr.split(endOf(doc, 'Færre på ydelse')).doc)).toBeNull()
    let goalPos = -1
    doc.descendants((n, pos) => {
      if (n === lacking) goalPos = pos
      return goalPos < 0
    })
    expect(textChange(doc, state.tr.setNodeMarkup(goalPos, undefined, { ...lacking.attrs, id: 'renamed' }).doc)).toBeNull()
    const two = state.tr.insertText('a', endOf(doc, 'Færre på ydelse'))
    two.insertText('b', endOf(two.doc, 'Et afsnit om unge.'))
    expect(textChange(doc, two.doc)).toBeNull()
  })
})

describe('problemsAfterTextChange', () => {
  const meta = demoMeta()
  const before = problemItems(doc, meta, 'da', da)

  it('has goal problems to rename (the fixture is what the test needs)', () => {
    expect(before.filter((i) => i.nodeId === 'goal-lacking').length).toBeGreaterThan(0)
    expect(before.find((i) => i.nodeId === 'goal-lacking')!.where).toBe(da.problems.goal('Færre på ydelse'))
  })

  // Each edit: where, what is inserted (or deleted), and whether the list can be followed without a new reading.
  const edits: Array<{ name: string; edit: (st: EditorState) => EditorState['tr']; followed: boolean }> = [
    { name: 'typing in a goal title', edit: (st) => st.tr.insertText(' i job', endOf(st.doc, 'Færre på ydelse')), followed: true },
    { name: 'typing in a paragraph', edit: (st) => st.tr.insertText(' Flere.', endOf(st.doc, 'Et afsnit om unge.')), followed: true },
    { name: 'typing in a focus area title', edit: (st) => st.tr.insertText(' 2027', endOf(st.doc, 'Ungeindsats')), followed: true },
    {
      name: 'emptying a goal title',
      edit: (st) => {
        const end = endOf(st.doc, 'Færre på ydelse')
        return st.tr.delete(end - 'Færre på ydelse'.length, end)
      },
      followed: false
    }
  ]
  for (const { name, edit, followed } of edits) {
    it(`${name}: ${followed ? 'followed' : 'left to a new reading'}, never different from one`, () => {
      const state = EditorState.create({ doc })
      const next = edit(state).doc
      const change = textChange(doc, next)
      if (change === null || change === 'same') throw new Error(`expected a text change, got ${String(change)}`)
      const patched = problemsAfterTextChange(before, next, change, da)
      if (!followed) return expect(patched).toBeNull()
      expect(patched).toEqual(problemItems(next, meta, 'da', da))
    })
  }

  it('renames the goal in its problems as its title is typed', () => {
    const state = EditorState.create({ doc })
    const next = state.tr.insertText(' i job', endOf(doc, 'Færre på ydelse')).doc
    const change = textChange(doc, next) as Exclude<ReturnType<typeof textChange>, null | 'same'>
    const patched = problemsAfterTextChange(before, next, change, da)!
    expect(patched.find((i) => i.nodeId === 'goal-lacking')!.where).toBe(da.problems.goal('Færre på ydelse i job'))
    // Typing elsewhere leaves the very same list (nothing for Svelte to redraw).
    const elsewhere = state.tr.insertText('!', endOf(doc, 'Et afsnit om unge.')).doc
    expect(problemsAfterTextChange(before, elsewhere, textChange(doc, elsewhere) as Exclude<ReturnType<typeof textChange>, null | 'same'>, da)).toBe(before)
  })
})
