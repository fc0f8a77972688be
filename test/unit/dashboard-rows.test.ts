// The goal dashboard's data (client/src/dashboard/rows.ts, format.ts): rows
// read from extractPlan of the demo plan, filters and their URL form, the
// chart's points and the readable baseline → target text.
import { describe, expect, it } from 'vitest'
import { DEMO_IDS, buildDoc, buildFocusArea, demoMeta, demoPlanDoc } from '../../schema/build'
import { extractPlan, type TargetExport } from '../../schema'
import { chartData, dashboardRows, filterRows, filtersFromQuery, filtersToQuery, openFromQuery, periodEnd, targetLevel } from '../../client/src/dashboard/rows'
import { baselineText, targetText, valueText } from '../../client/src/dashboard/format'

const plan = extractPlan(demoPlanDoc(), demoMeta())
const rows = dashboardRows(plan, 'demo')
const rowOf = (id: string) => rows.find((r) => r.target.id === id)!
const none = { plan: '', focus: '', group: '', status: '' }

describe('dashboard rows', () => {
  it('has one row per target with its focus area, goal and latest follow-up by date', () => {
    expect(rows).toHaveLength(10)
    const sick = rowOf(DEMO_IDS.targetSickLevel)
    expect(sick.focusArea).toBe('Flere sygemeldte hjælpes tilbage i arbejde')
    expect(sick.goalTitle).toBe('Færre årspersoner på sygedagpenge')
    expect(sick.measurements.map((f) => f.value)).toEqual([458, 447])
    expect(sick.latest?.date).toBe('2019-06-30')
    expect(sick.status).toBe('onTrack')
    expect(rowOf(DEMO_IDS.targetFlexLong).status).toBe('offTrack')
    expect(rowOf(DEMO_IDS.targetMethod).status).toBe('none')
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length)
  })

  it('takes the latest follow-up by date, not by position in the document', () => {
    const doc = buildDoc([
      buildFocusArea({
        title: 'Område',
        goals: [
          {
            title: 'Mål',
            criteria: [
              {
                id: 't1',
                kind: 'level',
                indicator: 'Ledige',
                targetGroup: 'alle',
                unit: 'persons',
                baseline: { value: 100, period: '2019' },
                target: { value: 80, period: '2020', comparator: '<=' }
              }
            ],
            followUps: [
              { targetId: 't1', date: '2020-06-30', value: 90, status: 'atRisk' },
              { targetId: 't1', date: '2020-03-31', value: 95, status: 'onTrack' },
              { targetId: 't1', date: '', value: 1, status: 'achieved' }
            ]
          }
        ]
      })
    ])
    const [row] = dashboardRows(extractPlan(doc, demoMeta('p')), 'p')
    expect(row!.latest?.value).toBe(90)
    expect(row!.status).toBe('atRisk')
    expect(row!.measurements.map((f) => f.date)).toEqual(['2020-03-31', '2020-06-30'])
    // The undated entry is not on the chart but is still listed.
    expect(row!.followUps).toHaveLength(3)
  })

  // Issue #15: a target with nothing measured, or nothing to aim at, is never "on track".
  it('says "Ingen måling" / "Mangler mål" instead of a status nobody measured', () => {
    const target = (id: string, value: number | null) => ({
      id,
      kind: 'level' as const,
      indicator: id,
      targetGroup: 'alle',
      unit: 'persons' as const,
      target: { value, period: '2020', comparator: '<=' as const }
    })
    const doc = buildDoc([
      buildFocusArea({
        title: 'Område',
        goals: [
          {
            title: 'Mål',
            criteria: [target('unfollowed', 80), target('no-value', null), target('unmeasured', 80), target('measured-then-not', 80)],
            followUps: [
              // An entry as "Opfølgning" inserts it: status "on track" before anyone has measured.
              { targetId: 'no-value', date: '2020-03-31', value: 90, status: 'onTrack' },
              { targetId: 'unmeasured', date: '2020-03-31', value: null, status: 'onTrack' },
              { targetId: 'measured-then-not', date: '2020-03-31', value: 95, status: 'atRisk' },
              { targetId: 'measured-then-not', date: '2020-06-30', value: null, status: 'onTrack' }
            ]
          }
        ]
      })
    ])
    const status = Object.fromEntries(dashboardRows(extractPlan(doc, demoMeta('p')), 'p').map((r) => [r.target.id, r.status]))
    expect(status).toEqual({ unfollowed: 'none', 'no-value': 'noTarget', unmeasured: 'none', 'measured-then-not': 'atRisk' })
    const [, noValue] = dashboardRows(extractPlan(doc, demoMeta('p')), 'p')
    expect(targetText(noValue!.target, 'da')).toBe('ingen målværdi (2020)')
    expect(filtersFromQuery('?status=noTarget').status).toBe('noTarget')
  })

  it('filters by plan, focus area, target group and status', () => {
    expect(filterRows(rows, none)).toHaveLength(10)
    expect(filterRows(rows, { ...none, status: 'offTrack' }).map((r) => r.target.id)).toEqual([DEMO_IDS.targetFlexLong])
    expect(filterRows(rows, { ...none, status: 'none' })).toHaveLength(7)
    expect(filterRows(rows, { ...none, focus: 'Flere sygemeldte hjælpes tilbage i arbejde' })).toHaveLength(3)
    expect(filterRows(rows, { ...none, focus: 'Flere sygemeldte hjælpes tilbage i arbejde', group: 'sygedagpenge' })).toHaveLength(2)
    expect(filterRows(rows, { ...none, plan: 'another' })).toHaveLength(0)
  })

  it('keeps the filters in the query string next to the token, and ignores an unknown status', () => {
    const query = filtersToQuery('?token=abc&focus=old', { ...none, focus: 'Fokus & mål', status: 'atRisk' })
    expect(new URLSearchParams(query).get('token')).toBe('abc')
    expect(filtersFromQuery(query)).toEqual({ ...none, focus: 'Fokus & mål', status: 'atRisk' })
    expect(filtersToQuery(query, none)).toBe('?token=abc')
    expect(filtersFromQuery('?status=excellent').status).toBe('')
    const withOpen = filtersToQuery('?token=abc&open=x', none, ['demo/t1', 'demo/t2'])
    expect(openFromQuery(withOpen)).toEqual(['demo/t1', 'demo/t2'])
    expect(openFromQuery(filtersToQuery(withOpen, none))).toEqual([])
  })
})

describe('chart data', () => {
  it('places periods at their last day', () => {
    expect(new Date(periodEnd('2018')!).toISOString().slice(0, 10)).toBe('2018-12-31')
    expect(new Date(periodEnd('2019-02')!).toISOString().slice(0, 10)).toBe('2019-02-28')
    expect(new Date(periodEnd('2015-Q2')!).toISOString().slice(0, 10)).toBe('2015-06-30')
    expect(new Date(periodEnd('2020-H1')!).toISOString().slice(0, 10)).toBe('2020-06-30')
    expect(new Date(periodEnd('2020-H2')!).toISOString().slice(0, 10)).toBe('2020-12-31')
    expect(new Date(periodEnd('2019-06-30')!).toISOString().slice(0, 10)).toBe('2019-06-30')
    expect(periodEnd('ultimo 2015')).toBeNull()
    expect(periodEnd(null)).toBeNull()
  })

  it('gives baseline, target and measurements as points', () => {
    const d = chartData(rowOf(DEMO_IDS.targetSickLevel))
    expect(d.baseline).toMatchObject({ y: 464, label: '2018' })
    expect(d.target).toMatchObject({ y: 438, label: '2019' })
    expect(d.measurements.map((p) => [p.label, p.y])).toEqual([
      ['2019-03-31', 458],
      ['2019-06-30', 447]
    ])
    // A running rate has no period: its level is drawn across the chart instead.
    expect(chartData(rowOf(DEMO_IDS.targetInOffers))).toMatchObject({ target: null, targetLevelOnly: 400 })
  })

  it('reads a change target as a level only when the baseline value is known', () => {
    const change = (baseline: number | null, value: number, unit: TargetExport['unit']): TargetExport => ({
      ...rowOf(DEMO_IDS.targetSickChange).target,
      unit,
      baseline: { value: baseline, period: '2015-12' },
      target: { value, period: '2017-12', comparator: '<=' }
    })
    expect(targetLevel(change(null, -63, 'fullTimePersons'))).toBeNull()
    expect(targetLevel(change(500, -63, 'fullTimePersons'))).toBe(437)
    expect(targetLevel(change(200, -15, 'percent'))).toBe(170)
    expect(targetLevel(rowOf(DEMO_IDS.targetMethod).target)).toBeNull()
  })
})

describe('readable text', () => {
  it('writes baseline and target in Danish numbers and words, and in English', () => {
    const sick = rowOf(DEMO_IDS.targetSickLevel).target
    expect(`${baselineText(sick, 'da')} → ${targetText(sick, 'da')}`).toBe('464 årspersoner (2018) → højst 438 årspersoner (2019)')
    expect(`${baselineText(sick, 'en')} → ${targetText(sick, 'en')}`).toBe('464 full-time persons (2018) → at most 438 full-time persons (2019)')
    expect(targetText(rowOf(DEMO_IDS.targetSickChange).target, 'da')).toBe('mindst 63 årspersoner færre (december 2017)')
    expect(targetText(rowOf(DEMO_IDS.targetJobOpenings).target, 'da')).toBe('mindst 15 pr. måned')
    expect(targetText(rowOf(DEMO_IDS.targetMethod).target, 'da')).toBe('ikke gennemført endnu, senest december 2019')
    expect(valueText(12500.5, 'persons', 'da')).toBe('12.500,5 personer')
    expect(valueText(23.5, 'percent', 'da')).toBe('23,5 %')
    expect(valueText(null, 'percent', 'da')).toBe('–')
  })
})
