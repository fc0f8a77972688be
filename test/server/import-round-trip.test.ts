import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import fc from 'fast-check'
import type { Node as PMNode } from 'prosemirror-model'
import { demoPlan } from '../../schema/build'
import { extractPlan, type PlanExport } from '../../schema'
import { planToMarkdown } from '../../schema/export'
import { planToDocx } from '../../server/export/docx'
import { previewImport } from '../../server/import/import-plan'

// Issue #6: importing our own DOCX export gives back the same goals and
// targets. Compared through extractPlan, ignoring ids and source sentences
// (the export writes each target as its rendered sentence, which becomes the
// source on the way back in).

// Focus areas are Word's Heading 1 and text headings one level below, so the
// focus areas come back exactly (no extra one for the demo's opening
// heading). Måltal captions are written as a bold line above the table and
// come back as that line.
const goalsAndTargets = (plan: PlanExport) => ({
  goals: plan.goals.map((g) => ({
    focusArea: plan.focusAreas.find((f) => f.id === g.focusAreaId)?.title ?? null,
    title: g.title,
    targets: g.targets.map(({ kind, indicator, targetGroup, unit, baseline, target, per, done }) => ({
      kind,
      indicator,
      targetGroup,
      unit,
      baseline: baseline && (baseline.value !== null || baseline.period !== null) ? baseline : null,
      target,
      per,
      done
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
    expect(reimported.focusAreas.map((f) => f.title)).toEqual(exported.focusAreas.map((f) => f.title))
    expect(reimported.goals.flatMap((g) => g.targets).length).toBeGreaterThan(5)
  })

  // Issue #15: the export's frame (Title, facts line, "Vision" heading, bold caption line, headings one Word level down) came back as content.
  it('gives back the same document outline: no title line, facts line or "Vision" heading, the same heading levels, the caption a caption; municipality and period come back', async () => {
    const demo = demoPlan('demo')
    const outline = (doc: PMNode) => {
      const out: string[] = []
      doc.descendants((n) => {
        if (n.type.name === 'heading') out.push(`h${n.attrs.level}: ${n.textContent}`)
        else if (n.type.name === 'figures_table') out.push(`figures: ${n.attrs.caption}`)
        else if (['vision', 'focus_area', 'goal_table', 'paragraph'].includes(n.type.name) && n.isBlock) out.push(n.type.name)
        return !['goal_table', 'figures_table', 'vision'].includes(n.type.name)
      })
      return out
    }
    const preview = await previewImport(new Uint8Array(await planToDocx(demo.doc, demo.meta, extractPlan(demo.doc, demo.meta))), 'plan.docx')
    expect(outline(preview.doc)).toEqual(outline(demo.doc))
    expect(outline(preview.doc)).toContain('figures: Måltal for årspersoner')
    expect({ title: preview.title, municipality: preview.municipality, period: preview.period }).toEqual({
      title: demo.meta.title,
      municipality: demo.meta.municipality,
      period: demo.meta.period
    })
    // Exported again, the Word text is the same: the round trip is stable.
    const again = await planToDocx(preview.doc, { ...demo.meta, id: 'again' }, extractPlan(preview.doc, { ...demo.meta, id: 'again' }))
    const once = await planToDocx(demo.doc, demo.meta, extractPlan(demo.doc, demo.meta))
    const text = async (bytes: Uint8Array | Buffer) => (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value
    expect(await text(again)).toBe(await text(once))
  })

  // Issue #15: export → import → export is stable, ids included, over plans cut from the demo plan.
  it('export → import gives the same plan JSON, ids included, for plans made from the demo by leaving parts out', async () => {
    const demo = demoPlan('demo')
    const keep = (node: PMNode, mask: boolean[], at: { i: number }): PMNode | null => {
      if (node.type.name === 'goal') return mask[at.i++ % mask.length] ? node : null
      if (node.isTextblock || node.isLeaf || node.type.name === 'figures_table') return node
      const children: PMNode[] = []
      node.forEach((c) => {
        const k = keep(c, mask, at)
        if (k) children.push(k)
      })
      if (node.type.name === 'goal_table' && children.length === 0) return null
      return node.type.create(node.attrs, children, node.marks)
    }
    const meta = fc.record({
      title: fc.constantFrom('Beskæftigelsesplan 2027', 'Plan for Ærø', 'Mål & midler 2020–2021'),
      municipality: fc.constantFrom('', 'Lemvig Kommune', 'Aabenraa Kommune'),
      period: fc.constantFrom('', '2019', '2027', '2026-Q4')
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        meta,
        async (goalMask, topMask, m) => {
          const cut = keep(demo.doc, goalMask, { i: 0 })!
          // Leave out whole top-level blocks too (the vision, focus areas, the opening heading), always keeping one.
          const top: PMNode[] = []
          cut.forEach((c, _o, i) => {
            if (topMask[i % topMask.length] || i === cut.childCount - 1) top.push(c)
          })
          const doc = cut.type.create(null, top)
          const planMeta = { ...demo.meta, ...m }
          const before = extractPlan(doc, planMeta)
          const preview = await previewImport(new Uint8Array(await planToDocx(doc, planMeta, before)), 'plan.docx')
          const after = extractPlan(preview.doc, { ...planMeta, title: preview.title, municipality: preview.municipality, period: preview.period })
          expect(after).toEqual(before)
        }
      ),
      { numRuns: 12 }
    )
  })

  it('gives goals, targets and focus areas their ids back from the embedded plan, except what was changed in Word', async () => {
    const demo = demoPlan('demo')
    const exported = extractPlan(demo.doc, demo.meta)
    const files = unzipSync(new Uint8Array(await planToDocx(demo.doc, demo.meta, exported)))
    const xml = strFromU8(files['word/document.xml']!)
    const renamed = 'Færre årspersoner på sygedagpenge'
    expect(xml).toContain(`>${renamed}<`)
    // Someone renames one goal in Word before importing.
    files['word/document.xml'] = strToU8(xml.replace(`>${renamed}<`, '>Kortere sygeforløb<'))
    const preview = await previewImport(zipSync(files), 'plan.docx')
    const back = extractPlan(preview.doc, { ...demo.meta, id: 'back' })
    const ids = (p: PlanExport) => p.goals.map((g) => [g.title, g.id, g.targets.map((t) => t.id)])
    expect(ids(back)).toEqual(
      ids(exported).map(([title, id, targets]) =>
        title === renamed ? ['Kortere sygeforløb', expect.not.stringMatching(id as string), targets] : [title, id, targets]
      )
    )
    const focusIds = new Map(exported.focusAreas.map((f) => [f.title, f.id]))
    for (const f of back.focusAreas.filter((f) => focusIds.has(f.title))) expect(f.id).toBe(focusIds.get(f.title))
    expect(back.focusAreas.filter((f) => focusIds.has(f.title))).toHaveLength(exported.focusAreas.length)
    expect(preview.review.notes.join(' ')).toMatch(/eksporteret fra Fællesplan: 5 af 6 mål/)
    preview.doc.check()
  })

  it('gives follow-up entries back as entries linked to their targets; a line edited in Word stays text', async () => {
    const demo = demoPlan('demo')
    const exported = extractPlan(demo.doc, demo.meta)
    const entries = (p: PlanExport) =>
      p.goals.flatMap((g) => g.followUps.map(({ id, targetId, date, value, status, note }) => ({ goal: g.title, id, targetId, date, value, status, note })))
    expect(entries(exported).length).toBeGreaterThan(1)

    const whole = await previewImport(new Uint8Array(await planToDocx(demo.doc, demo.meta, exported)), 'plan.docx')
    const back = extractPlan(whole.doc, { ...demo.meta, id: 'back' })
    expect(entries(back)).toEqual(entries(exported))
    expect(back.problems).toEqual([])
    expect(whole.review.notes.join(' ')).toMatch(new RegExp(`${entries(exported).length} opfølgninger er læst ind igen`))

    // Someone corrects one entry's note in Word: that line no longer reads as exported, so it stays text.
    const files = unzipSync(new Uint8Array(await planToDocx(demo.doc, demo.meta, exported)))
    const xml = strFromU8(files['word/document.xml']!)
    const note = exported.goals.flatMap((g) => g.followUps).find((f) => f.note)!.note
    expect(xml).toContain(note)
    files['word/document.xml'] = strToU8(xml.replace(note, 'Rettet i Word'))
    const edited = await previewImport(zipSync(files), 'plan.docx')
    const afterEdit = extractPlan(edited.doc, { ...demo.meta, id: 'edited' })
    expect(entries(afterEdit)).toEqual(entries(exported).filter((f) => f.note !== note))
    expect(edited.doc.textContent).toContain('Rettet i Word')
  })

  it('a .docx that is not our export keeps the fresh ids the recogniser gave', async () => {
    const demo = demoPlan('demo')
    const exported = extractPlan(demo.doc, demo.meta)
    const files = unzipSync(new Uint8Array(await planToDocx(demo.doc, demo.meta, exported)))
    for (const name of Object.keys(files)) if (name.startsWith('customXml/')) delete files[name]
    const preview = await previewImport(zipSync(files), 'plan.docx')
    const back = extractPlan(preview.doc, { ...demo.meta, id: 'back' })
    const known = new Set(exported.goals.flatMap((g) => [g.id, ...g.targets.map((t) => t.id)]))
    expect(back.goals.flatMap((g) => [g.id, ...g.targets.map((t) => t.id)]).filter((id) => known.has(id))).toEqual([])
    expect(preview.review.notes.join(' ')).not.toMatch(/eksporteret fra Fællesplan/)
  })
})

describe('Markdown export → import', () => {
  it('the demo plan comes back with the same goals, targets and måltal', async () => {
    const demo = demoPlan('demo')
    const exported = extractPlan(demo.doc, demo.meta)
    const preview = await previewImport(new TextEncoder().encode(planToMarkdown(demo.doc, demo.meta)), 'beskaeftigelsesplan-2019.md')
    const reimported = extractPlan(preview.doc, { ...demo.meta, id: 'reimported' })
    expect(reimported.problems).toEqual([])
    expect(goalsAndTargets(reimported)).toEqual(goalsAndTargets(exported))
  })
})
