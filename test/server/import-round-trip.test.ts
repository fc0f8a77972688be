import { describe, expect, it } from 'vitest'
import { demoPlan, extractPlan, type PlanExport } from '../../schema'
import { planToDocx } from '../../server/export/docx'
import { previewImport } from '../../server/import/import-plan'

// Issue #6: importing our own DOCX export gives back the same goals and
// targets. Compared through extractPlan, ignoring ids and source sentences
// (the export writes each target as its rendered sentence, which becomes the
// source on the way back in).

// Focus areas are compared through the goals they hold: in Word a plain
// heading and a focus area title look the same (both Heading 1), so the demo's
// opening heading comes back as an extra, empty focus area. Måltal captions
// are written as a bold line above the table and come back as that line.
const goalsAndTargets = (plan: PlanExport) => ({
  goals: plan.goals.map((g) => ({
    focusArea: plan.focusAreas.find((f) => f.id === g.focusAreaId)?.title ?? null,
    title: g.title,
    targets: g.targets.map(({ kind, indicator, targetGroup, unit, baseline, target, per, done }) => ({
      kind, indicator, targetGroup, unit, baseline: baseline && (baseline.value !== null || baseline.period !== null) ? baseline : null, target, per, done
    }))
  })),
  figures: plan.figures.map((f) => ({ targetGroup: f.targetGroup, values: f.values }))
})

describe('DOCX export → import', () => {
  it('the demo plan comes back with the same focus areas, goals, targets and måltal', async () => {
    const demo = demoPlan('demo')
    const exported = extractPlan(demo.doc, demo.meta)
    const bytes = await planToDocx(demo.doc, demo.meta, exported)
    const preview = await previewImport(new Uint8Array(bytes), 'beskaeftigelsesplan-2019.docx')
    expect(preview.title).toBe(demo.meta.title)
    const reimported = extractPlan(preview.doc, { ...demo.meta, id: 'reimported' })
    expect(reimported.problems).toEqual([])
    expect(goalsAndTargets(reimported)).toEqual(goalsAndTargets(exported))
    expect(reimported.goals.flatMap((g) => g.targets).length).toBeGreaterThan(5)
  })
})
