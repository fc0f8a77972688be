import { describe, expect, it } from 'vitest'
import type { Node as PMNode } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import { DEMO_IDS, demoPlan } from '../../schema/build'
import {
  alignSequences,
  compareText,
  comparePlans,
  diffWords,
  summarizeChanges,
  summaryLine,
  versionsToKeep,
  type PmJson,
  type VersionInfo
} from '../../schema/history'
import { extractPlan, type PlanMeta } from '../../schema'

// Issue #14: the goal-aware and the text comparison of two versions, and the
// thinning of automatic versions, on the demo plan with edits.

const posOf = (doc: PMNode, test: (n: PMNode) => boolean): number => {
  let found = -1
  doc.descendants((n, p) => {
    if (found < 0 && test(n)) found = p
    return found < 0
  })
  if (found < 0) throw new RangeError('node not found')
  return found
}
const byId = (id: string) => (n: PMNode) => n.attrs.id === id
const textPos = (doc: PMNode, text: string): number => {
  let found = -1
  doc.descendants((n, p) => {
    if (found < 0 && n.isText && n.text!.includes(text)) found = p + n.text!.indexOf(text)
    return found < 0
  })
  if (found < 0) throw new RangeError(`"${text}" not found`)
  return found
}

function edited(edit: (tr: Transform) => void): { before: PMNode; after: PMNode; meta: PlanMeta } {
  const { doc, meta } = demoPlan()
  const tr = new Transform(doc)
  edit(tr)
  return { before: doc, after: tr.doc, meta }
}

describe('comparePlans', () => {
  it('reports a target field change before → after: "Sygedagpenge: mål 464 → 550, periode 2019 → 2020"', () => {
    const { before, after, meta } = edited((tr) => {
      const at = posOf(tr.doc, byId(DEMO_IDS.targetSickLevel))
      tr.setNodeAttribute(at, 'targetValue', 550)
      tr.setNodeAttribute(at, 'targetPeriod', '2020')
    })
    const changes = comparePlans(extractPlan(before, meta), extractPlan(after, meta))
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'target-changed',
        goalId: DEMO_IDS.goalSick,
        itemId: DEMO_IDS.targetSickLevel,
        label: 'Antal årspersoner på sygedagpenge',
        unit: 'fullTimePersons',
        fields: [
          { field: 'target.value', before: 438, after: 550 },
          { field: 'target.period', before: '2019', after: '2020' }
        ]
      })
    ])
    // Attribute-only: the text comparison sees nothing, the goal comparison does.
    expect(compareText(before.toJSON() as PmJson, after.toJSON() as PmJson)).toEqual([])
    expect(summarizeChanges(changes, [])).toEqual({ goalsChanged: 1, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 })
  })

  it('reports a goal moved between focus areas, not removed and added, and its text as unchanged', () => {
    const { before, after, meta } = edited((tr) => {
      const from = posOf(tr.doc, byId(DEMO_IDS.goalClarify))
      const goal = tr.doc.nodeAt(from)!
      tr.delete(from, from + goal.nodeSize)
      const table = posOf(tr.doc, (n) => n.type.name === 'goal_table' && tr.doc.resolve(posOf(tr.doc, byId(DEMO_IDS.goalLongTerm))).parent === n)
      tr.insert(table + 1, goal)
    })
    const a = extractPlan(before, meta)
    const b = extractPlan(after, meta)
    const changes = comparePlans(a, b)
    expect(changes.map((c) => c.kind)).toEqual(['goal-moved'])
    expect(changes[0]).toMatchObject({
      goalId: DEMO_IDS.goalClarify,
      focusArea: { id: DEMO_IDS.focusLongTerm },
      fromFocusArea: { id: DEMO_IDS.focusSick },
      fields: [{ field: 'focusArea', before: 'Flere sygemeldte hjælpes tilbage i arbejde', after: 'Langtidsledighed og samarbejde med virksomhederne' }]
    })
    expect(compareText(before.toJSON() as PmJson, after.toJSON() as PmJson)).toEqual([])
  })

  it('reports goals added and removed, title changes, and follow-ups added, changed and removed', () => {
    const { before, after, meta } = edited((tr) => {
      const at = textPos(tr.doc, 'Færre langtidsledige')
      tr.replaceWith(at, at + 'Færre langtidsledige'.length, tr.doc.type.schema.text('Markant færre langtidsledige'))
      const fu = posOf(tr.doc, byId(DEMO_IDS.followSick2))
      tr.setNodeAttribute(fu, 'value', 440)
      const gone = posOf(tr.doc, byId(DEMO_IDS.followSick1))
      tr.delete(gone, gone + 1)
      const method = posOf(tr.doc, byId(DEMO_IDS.goalMethod))
      tr.delete(method, method + tr.doc.nodeAt(method)!.nodeSize)
    })
    const changes = comparePlans(extractPlan(before, meta), extractPlan(after, meta))
    const kinds = changes.map((c) => `${c.kind}:${c.itemId ?? c.goalId}`)
    expect(kinds).toContain(`goal-changed:${DEMO_IDS.goalLongTerm}`)
    expect(kinds).toContain(`follow-up-changed:${DEMO_IDS.followSick2}`)
    expect(kinds).toContain(`follow-up-removed:${DEMO_IDS.followSick1}`)
    expect(kinds).toContain(`goal-removed:${DEMO_IDS.goalMethod}`)
    expect(changes.find((c) => c.kind === 'goal-changed')!.fields).toEqual([
      { field: 'title', before: 'Færre langtidsledige', after: 'Markant færre langtidsledige' }
    ])
    expect(changes.find((c) => c.kind === 'follow-up-changed')!.fields).toEqual([{ field: 'value', before: 447, after: 440 }])
    const summary = summarizeChanges(changes, compareText(before.toJSON() as PmJson, after.toJSON() as PmJson))
    expect(summary).toMatchObject({ goalsChanged: 2, goalsRemoved: 1, goalsAdded: 0 })
    // The reverse comparison sees the goal and follow-up come back.
    const back = comparePlans(extractPlan(after, meta), extractPlan(before, meta)).map((c) => `${c.kind}:${c.itemId ?? c.goalId}`)
    expect(back).toContain(`goal-added:${DEMO_IDS.goalMethod}`)
    expect(back).toContain(`follow-up-added:${DEMO_IDS.followSick1}`)
  })
})

describe('compareText', () => {
  it('marks inserted and deleted words in an edited paragraph, and added and removed paragraphs', () => {
    const { before, after } = edited((tr) => {
      const at = textPos(tr.doc, 'tidligere kontakt')
      tr.replaceWith(at, at + 'tidligere'.length, tr.doc.type.schema.text('langt tidligere'))
      const p = textPos(tr.doc, 'Planen er udarbejdet')
      const $p = tr.doc.resolve(p)
      tr.delete($p.before(), $p.after())
      tr.insert(tr.doc.content.size, tr.doc.type.schema.node('paragraph', null, [tr.doc.type.schema.text('Et nyt afsnit.')]))
    })
    const text = compareText(before.toJSON() as PmJson, after.toJSON() as PmJson)
    expect(text.map((b) => b.kind)).toEqual(['removed', 'changed', 'added'])
    const changed = text[1]!
    expect(changed.focusAreaId).toBe(DEMO_IDS.focusSick)
    expect(changed.parts.filter((p) => p.op !== 'equal')).toEqual([{ op: 'insert', text: 'langt ' }])
    expect(text[0]).toMatchObject({ before: expect.stringContaining('Planen er udarbejdet'), after: null, focusAreaId: null })
    expect(summarizeChanges([], text).paragraphsEdited).toBe(3)
  })

  it('diffs words and keeps every word of both sides', () => {
    const parts = diffWords('mål 600 årspersoner i 2019', 'mål 550 årspersoner i 2020')
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join('')
    ).toBe('mål 600 årspersoner i 2019')
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join('')
    ).toBe('mål 550 årspersoner i 2020')
    expect(parts).toContainEqual({ op: 'delete', text: '600' })
    expect(parts).toContainEqual({ op: 'insert', text: '550' })
  })

  it('aligns sequences with a common start and end', () => {
    expect(alignSequences(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { a: 0, b: 0 },
      { a: 1, b: null },
      { a: null, b: 1 },
      { a: 2, b: 2 }
    ])
  })
})

describe('versionsToKeep', () => {
  const H = 3600_000
  const now = Date.parse('2025-03-20T12:00:00Z')
  const v = (id: string, kind: VersionInfo['kind'], agoMs: number) => ({ id, kind, created: new Date(now - agoMs).toISOString() })

  it('keeps every version of the last hour, one per hour for a week, one per day after, and every non-automatic one', () => {
    const versions = [
      v('recent1', 'auto', 10 * 60_000),
      v('recent2', 'auto', 50 * 60_000),
      // Same clock hour, 2 to 3 hours ago: only the newest stays.
      v('h-old', 'auto', 2 * H + 50 * 60_000),
      v('h-new', 'auto', 2 * H + 10 * 60_000),
      // Same UTC day, 10 days ago.
      v('d-old', 'auto', 10 * 24 * H + 3 * H),
      v('d-new', 'auto', 10 * 24 * H + 1 * H),
      v('named', 'named', 10 * 24 * H + 2 * H),
      v('status', 'status', 30 * 24 * H),
      v('before', 'before-restore', 20 * 24 * H),
      v('restored', 'restored', 20 * 24 * H)
    ]
    expect([...versionsToKeep(versions, now)].sort()).toEqual(['before', 'd-new', 'h-new', 'named', 'recent1', 'recent2', 'restored', 'status'])
  })
})

describe('summaryLine', () => {
  it('says it in one Danish line', () => {
    expect(summaryLine({ goalsChanged: 3, goalsAdded: 1, goalsRemoved: 0, paragraphsEdited: 12 })).toBe('3 mål ændret, 1 tilføjet, 12 afsnit redigeret')
    expect(summaryLine({ goalsChanged: 0, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 })).toBe('Ingen ændringer')
  })
})
