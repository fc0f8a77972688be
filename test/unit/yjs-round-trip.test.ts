import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import {
  BODY_FRAGMENT,
  SCHEMA_VERSION,
  documentSchemaVersion,
  extractPlan,
  extractPlanFromYDoc,
  planSchema,
  readPlanMeta,
  seedPlanDoc,
  yBodyToPlanNode
} from '../../schema'
import { demoPlan } from '../../schema/build'

describe('plan → Y.Doc → plan', () => {
  it('is lossless, ids and numbers included, through an encoded update', () => {
    const plan = demoPlan()
    const source = new Y.Doc()
    seedPlanDoc(source, plan)
    // Travel as bytes, as it does to the server and back.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source))

    const { doc, problems } = yBodyToPlanNode(copy)
    expect(problems).toEqual([])
    expect(doc.toJSON()).toEqual(plan.doc.toJSON())
    expect(doc.eq(plan.doc)).toBe(true)
    expect(readPlanMeta(copy)).toEqual(plan.meta)
    expect(documentSchemaVersion(copy)).toBe(SCHEMA_VERSION)
    expect(extractPlanFromYDoc(copy)).toEqual(extractPlan(plan.doc, plan.meta))
  })

  it("matches what y-prosemirror's own binding builds from the same fragment", () => {
    const plan = demoPlan()
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, plan)
    const before = Y.encodeStateAsUpdate(ydoc)
    const bound = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FRAGMENT), planSchema)
    expect(bound.eq(plan.doc)).toBe(true)
    // Nothing in the plan was unknown to the binding, so it deleted nothing.
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before)
  })

  it('refuses to seed a document twice', () => {
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, demoPlan())
    expect(() => seedPlanDoc(ydoc, demoPlan())).toThrow(/already has content/)
  })

  it('reads nodes and marks from a newer schema as text, reported, without touching the Y.Doc', () => {
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, demoPlan())
    const body = ydoc.getXmlFragment(BODY_FRAGMENT)
    const future = new Y.XmlElement('budget_table')
    const text = new Y.XmlText()
    text.insert(0, 'Budget 2020: 12.500 kr.')
    future.insert(0, [text])
    const para = new Y.XmlElement('paragraph')
    const marked = new Y.XmlText()
    marked.insert(0, 'Fremhævet tekst', { highlight: {} })
    para.insert(0, [marked])
    body.insert(body.length, [future, para])
    const before = Y.encodeStateVector(ydoc)

    const { doc, problems } = yBodyToPlanNode(ydoc, 'en')
    expect(problems.map((p) => p.message)).toEqual([
      'Unknown element “budget_table” read as a paragraph of its text',
      'Unknown formatting “highlight” removed; its text is kept'
    ])
    expect(doc.textContent).toContain('Budget 2020: 12.500 kr.')
    expect(doc.textContent).toContain('Fremhævet tekst')
    expect(Y.encodeStateVector(ydoc)).toEqual(before)
    expect(extractPlanFromYDoc(ydoc).problems).toHaveLength(2)
  })
})
