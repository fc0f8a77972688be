// Every attribute of the plan schema declares its kind, and what reads
// attributes from outside (pasted HTML) or checks them (extractPlan) goes by
// that declaration, not by the attribute's name.
import { describe, expect, it } from 'vitest'
import type { MarkType, Node as PMNode, NodeType, TagParseRule } from 'prosemirror-model'
import { FOLLOW_UP_ATTRS, TARGET_ATTRS } from '../../schema/plan-schema'
import { attrKind, extractPlan, isNode, planSchema, type AttrKind, type NodeName, type PlanMeta } from '../../schema'
import { buildDoc, buildFocusArea, demoPlanDoc } from '../../schema/build'

const meta: PlanMeta = { id: 'attrs', title: 'Test', municipality: '', period: '', status: 'draft' }
const KINDS: readonly AttrKind[] = ['string', 'number', 'boolean']
const types: Array<NodeType | MarkType> = [...Object.values(planSchema.nodes), ...Object.values(planSchema.marks)]

// The one thing ProseMirror's parse rules ask of a pasted element here is
// getAttribute; this gives it the attributes our own toDOM wrote, or any.
const element = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement
const parseRule = (type: NodeType): TagParseRule => type.spec.parseDOM![0] as TagParseRule
const pasted = (type: NodeType, attrs: Record<string, string>) => parseRule(type).getAttrs!(element(attrs)) as Record<string, unknown>
const toDOMAttrs = (node: PMNode): Record<string, string> => (node.type.spec.toDOM!(node) as [string, Record<string, string>])[1]

describe('declared attribute kinds', () => {
  it('every attribute of every node and mark type declares a kind, and its default is of that kind or null', () => {
    const undeclared: string[] = []
    for (const type of types) {
      for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
        const kind = attrKind(type, name)
        if (kind === null || !KINDS.includes(kind)) {
          undeclared.push(`${type.name}.${name}`)
          continue
        }
        const def: unknown = spec.default
        expect(def === null || typeof def === kind, `${type.name}.${name}: default ${JSON.stringify(def)} is not a ${kind}`).toBe(true)
      }
    }
    expect(undeclared).toEqual([])
    expect(attrKind(planSchema.nodes.target, 'targetValue')).toBe('number')
    expect(attrKind(planSchema.nodes.target, 'targetPeriod')).toBe('string')
    expect(attrKind(planSchema.nodes.target, 'done')).toBe('boolean')
    expect(attrKind(planSchema.nodes.goal, 'order')).toBe('number')
    expect(attrKind(planSchema.nodes.target, 'nonsense')).toBeNull()
  })

  it('a pasted target reads each numeric attribute as a number or null, never text, in the formats it always accepted', () => {
    const attrs = pasted(planSchema.nodes.target, {
      'data-node': 'target',
      'data-id': 't1',
      'data-targetvalue': '1.234',
      'data-baselinevalue': '15 %',
      'data-targetperiod': '2027',
      'data-done': 'true',
      'data-indicator': '42'
    })
    expect(attrs).toEqual({ id: 't1', targetValue: 1.234, baselineValue: null, targetPeriod: '2027', done: true, indicator: '42' })
    expect(pasted(planSchema.nodes.target, { 'data-targetvalue': '-3e2' }).targetValue).toBe(-300)
    expect(pasted(planSchema.nodes.target, { 'data-targetvalue': '' }).targetValue).toBeNull()
    expect(pasted(planSchema.nodes.follow_up, { 'data-value': '12.5', 'data-date': '2026-01-31' })).toEqual({ value: 12.5, date: '2026-01-31' })
    expect(pasted(planSchema.nodes.follow_up, { 'data-value': 'tolv' })).toEqual({ value: null })
    expect(pasted(planSchema.nodes.goal, { 'data-id': 'g1', 'data-order': '2.5' })).toEqual({ id: 'g1', order: 2.5 })
    expect(pasted(planSchema.nodes.figures_cell, { 'data-value': '1,5' })).toEqual({ value: null })
  })

  it("copy and paste keep every attribute of the demo plan's targets, follow-ups, rows and tables, types included", () => {
    const fromData: NodeName[] = ['focus_area', 'goal_table', 'goal', 'target', 'follow_up', 'figures_table', 'figures_row', 'figures_cell']
    const checked = new Set<string>()
    demoPlanDoc().descendants((node) => {
      if (!fromData.some((name) => isNode(node, name))) return true
      const back = node.type.create(pasted(node.type, toDOMAttrs(node)))
      expect(back.attrs, node.type.name).toEqual(node.attrs)
      checked.add(node.type.name)
      return true
    })
    expect([...checked].sort()).toEqual([...fromData].sort())
  })

  it('extractPlan reports text in every attribute declared a number, for targets and follow-ups', () => {
    const numeric = (spec: Record<string, { kind: AttrKind }>) => Object.keys(spec).filter((k) => spec[k]!.kind === 'number')
    expect(numeric(TARGET_ATTRS)).toEqual(['baselineValue', 'targetValue'])
    expect(numeric(FOLLOW_UP_ATTRS)).toEqual(['value'])
    const plan = buildDoc([
      buildFocusArea({
        id: 'f',
        title: 'Område',
        goals: [
          {
            id: 'g',
            title: 'Mål',
            criteria: [
              {
                id: 't',
                kind: 'level',
                indicator: 'x',
                targetGroup: '',
                unit: 'persons',
                baseline: { value: 2, period: '2025' },
                target: { value: 1, period: '2027', comparator: '<=' }
              }
            ],
            followUps: [{ id: 'fu', targetId: 't', date: '2026-01-31', value: 1, status: 'onTrack' }]
          }
        ]
      })
    ])
    expect(extractPlan(plan, meta).problems).toEqual([])
    const cases: Array<[string, string[]]> = [
      ['t', numeric(TARGET_ATTRS)],
      ['fu', numeric(FOLLOW_UP_ATTRS)]
    ]
    for (const [id, names] of cases) {
      for (const name of names) {
        const bad = planSchema.nodeFromJSON(
          JSON.parse(JSON.stringify(plan.toJSON()), (_key, value: unknown) =>
            value && typeof value === 'object' && (value as { id?: unknown }).id === id ? { ...value, [name]: 'tolv' } : value
          )
        )
        const problems = extractPlan(bad, meta, [], 'en').problems.filter((p) => p.message.includes('is not a number'))
        expect(problems, name).toHaveLength(1)
        expect(problems[0]!.nodeId).toBe(id)
      }
    }
  })
})
