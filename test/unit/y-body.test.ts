import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, giveTextblocksTheirText, planSchema, yBodyToPlanNode } from '../../schema'
import { demoPlanDoc, emptyPlan, withoutFollowUps } from '../../schema/build'
import { recognisePlan, markdownToImportSource } from '../../schema/import'
import { readYBodyJson, writeYBody } from '../../schema/y-body'
import { lemvig } from '../fixtures/seeds/lemvig-contract-2015'
import { randers } from '../fixtures/seeds/randers-goals-2015'
import { silkeborg } from '../fixtures/seeds/silkeborg-jobkompagniet-2017'
import { fixtureToMarkdown } from '../helpers/seed-documents'
import { editBody, posOfText } from '../helpers/pm-edit'
import { bigPlanDoc } from '../../testkit/big-plan'

// The server seeds and reads plan bodies with schema/y-body.ts so that it
// never loads y-prosemirror (and prosemirror-view). Both must agree with
// y-prosemirror to the byte, or a seeded plan would differ from one the
// editor writes, and a read would differ from what the editor shows.

const s = planSchema
const marked = s.node('doc', null, [
  s.node('paragraph', null, [
    s.text('Fed, '),
    s.text('kursiv og fed', [s.mark('strong'), s.mark('em')]),
    s.text(' og et '),
    s.text('link', [s.mark('link', { href: 'https://example.dk/plan', title: null })]),
    s.node('hard_break'),
    s.text('næste linje')
  ]),
  s.node('paragraph')
])

const seedPlan = (fixture: typeof lemvig): PMNode => recognisePlan(markdownToImportSource(fixtureToMarkdown(fixture))).doc

const documents: Array<[string, () => PMNode]> = [
  ['the demo plan', demoPlanDoc],
  ['an empty plan', () => emptyPlan('tom', 'Tom plan').doc],
  ["next year's plan (no follow-ups)", () => withoutFollowUps(demoPlanDoc())],
  ['marks, a link and a hard break', () => marked],
  ['the Lemvig seed', () => seedPlan(lemvig)],
  ['the Randers seed', () => seedPlan(randers)],
  ['the Silkeborg seed', () => seedPlan(silkeborg)],
  ['a large plan', () => bigPlanDoc(3, 4, 3)]
]

/** A Y.Doc with a fixed client id, so two written the same way encode to the same bytes. */
const fixedDoc = (): Y.Doc => {
  const ydoc = new Y.Doc()
  ydoc.clientID = 1
  return ydoc
}

describe('writeYBody and readYBodyJson match y-prosemirror', () => {
  it.each(documents)('%s: the same Yjs update, the same JSON and the same node', (_, make) => {
    const doc = make()
    const theirs = fixedDoc()
    theirs.transact((tr) => {
      prosemirrorToYXmlFragment(doc, theirs.getXmlFragment(BODY_FRAGMENT))
      giveTextblocksTheirText(tr)
    })
    const ours = fixedDoc()
    writeYBody(ours.getXmlFragment(BODY_FRAGMENT), doc)
    expect(Y.encodeStateAsUpdate(ours)).toEqual(Y.encodeStateAsUpdate(theirs))

    const fragment = ours.getXmlFragment(BODY_FRAGMENT)
    expect(readYBodyJson(fragment)).toEqual(yXmlFragmentToProsemirrorJSON(fragment))
    const { doc: read, problems } = yBodyToPlanNode(ours)
    expect(problems).toEqual([])
    expect(read.eq(yXmlFragmentToProseMirrorRootNode(fragment, planSchema))).toBe(true)
    expect(read.eq(doc)).toBe(true)
  })

  it('reads what the editor wrote: text split, marked and deleted through y-prosemirror', () => {
    const ydoc = new Y.Doc()
    writeYBody(ydoc.getXmlFragment(BODY_FRAGMENT), marked)
    editBody(ydoc, (state) => {
      const at = posOfText(state.doc, 'næste')
      return state.tr.insertText('Ny tekst ', at).addMark(at, at + 3, s.mark('em'))
    })
    editBody(ydoc, (state) => {
      const at = posOfText(state.doc, 'kursiv')
      return state.tr.delete(at, at + 7)
    })
    const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
    expect(readYBodyJson(fragment)).toEqual(yXmlFragmentToProsemirrorJSON(fragment))
    expect(yBodyToPlanNode(ydoc).doc.textContent).toBe('Fed, og fed og et linkNy tekst næste linje')
  })

  it('refuses a fragment that already has content', () => {
    const ydoc = new Y.Doc()
    writeYBody(ydoc.getXmlFragment(BODY_FRAGMENT), marked)
    expect(() => writeYBody(ydoc.getXmlFragment(BODY_FRAGMENT), marked)).toThrow(/empty fragment/)
  })

  it('keeps text written directly into the body as a reported paragraph', () => {
    const ydoc = new Y.Doc()
    const stray = new Y.XmlText()
    stray.insert(0, 'løs tekst')
    ydoc.getXmlFragment(BODY_FRAGMENT).insert(0, [stray])
    const { doc, problems } = yBodyToPlanNode(ydoc)
    expect(doc.textContent).toBe('løs tekst')
    expect(problems).toHaveLength(1)
  })
})
