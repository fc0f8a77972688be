// Issue #15: plan.json's problems are Danish sentences a plan's author can
// act on (English on request), never attribute names or internal codes.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DEMO_IDS, buildDoc, demoPlan, demoPlanDoc } from '../../schema/build'
import { extractPlan, extractPlanFromYDoc, planSchema, seedPlanDoc, type PlanMeta } from '../../schema'

const meta: PlanMeta = { id: 'p', title: 'Plan', municipality: '', period: '', status: 'draft' }
const s = planSchema

/** The demo plan with one attribute of one node changed, as an edit in the form would. */
function demoWith(id: string, attr: string, value: unknown) {
  const json = demoPlanDoc().toJSON()
  const visit = (n: { attrs?: Record<string, unknown>; content?: unknown[] }): void => {
    if (n.attrs?.id === id) n.attrs[attr] = value
    for (const c of n.content ?? []) visit(c as typeof n)
  }
  visit(json)
  return s.nodeFromJSON(json)
}

// Words that are ours, not the reader's: attribute names, node types, codes.
const CODES =
  /\b(targetValue|baselineValue|follow_up|focus_area|goal_table|figures_table|fullTimePersons|onTrack|kontanthjaelp|YYYY|null|undefined)\b|expected one of/
// In Danish text, the English names of the attributes are codes too.
const INTERNAL = new RegExp(`${CODES.source}|\\b(kind|unit|comparator|persons|target|goal)\\b`)

describe('problem messages', () => {
  it('a target without a value and a follow-up without a date are named in Danish, with the node to jump to', () => {
    const noValue = extractPlan(demoWith(DEMO_IDS.targetLongTerm, 'targetValue', null), demoPlan().meta)
    expect(noValue.problems).toEqual([
      { path: '/goals/2/targets/0/target/value', message: 'Målsætningen har ingen målværdi endnu', nodeId: DEMO_IDS.targetLongTerm }
    ])
    const noDate = extractPlan(demoWith(DEMO_IDS.followLongTerm, 'date', null), demoPlan().meta)
    expect(noDate.problems).toEqual([{ path: '/goals/2/followUps/0/date', message: 'Opfølgningen har ingen dato', nodeId: DEMO_IDS.followLongTerm }])
  })

  it('reads every bad value out in Danish words without internal codes, and in English on request', () => {
    const goal = s.node('goal', { id: 'g1' }, [
      s.node('goal_cell', { column: 'title' }, [s.node('paragraph')]),
      s.node('goal_cell', { column: 'criteria' }, [
        s.node('target', {
          id: 'x1',
          kind: 'wish',
          unit: 'bananas',
          comparator: '~',
          targetValue: 'seks hundrede',
          baselineValue: '681',
          targetPeriod: 'snart',
          per: 'fortnight'
        }),
        s.node('follow_up', { id: 'f1', targetId: 'gone', date: '30-06-2019', value: 'mange', status: 'fine' }),
        s.node('follow_up', { id: 'f2', targetId: '', date: null })
      ])
    ])
    const table = s.node('figures_table', { id: 'ft' }, [
      s.node('figures_head', null, [s.node('figures_label', { text: 'Måltal 2019' })]),
      s.node('figures_row', { label: 'kontanthjaelp' }, [s.node('figures_cell', { value: '1.000' }), s.node('figures_cell', { value: 2 })])
    ])
    const doc = buildDoc([s.node('goal_table', { id: 't1' }, [goal]), s.node('goal_table', { id: 't1' }, []), table])
    const da = extractPlan(doc, meta).problems
    expect(da.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'Ukendt type af målsætning: »wish«',
        'Ukendt enhed: »bananas«',
        'Ukendt sammenligning: »~«',
        'Ukendt periode for et løbende mål: »fortnight«',
        'Målværdien er ikke et tal: »seks hundrede«',
        'Udgangspunktet er ikke et tal: »681«',
        'Målets periode er ikke en periode (fx 2019, december 2019, 4. kvartal 2019 eller 1. halvår 2020): »snart«',
        'Opfølgningens dato er ikke en dato: »30-06-2019«',
        'Den målte værdi er ikke et tal: »mange«',
        'Ukendt status for opfølgningen: »fine«',
        'Opfølgningen har ingen dato',
        'Målet har ingen titel',
        'Målet mangler kolonnen »Handlinger«',
        'To måltabeller har samme id',
        'Tallet i kolonnen »Måltal 2019« er ikke et tal: »1.000«',
        'Måltal-tabel 1 mangler en overskrift til kolonne 2',
        'Opfølgningen peger på en målsætning, der ikke findes længere',
        'Opfølgningen siger ikke, hvilken målsætning den måler'
      ])
    )
    for (const p of da) expect(p.message, p.message).not.toMatch(INTERNAL)
    // Ids are for machines (each problem's nodeId); people see the node it points at, not the id.
    for (const p of da) expect(p.message, p.message).not.toMatch(/\((t1|gone)\)/)
    const en = extractPlan(doc, meta, [], 'en').problems
    expect(en.map((p) => [p.path, p.nodeId])).toEqual(da.map((p) => [p.path, p.nodeId]))
    expect(en.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'Unknown unit: “bananas”',
        'Target value is not a number: “seks hundrede”',
        'Follow-up has no date',
        'The goal has no “Actions” column'
      ])
    )
    for (const p of en) expect(p.message, p.message).not.toMatch(CODES)
  })

  it('plan.json (read from the Y.Doc) is Danish, including what the tolerant loader reports', () => {
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, { meta, doc: demoWith(DEMO_IDS.targetLongTerm, 'targetValue', null) })
    const body = ydoc.getXmlFragment('body')
    const stray = new Y.XmlElement('blink')
    stray.insert(0, [new Y.XmlText('Blinkende tekst')])
    body.insert(body.length, [stray])
    const messages = extractPlanFromYDoc(ydoc, 'p').problems.map((p) => p.message)
    expect(messages).toEqual(['Ukendt element »blink« er læst som et afsnit med dets tekst', 'Målsætningen har ingen målværdi endnu'])
    expect(extractPlanFromYDoc(ydoc, 'p', 'en').problems.map((p) => p.message)).toEqual([
      'Unknown element “blink” read as a paragraph of its text',
      'Target has no target value yet'
    ])
  })
})
