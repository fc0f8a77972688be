// Issue #14: versions and comparisons in words (Historik summary line, goal
// table rows, since-last-visit) and which version a return visit compares with.
import { describe, expect, it } from 'vitest'
import type { GoalChange, VersionInfo } from '../../schema/history'
import { STRINGS } from '../../client/src/i18n/strings'
import { changeLine, summaryText } from '../../client/src/history/change-text'
import { authorsSince, baselineVersion, byFocusArea } from '../../client/src/history/last-visit'

const da = STRINGS.da
const en = STRINGS.en
const sick = { id: 'f1', title: 'Flere sygemeldte hjælpes tilbage i arbejde' }

describe('summaryText', () => {
  it('writes the one-liner of the issue, and "Ingen ændringer" for none', () => {
    expect(summaryText({ goalsChanged: 3, goalsAdded: 1, goalsRemoved: 0, paragraphsEdited: 12 }, da)).toBe('3 mål ændret, 1 tilføjet, 12 afsnit redigeret')
    expect(summaryText({ goalsChanged: 0, goalsAdded: 2, goalsRemoved: 1, paragraphsEdited: 0 }, da)).toBe('2 mål tilføjet, 1 fjernet')
    expect(summaryText({ goalsChanged: 0, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 }, da)).toBe('Ingen ændringer')
    expect(summaryText({ goalsChanged: 1, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 1 }, en)).toBe('1 goal changed, 1 paragraph edited')
  })
})

describe('changeLine', () => {
  it('a changed target: numbers in Danish, the unit after the new value, periods as words', () => {
    const c: GoalChange = {
      kind: 'target-changed',
      goalId: 'g1',
      goalTitle: 'Færre årspersoner på sygedagpenge',
      focusArea: sick,
      itemId: 't1',
      label: 'Sygedagpenge',
      unit: 'fullTimePersons',
      fields: [
        { field: 'target.value', before: 600, after: 550 },
        { field: 'target.period', before: '2019', after: '2020' }
      ]
    }
    expect(changeLine(c, da, 'da')).toBe('Sygedagpenge: mål 600 → 550 årspersoner, periode 2019 → 2020')
    const big: GoalChange = {
      ...c,
      fields: [
        { field: 'baseline.value', before: 12345.5, after: null },
        { field: 'kind', before: 'level', after: 'change' }
      ]
    }
    expect(changeLine(big, da, 'da')).toBe('Sygedagpenge: udgangspunkt 12.345,5 → –, type Niveau → Ændring')
  })

  it('an added follow-up shows only the values it has', () => {
    const c: GoalChange = {
      kind: 'follow-up-added',
      goalId: 'g1',
      goalTitle: 'Færre årspersoner på sygedagpenge',
      focusArea: sick,
      itemId: 'fu9',
      label: '2020-03-31',
      fields: [
        { field: 'date', before: null, after: '2020-03-31' },
        { field: 'value', before: null, after: 431 },
        { field: 'status', before: null, after: 'atRisk' }
      ]
    }
    expect(changeLine(c, da, 'da')).toBe('2020-03-31: dato 2020-03-31, værdi 431, status I risiko')
  })
})

const v = (id: string, created: string, author = 'Anna'): VersionInfo => ({
  id,
  name: '',
  kind: 'auto',
  stage: 'draft',
  author,
  created,
  summary: { goalsChanged: 0, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 }
})

describe('the version a return visit compares with', () => {
  const versions = [v('c', '2026-03-03T10:00:00Z', 'Bo'), v('b', '2026-03-02T10:00:00Z', 'Anna'), v('a', '2026-03-01T10:00:00Z')]

  it('is the newest version seen last time, else the newest made before that visit, else none', () => {
    expect(baselineVersion(versions, { at: '2026-03-02T12:00:00Z', version: 'b' })?.id).toBe('b')
    // "b" was thinned away since: the newest before the visit.
    expect(
      baselineVersion(
        versions.filter((x) => x.id !== 'b'),
        { at: '2026-03-02T12:00:00Z', version: 'b' }
      )?.id
    ).toBe('a')
    expect(baselineVersion(versions, { at: '2026-02-01T00:00:00Z', version: null })).toBeNull()
  })

  it('names who made the versions after it, once each', () => {
    expect(authorsSince([v('d', '2026-03-04T10:00:00Z', 'Bo'), ...versions], versions[2]!)).toEqual(['Bo', 'Anna'])
  })

  it('groups changes by focus area in the order met', () => {
    const c = (area: { id: string; title: string } | null): GoalChange => ({ kind: 'goal-changed', goalId: 'g', goalTitle: 'x', focusArea: area, fields: [] })
    const other = { id: 'f2', title: 'Flere i fleksjob' }
    expect(byFocusArea([c(sick), c(other), c(sick), c(null)]).map((g) => [g.area, g.changes.length])).toEqual([
      [sick.title, 2],
      [other.title, 1],
      ['', 1]
    ])
  })
})
