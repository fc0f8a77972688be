import { describe, expect, it } from 'vitest'
import { DomUtils, parseDocument } from 'htmlparser2'
import { buildDoc, buildFocusArea, demoPlan } from '../../schema/build'
import { extractPlan, type PlanMeta } from '../../schema'
import { planPartXml, planToPrintHtml, readPlanPart } from '../../schema/export'

// The pure halves of the exports (schema/export): print HTML and the plan part embedded in .docx.

const meta: PlanMeta = { id: 'p', title: 'Plan', municipality: 'Eksempel Kommune', period: '2019', status: 'adopted' }

describe('print HTML', () => {
  it('keeps a hostile id inside its attribute', () => {
    const doc = buildDoc([buildFocusArea({ id: 'a" onmouseover="alert(1)', title: 'Fokus', goals: [{ id: '"><script>x()</script>', title: 'Mål' }] })])
    const dom = parseDocument(planToPrintHtml(doc, meta))
    expect(DomUtils.getElementsByTagName('script', dom)).toHaveLength(0)
    expect(DomUtils.findAll((e) => 'onmouseover' in e.attribs, dom.children)).toHaveLength(0)
    expect(DomUtils.findOne((e) => e.name === 'tr' && 'data-goal-id' in e.attribs, dom.children)!.attribs['data-goal-id']).toBe('"><script>x()</script>')
  })

  it('speaks English when asked: headers, statuses, sentences, page label', () => {
    const demo = demoPlan()
    const html = planToPrintHtml(demo.doc, demo.meta, { lang: 'en' })
    const dom = parseDocument(html)
    expect(DomUtils.findOne((e) => e.name === 'html', dom.children)!.attribs.lang).toBe('en')
    expect(
      DomUtils.findAll((e) => e.name === 'th', dom.children)
        .slice(0, 4)
        .map((e) => DomUtils.textContent(e))
    ).toEqual(['Goal', 'Actions', 'Success criteria', 'Follow-up'])
    expect(html).toContain('"Page " counter(page) " of " counter(pages)')
    expect(DomUtils.textContent(dom)).toContain('Follow-up 30 September 2015: 23.5 (off track)')
    expect(DomUtils.textContent(dom)).toContain('Status: Draft')
  })
})

describe('plan part embedded in .docx', () => {
  it('reads back what it wrote, lone surrogates and markup included', () => {
    const demo = demoPlan()
    const plan = extractPlan(demo.doc, { ...demo.meta, title: 'Titel </fp:plan> & \uD800 ende' })
    const xml = planPartXml(plan)
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/)
    expect(readPlanPart(xml)).toEqual(plan)
  })

  it('answers null for other parts and damaged ones', () => {
    expect(readPlanPart('<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>')).toBeNull()
    expect(readPlanPart('<fp:plan xmlns:fp="urn:faellesplan:plan-export:1">{"goals": [</fp:plan>')).toBeNull()
    expect(readPlanPart('<plan xmlns="urn:other">{"goals": []}</plan>')).toBeNull()
  })
})
