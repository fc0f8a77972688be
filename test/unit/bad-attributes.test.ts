import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, extractPlan, extractPlanFromYDoc, planSchema, seedPlanDoc, type PlanMeta } from '../../schema'
import { buildDoc, buildFocusArea, buildFiguresTable, buildFollowUp } from '../../schema/build'
import { planValidator } from '../helpers/plan-schema-validator'

const meta: PlanMeta = { id: 'bad-attrs', title: 'Test', municipality: '', period: '', status: 'draft' }
const s = planSchema

const goalWithTarget = (targetAttrs: Record<string, unknown>, goalId: string | null = 'g1') =>
  s.node('goal', { id: goalId }, [
    s.node('goal_cell', { column: 'title' }, [s.node('paragraph', null, [s.text('Mål')])]),
    s.node('goal_cell', { column: 'criteria' }, [s.node('target', targetAttrs)])
  ])

describe('bad attributes become problems, never exceptions', () => {
  const validate = planValidator()

  it('a string where a number belongs, an unknown unit, kind and comparator, a bad period', () => {
    const doc = buildDoc([
      s.node('goal_table', { id: 't1' }, [
        goalWithTarget({
          id: 'x1',
          kind: 'wish',
          unit: 'bananas',
          comparator: '~',
          targetValue: 'seks hundrede',
          baselineValue: '681',
          targetPeriod: 'snart',
          per: 'fortnight'
        })
      ])
    ])
    const plan = extractPlan(doc, meta, [], 'en')
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
    const t = plan.goals[0]!.targets[0]!
    expect(t).toMatchObject({ kind: null, unit: null, per: null, target: { value: null, period: 'snart', comparator: null }, baseline: null })
    const messages = plan.problems.map((p) => `${p.path}: ${p.message}`)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/targets\/0\/kind: Unknown target kind: “wish”/),
        expect.stringMatching(/targets\/0\/unit: Unknown unit: “bananas”/),
        expect.stringMatching(/target\/comparator: Unknown comparator/),
        expect.stringMatching(/target\/value: Target value is not a number: “seks hundrede”/),
        expect.stringMatching(/baseline\/value: Baseline value is not a number: “681”/),
        expect.stringMatching(/target\/period: Target period is not a period/),
        expect.stringMatching(/per: Unknown rate period: “fortnight”/)
      ])
    )
    expect(plan.problems.filter((p) => p.path.includes('/targets/')).every((p) => p.nodeId === 'x1')).toBe(true)
  })

  it('missing and duplicated ids', () => {
    const doc = buildDoc([
      s.node('goal_table', { id: 't1' }, [
        goalWithTarget({ id: null, targetValue: 5, targetPeriod: '2020' }, null),
        goalWithTarget({ id: 'dup', targetValue: 1, targetPeriod: '2020' }),
        goalWithTarget({ id: 'dup', targetValue: 2, targetPeriod: '2020' })
      ])
    ])
    const plan = extractPlan(doc, meta, [], 'en')
    expect(validate(plan)).toBe(true)
    expect(plan.goals[0]!.id).toBeNull()
    expect(plan.goals[0]!.targets[0]!.id).toBeNull()
    const messages = plan.problems.map((p) => p.message)
    expect(messages).toContain('A goal has no id')
    expect(messages).toContain('A target has no id')
    expect(messages).toContain('Two targets have the same id')
  })

  it('a follow-up pointing at a target that no longer exists, a bad date and status', () => {
    const doc = buildDoc([
      buildFocusArea({
        id: 'f1',
        title: 'Område',
        goals: [{ id: 'g1', title: 'Mål', followUps: [{ id: 'fu1', targetId: 'gone', date: '30-06-2019', value: 3, status: 'fine' as never }] }]
      })
    ])
    const plan = extractPlan(doc, meta, [], 'en')
    expect(validate(plan)).toBe(true)
    const messages = plan.problems.map((p) => p.message)
    expect(messages).toContain('Follow-up points at a target that no longer exists')
    expect(messages).toContain('Follow-up date is not a date: “30-06-2019”')
    expect(messages).toContain('Unknown follow-up status: “fine”')
  })

  it('a figures table with a text value and a missing column label', () => {
    const table = buildFiguresTable({ columns: ['Måltal 2019'], rows: [{ label: 'sygedagpenge', values: [1, 2] }] })
    // Put a string into a cell as an old or hostile client might.
    const json = table.toJSON()
    json.content[1].content[0].attrs.value = '1.000'
    json.content[1].content.push({ type: 'figures_cell', attrs: { value: 7 } })
    const plan = extractPlan(buildDoc([s.nodeFromJSON(json)]), meta, [], 'en')
    expect(validate(plan)).toBe(true)
    expect(plan.figures[0]!.values).toEqual({ 'Måltal 2019': null, 'Kolonne 2': 7 })
    expect(plan.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['The figure in column “Måltal 2019” is not a number: “1.000”', 'Figures table 1 has no label for column 2'])
    )
  })

  it('the same bad attributes arriving through Yjs still load and extract', () => {
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, {
      meta,
      doc: buildDoc([
        buildFocusArea({
          id: 'f1',
          title: 'Område',
          goals: [
            {
              id: 'g1',
              title: 'Mål',
              criteria: [{ id: 'tt', kind: 'level', indicator: 'x', targetGroup: '', unit: 'persons', target: { value: 1, period: '2020', comparator: '<=' } }]
            }
          ]
        })
      ])
    })
    // Find the target element and write garbage into it directly, as a raw Yjs peer could.
    const find = (el: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null => {
      for (const child of el.toArray()) {
        if (child instanceof Y.XmlElement) {
          if (child.nodeName === 'target') return child
          const hit = find(child)
          if (hit) return hit
        }
      }
      return null
    }
    const target = find(ydoc.getXmlFragment(BODY_FRAGMENT))!
    target.setAttribute('targetValue', { nested: true } as never)
    target.setAttribute('unit', 42 as never)
    const plan = extractPlanFromYDoc(ydoc)
    expect(validate(plan)).toBe(true)
    expect(plan.goals[0]!.targets[0]!.target.value).toBeNull()
    expect(plan.problems.length).toBeGreaterThanOrEqual(2)
  })

  it('a dangling follow-up outside any goal is reported, and the follow-up builder keeps numbers as numbers', () => {
    const fu = buildFollowUp({ targetId: 'nope', date: '2019-01-01', value: 12.5, status: 'onTrack' })
    expect(fu.attrs.value).toBe(12.5)
    const plan = extractPlan(buildDoc([fu]), meta)
    expect(plan.problems.map((p) => p.message)).toContain('Opfølgningen peger på en målsætning, der ikke findes længere')
  })
})
