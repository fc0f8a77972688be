// The toolbar and keyboard commands (client/src/editor/commands.ts) on plain
// editor states: what each does to the document, and where it refuses.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AllSelection, EditorState, NodeSelection } from 'prosemirror-state'
import { commands } from '../../client/src/editor/commands'
import { buildFiguresTable, buildFocusArea, buildGoalTable, buildTarget, buildVision } from '../../schema/build'
import { planSchema } from '../../schema'
import {
  actionsCell,
  criteriaCell,
  doc,
  em,
  focus_area,
  focus_title,
  followUpCell,
  goal,
  goal_table,
  h2,
  h3,
  li,
  ol,
  p,
  row,
  run,
  canRun,
  stateAt,
  strong,
  target,
  titleCell,
  ul,
  vision,
  withoutIds
} from '../helpers/plan-builders'

const emptyTarget = () =>
  buildTarget({ kind: 'level', indicator: '', targetGroup: '', unit: 'persons', target: { value: null, period: null, comparator: '<=' } })

describe('marks: bold and italic', () => {
  it('bold wraps the selected text in strong, and a second run takes it off', () => {
    const { state, applied } = run(commands.bold, stateAt(doc(p('Flere <a>i job<b> nu'))))
    expect(applied).toBe(true)
    expect(state.doc.eq(doc(p('Flere ', strong('i job'), ' nu')))).toBe(true)
    expect(run(commands.bold, state).state.doc.eq(doc(p('Flere i job nu')))).toBe(true)
  })

  it('italic wraps the selected text in em', () => {
    const { state } = run(commands.italic, stateAt(doc(focus_area({ id: 'f' }, focus_title('Område'), p('<a>Indsats<b> her')))))
    expect(state.doc.eq(doc(focus_area({ id: 'f' }, focus_title('Område'), p(em('Indsats'), ' her'))))).toBe(true)
  })

  it('refuse in a focus title, which holds no marks', () => {
    const before = stateAt(doc(focus_area({ id: 'f' }, focus_title('<a>Område<b>'), p('x'))))
    for (const command of [commands.bold, commands.italic]) {
      const { applied, dispatched, state } = run(command, before)
      expect(applied).toBe(false)
      expect(dispatched).toBe(false)
      expect(state.doc.eq(before.doc)).toBe(true)
    }
  })
})

describe('block types: heading, heading3, paragraph', () => {
  it('heading and heading3 make the paragraph a heading of level 2 and 3; paragraph makes it a paragraph again', () => {
    const two = run(commands.heading, stateAt(doc(p('Vision<a>'), p('Tekst'))))
    expect(two.applied).toBe(true)
    expect(two.state.doc.eq(doc(h2('Vision'), p('Tekst')))).toBe(true)
    const three = run(commands.heading3, two.state)
    expect(three.state.doc.eq(doc(h3('Vision'), p('Tekst')))).toBe(true)
    const back = run(commands.paragraph, three.state)
    expect(back.applied).toBe(true)
    expect(back.state.doc.eq(doc(p('Vision'), p('Tekst')))).toBe(true)
  })

  it('paragraph refuses where the block already is one', () => {
    const state = stateAt(doc(p('Tekst<a>')))
    expect(canRun(commands.paragraph, state)).toBe(false)
    expect(run(commands.paragraph, state).dispatched).toBe(false)
  })

  // Regression: in a focus title these turned the title into a heading or
  // paragraph, and repair then gave the focus area a new, empty title.
  it("all three refuse in a focus title, which stays the focus area's title", () => {
    const before = stateAt(doc(focus_area({ id: 'f' }, focus_title('Område<a>'), p('x'))))
    for (const command of [commands.heading, commands.heading3, commands.paragraph]) {
      const { applied, dispatched, state } = run(command, before)
      expect(applied).toBe(false)
      expect(dispatched).toBe(false)
      expect(state.doc.eq(before.doc)).toBe(true)
    }
    // A selection from a paragraph into the title is refused too, rather than half applied.
    const across = stateAt(doc(p('<a>Før'), focus_area({ id: 'f' }, focus_title('Omr<b>åde'), p('x'))))
    expect(canRun(commands.heading, across)).toBe(false)
  })

  it('headings refuse inside a goal cell, which holds no headings', () => {
    const state = stateAt(doc(goal_table({ id: 't' }, row('g1', 0, 'Mål<a>'))))
    for (const command of [commands.heading, commands.heading3]) {
      const { applied, dispatched } = run(command, state)
      expect(applied).toBe(false)
      expect(dispatched).toBe(false)
    }
  })
})

describe('lists: bulletList and orderedList', () => {
  it('wrap the paragraph in a list of one item, also inside a goal cell', () => {
    const top = run(commands.bulletList, stateAt(doc(p('Første<a>'))))
    expect(top.applied).toBe(true)
    expect(top.state.doc.eq(doc(ul(li(p('Første')))))).toBe(true)

    const cell = run(
      commands.orderedList,
      stateAt(
        doc(goal_table({ id: 't' }, goal({ id: 'g1', order: 0 }, titleCell(p('Mål')), actionsCell(p('Kontakt<a>')), criteriaCell(p()), followUpCell(p()))))
      )
    )
    expect(
      cell.state.doc.eq(
        doc(goal_table({ id: 't' }, goal({ id: 'g1', order: 0 }, titleCell(p('Mål')), actionsCell(ol(li(p('Kontakt')))), criteriaCell(p()), followUpCell(p()))))
      )
    ).toBe(true)
  })

  it('refuse in a heading and in a focus title, which a list item cannot hold', () => {
    for (const d of [doc(h2('Overskrift<a>')), doc(focus_area({ id: 'f' }, focus_title('Område<a>'), p('x')))]) {
      for (const command of [commands.bulletList, commands.orderedList]) {
        const { applied, dispatched } = run(command, stateAt(d))
        expect(applied).toBe(false)
        expect(dispatched).toBe(false)
      }
    }
  })
})

describe('inserting blocks', () => {
  it('insertGoalTable at top level: a table of one empty row after the block, cursor in its title cell', () => {
    const { applied, state } = run(commands.insertGoalTable, stateAt(doc(p('Før<a>'), p('Efter'))))
    expect(applied).toBe(true)
    expect(withoutIds(state.doc)).toEqual(withoutIds(doc(p('Før'), buildGoalTable([{ title: '' }]), p('Efter'))))
    const $cursor = state.selection.$from
    expect($cursor.parent.type).toBe(planSchema.nodes.paragraph)
    expect($cursor.node($cursor.depth - 1).attrs.column).toBe('title')
  })

  it("insertGoalTable inside a focus area: after the focus area's block holding the cursor, still in the focus area", () => {
    const { state } = run(
      commands.insertGoalTable,
      stateAt(doc(focus_area({ id: 'f' }, focus_title('Område'), goal_table({ id: 't' }, row('g1', 0, 'Mål<a>')), p('Slut'))))
    )
    expect(withoutIds(state.doc)).toEqual(
      withoutIds(doc(focus_area({ id: 'f' }, focus_title('Område'), goal_table({ id: 't' }, row('g1', 0, 'Mål')), buildGoalTable([{ title: '' }]), p('Slut'))))
    )
  })

  it('insertFocusArea and insertVision from inside a focus area go after it, at top level (a focus area holds neither)', () => {
    const start = doc(focus_area({ id: 'f' }, focus_title('Område<a>'), p('Tekst')), p('Bagefter'))
    const area = run(commands.insertFocusArea, stateAt(start))
    expect(withoutIds(area.state.doc)).toEqual(
      withoutIds(doc(focus_area({ id: 'f' }, focus_title('Område'), p('Tekst')), buildFocusArea({ title: '', goals: [{ title: '' }] }), p('Bagefter')))
    )
    // The cursor lands in the new focus area's title.
    expect(area.state.selection.$from.parent.type).toBe(planSchema.nodes.focus_title)

    const vis = run(commands.insertVision, stateAt(start))
    expect(withoutIds(vis.state.doc)).toEqual(withoutIds(doc(focus_area({ id: 'f' }, focus_title('Område'), p('Tekst')), vision(p()), p('Bagefter'))))
    expect(vis.state.selection.$from.node(1).type).toBe(planSchema.nodes.vision)
  })

  it('insertFigures adds an empty måltal table and leaves the cursor where it was', () => {
    const before = stateAt(doc(focus_area({ id: 'f' }, focus_title('Område'), p('Tekst<a>'))))
    const { state } = run(commands.insertFigures, before)
    expect(withoutIds(state.doc)).toEqual(
      withoutIds(
        doc(
          focus_area(
            { id: 'f' },
            focus_title('Område'),
            p('Tekst'),
            buildFiguresTable({ caption: '', columns: ['Måltal'], rows: [{ label: '', values: [null] }] })
          )
        )
      )
    )
    expect(state.selection.from).toBe(before.selection.from)
  })

  it('with the whole document selected, a block goes at the end', () => {
    const d = doc(p('En'), p('To'))
    const { state } = run(commands.insertVision, EditorState.create({ schema: planSchema, doc: d, selection: new AllSelection(d) }))
    expect(withoutIds(state.doc)).toEqual(withoutIds(doc(p('En'), p('To'), buildVision(['']))))
  })

  it('asked without dispatch, the insert commands say they apply and change nothing', () => {
    const state = stateAt(doc(p('Tekst<a>')))
    for (const command of [commands.insertVision, commands.insertFocusArea, commands.insertGoalTable, commands.insertFigures]) {
      expect(canRun(command, state)).toBe(true)
    }
    expect(state.doc.eq(doc(p('Tekst')))).toBe(true)
  })
})

describe('inserting into a goal row: insertTarget and insertFollowUp', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('insertTarget appends an empty target to the criteria cell of the row holding the cursor, from any of its cells', () => {
    const { applied, state } = run(
      commands.insertTarget,
      stateAt(
        doc(
          goal_table(
            { id: 't' },
            row('g1', 0, 'Første'),
            goal({ id: 'g2', order: 1 }, titleCell(p('Andet')), actionsCell(p('Handling<a>')), criteriaCell(p('Kriterie')), followUpCell(p()))
          )
        )
      )
    )
    expect(applied).toBe(true)
    expect(withoutIds(state.doc)).toEqual(
      withoutIds(
        doc(
          goal_table(
            { id: 't' },
            row('g1', 0, 'Første'),
            goal({ id: 'g2', order: 1 }, titleCell(p('Andet')), actionsCell(p('Handling')), criteriaCell(p('Kriterie'), emptyTarget()), followUpCell(p()))
          )
        )
      )
    )
  })

  it("insertFollowUp appends a follow-up dated today to the follow-up cell, pointing at the row's first target", () => {
    const { state } = run(
      commands.insertFollowUp,
      stateAt(doc(goal_table({ id: 't' }, row('g1', 0, 'Mål<a>', [target({ id: 'tg1', targetValue: 600 }), target({ id: 'tg2' })]))))
    )
    const added = state.doc.firstChild!.firstChild!.child(3).lastChild!
    expect(added.type).toBe(planSchema.nodes.follow_up)
    expect(added.attrs).toMatchObject({ targetId: 'tg1', date: '2026-03-02', value: null, status: 'onTrack', note: '' })
    expect(typeof added.attrs.id).toBe('string')
  })

  it('insertFollowUp in a row without targets points at no target', () => {
    const { state } = run(commands.insertFollowUp, stateAt(doc(goal_table({ id: 't' }, row('g1', 0, 'Mål<a>')))))
    expect(state.doc.firstChild!.firstChild!.child(3).lastChild!.attrs.targetId).toBe('')
  })

  it('refuse outside a goal row', () => {
    const state = stateAt(doc(p('Tekst<a>'), goal_table({ id: 't' }, row('g1', 0, 'Mål'))))
    for (const command of [commands.insertTarget, commands.insertFollowUp]) {
      const { applied, dispatched } = run(command, state)
      expect(applied).toBe(false)
      expect(dispatched).toBe(false)
    }
  })

  it('refuse in a row that lost the column (a merge the repair has not filled in yet)', () => {
    const state = stateAt(doc(goal_table({ id: 't' }, goal({ id: 'g1', order: 0 }, titleCell(p('Mål<a>')), actionsCell(p())))))
    expect(run(commands.insertTarget, state).applied).toBe(false)
    expect(run(commands.insertFollowUp, state).applied).toBe(false)
  })

  it('work with a target selected as a node', () => {
    const d = doc(goal_table({ id: 't' }, row('g1', 0, 'Mål', [target({ id: 'tg1' })])))
    let targetPos = -1
    d.descendants((n, pos) => {
      if (n.type === planSchema.nodes.target) targetPos = pos
      return true
    })
    const state = EditorState.create({ schema: planSchema, doc: d, selection: NodeSelection.create(d, targetPos) })
    const { state: after } = run(commands.insertTarget, state)
    expect(after.doc.firstChild!.firstChild!.child(2).childCount).toBe(2)
  })
})
