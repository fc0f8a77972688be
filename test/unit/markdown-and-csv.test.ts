import { describe, expect, it } from 'vitest'
import { DEMO_IDS, GOALS_CSV_COLUMNS, buildDoc, buildGoalTable, csvNumber, demoPlan, extractPlan, goalsToCsv, parseCsv, planToMarkdown } from '../../schema'

describe('Markdown export', () => {
  const { doc, meta } = demoPlan()
  const md = planToMarkdown(doc, meta)

  it('starts with the title and keeps the vision, focus areas and goal tables', () => {
    expect(md.startsWith('# Beskæftigelsesplan 2019\n\n*Eksempel Kommune · 2019*')).toBe(true)
    expect(md).toContain('> **Vision**')
    expect(md).toContain('## Flere sygemeldte hjælpes tilbage i arbejde')
    expect(md).toContain('| Mål | Handlinger | Succeskriterier | Opfølgning |')
    expect(md).toContain('Langtidsledigheden skal gå fra 681 personer i december 2013 til højst 600 personer i december 2015')
  })

  it('keeps the figures table with Danish numbers', () => {
    expect(md).toContain('| Målgruppe | Måltal 2018 | Estimeret resultat 2018 | Måltal 2019 |')
    expect(md).toContain('| kontanthjaelp | 1250 | 1248,5 | 1190 |')
  })

  it('has one table row per goal, and every row has four cells', () => {
    const goalRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Mål ') && !l.startsWith('| Målgruppe') && !/^\| (sygedagpenge|jobafklaring|ledighedsydelse|kontanthjaelp) /.test(l))
    expect(goalRows).toHaveLength(6)
    for (const row of goalRows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4)
  })

  it('escapes pipes and Markdown characters typed into cells', () => {
    const out = planToMarkdown(buildDoc([buildGoalTable([{ title: 'A | B *vigtigt*' }])]), meta)
    expect(out).toContain('A \\| B \\*vigtigt\\*')
  })
})

describe('goals.csv', () => {
  const plan = extractPlan(demoPlan().doc, demoPlan().meta)
  const csv = goalsToCsv(plan)

  it('is UTF-8 with a BOM, semicolon separated, one row per target', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv)
    expect(rows[0]).toEqual([...GOALS_CSV_COLUMNS])
    expect(rows.slice(1)).toHaveLength(plan.goals.flatMap((g) => g.targets).length)
  })

  it('parses back to the same targets', () => {
    const [header, ...rows] = parseCsv(csv)
    const col = (name: string) => header!.indexOf(name)
    const back = rows.map((r) => ({
      id: r[col('Målsætning-id')],
      kind: r[col('Type')],
      unit: r[col('Enhed')],
      baseline: csvNumber(r[col('Udgangspunkt')]!),
      target: csvNumber(r[col('Målværdi')]!),
      period: r[col('Målperiode')],
      comparator: r[col('Sammenligning')]
    }))
    const expected = plan.goals.flatMap((g) => g.targets).map((t) => ({
      id: t.id, kind: t.kind, unit: t.unit, baseline: t.baseline?.value ?? null, target: t.target.value, period: t.target.period ?? '', comparator: t.target.comparator
    }))
    expect(back).toEqual(expected)
    const sick = rows.find((r) => r[col('Målsætning-id')] === DEMO_IDS.targetSickLevel)!
    expect(sick[col('Seneste værdi')]).toBe('447')
    expect(sick[col('Fokusområde')]).toBe('Flere sygemeldte hjælpes tilbage i arbejde')
  })
})
