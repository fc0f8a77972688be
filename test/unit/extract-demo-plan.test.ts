import { describe, expect, it } from 'vitest'
import { DEMO_IDS, demoPlan } from '../../schema/build'
import { extractPlan } from '../../schema'
import { planValidator } from '../helpers/plan-schema-validator'

const I = DEMO_IDS

describe('extractPlan on the demo plan', () => {
  const { doc, meta } = demoPlan()
  const plan = extractPlan(doc, meta)

  it('validates against plan.schema.json and reports no problems', () => {
    const validate = planValidator()
    expect(validate(plan), JSON.stringify(validate.errors)).toBe(true)
    expect(plan.problems).toEqual([])
  })

  it('reads the plan metadata and vision', () => {
    expect(plan.plan).toEqual({
      id: 'demo-beskaeftigelsesplan',
      title: 'Beskæftigelsesplan 2019',
      municipality: 'Eksempel Kommune',
      period: '2019',
      status: 'draft'
    })
    expect(plan.vision).toMatch(/^Der skal være plads til alle på arbejdsmarkedet\./)
  })

  it('reads every focus area with its goals in order', () => {
    expect(plan.focusAreas).toEqual([
      { id: I.focusSick, title: 'Flere sygemeldte hjælpes tilbage i arbejde', goalIds: [I.goalSick, I.goalClarify] },
      { id: I.focusLongTerm, title: 'Langtidsledighed og samarbejde med virksomhederne', goalIds: [I.goalLongTerm, I.goalCompanies] },
      { id: I.focusFlex, title: 'Ledighedsydelse, fleksjob og faglig kvalitet', goalIds: [I.goalFlex, I.goalMethod] }
    ])
    expect(plan.goals.map((g) => g.focusAreaId)).toEqual([I.focusSick, I.focusSick, I.focusLongTerm, I.focusLongTerm, I.focusFlex, I.focusFlex])
  })

  it('reads goal columns: title, actions, success criteria, follow-up method', () => {
    const g = plan.goals[0]!
    expect(g.title).toBe('Færre årspersoner på sygedagpenge')
    expect(g.actions).toEqual([
      'Fremrykke kontakten til arbejdsgiveren, så den sker før det lovpligtige tidspunkt',
      'Fortsætte den kommunale stressenhed',
      'Gøre opfølgningen mere intensiv i de første 8 uger'
    ])
    expect(g.successCriteria).toEqual(['Flere sygemeldte genoptager arbejdet helt eller delvist.'])
    expect(g.followUpMethod).toBe('Kvartalsvis status til beskæftigelsesudvalget på baggrund af Jobindsats.dk.')
  })

  it('reads every target with baseline, target, unit and comparator exactly', () => {
    const targets = Object.fromEntries(plan.goals.flatMap((g) => g.targets).map((t) => [t.id, t]))
    expect(Object.keys(targets)).toHaveLength(10)
    const pick = (id: string) => {
      const t = targets[id]!
      return { kind: t.kind, unit: t.unit, group: t.targetGroup, baseline: t.baseline, target: t.target, per: t.per, done: t.done, minister: t.ministerGoal }
    }
    expect(pick(I.targetSickLevel)).toEqual({
      kind: 'level',
      unit: 'fullTimePersons',
      group: 'sygedagpenge',
      baseline: { value: 464, period: '2018' },
      target: { value: 438, period: '2019', comparator: '<=' },
      per: null,
      done: false,
      minister: 'MM2'
    })
    expect(pick(I.targetSickChange)).toEqual({
      kind: 'change',
      unit: 'fullTimePersons',
      group: 'sygedagpenge',
      baseline: { value: null, period: '2015-12' },
      target: { value: -63, period: '2017-12', comparator: '<=' },
      per: null,
      done: false,
      minister: null
    })
    expect(pick(I.targetClarify).target).toEqual({ value: -14, period: '2017-12', comparator: '<=' })
    expect(pick(I.targetLongTerm)).toEqual({
      kind: 'level',
      unit: 'persons',
      group: 'langtidsledige',
      baseline: { value: 681, period: '2013-12' },
      target: { value: 600, period: '2015-12', comparator: '<=' },
      per: null,
      done: false,
      minister: 'MM3'
    })
    expect(pick(I.targetInOffers)).toEqual({
      kind: 'rate',
      unit: 'persons',
      group: 'alle',
      baseline: null,
      target: { value: 400, period: null, comparator: '>=' },
      per: null,
      done: false,
      minister: null
    })
    expect(pick(I.targetJobOpenings)).toEqual({
      kind: 'rate',
      unit: 'count',
      group: 'virksomheder',
      baseline: null,
      target: { value: 15, period: null, comparator: '>=' },
      per: 'month',
      done: false,
      minister: null
    })
    expect(pick(I.targetFlexFewer)).toEqual({
      kind: 'change',
      unit: 'percent',
      group: 'ledighedsydelse',
      baseline: { value: null, period: '2014-12' },
      target: { value: -15, period: '2015-12', comparator: '<=' },
      per: null,
      done: false,
      minister: null
    })
    expect(pick(I.targetFlexLong)).toEqual({
      kind: 'share',
      unit: 'percent',
      group: 'ledighedsydelse',
      baseline: null,
      target: { value: 20, period: '2015-12', comparator: '<=' },
      per: null,
      done: false,
      minister: null
    })
    expect(pick(I.targetActive).target).toEqual({ value: 90, period: '2015', comparator: '>=' })
    expect(pick(I.targetMethod)).toEqual({
      kind: 'milestone',
      unit: 'count',
      group: 'alle',
      baseline: null,
      target: { value: null, period: '2019-12', comparator: '=' },
      per: null,
      done: false,
      minister: null
    })
    expect(targets[I.targetLongTerm]!.source).toBe('Langtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015.')
    expect(targets[I.targetLongTerm]!.sentence).toBe(
      'Langtidsledigheden skal gå fra 681 personer i december 2013 til højst 600 personer i december 2015 (målgruppe: Langtidsledige)'
    )
  })

  it('attaches every follow-up to the goal that owns its target', () => {
    const byGoal = Object.fromEntries(plan.goals.map((g) => [g.id, g.followUps]))
    expect(byGoal[I.goalSick]).toEqual([
      {
        id: I.followSick1,
        targetId: I.targetSickLevel,
        date: '2019-03-31',
        value: 458,
        status: 'atRisk',
        note: 'Faldet er mindre end forventet i 1. kvartal.'
      },
      { id: I.followSick2, targetId: I.targetSickLevel, date: '2019-06-30', value: 447, status: 'onTrack', note: 'Stressenheden har kortet forløbene.' }
    ])
    expect(byGoal[I.goalLongTerm]).toEqual([{ id: I.followLongTerm, targetId: I.targetLongTerm, date: '2015-06-30', value: 642, status: 'onTrack', note: '' }])
    expect(byGoal[I.goalFlex]![0]!.value).toBe(23.5)
    expect(byGoal[I.goalFlex]![0]!.status).toBe('offTrack')
  })

  it('reads the måltal figures table as numbers', () => {
    expect(plan.figures.map((f) => [f.targetGroup, f.values])).toEqual([
      ['sygedagpenge', { 'Måltal 2018': 464, 'Estimeret resultat 2018': 452, 'Måltal 2019': 438 }],
      ['jobafklaring', { 'Måltal 2018': 120, 'Estimeret resultat 2018': 117, 'Måltal 2019': 106 }],
      ['ledighedsydelse', { 'Måltal 2018': 310, 'Estimeret resultat 2018': 299, 'Måltal 2019': 255 }],
      ['kontanthjaelp', { 'Måltal 2018': 1250, 'Estimeret resultat 2018': 1248.5, 'Måltal 2019': 1190 }]
    ])
    expect(plan.figures.every((f) => f.tableId === I.figures && f.caption === 'Måltal for årspersoner')).toBe(true)
  })
})
