// The offline counter counts parts of the plan, not keystrokes (issue #15):
// a sentence typed into one goal is "1 mål ændret", however many updates.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, META_MAP, seedPlanDoc } from '../../schema'
import { DEMO_IDS, demoPlan } from '../../schema/build'
import { PendingPartsCounter } from '../../client/src/sync/pending-parts'
import { STRINGS } from '../../client/src/i18n/strings'

function demo(): Y.Doc {
  const doc = new Y.Doc()
  seedPlanDoc(doc, demoPlan())
  return doc
}

/** Elements of the body in document order. */
function elements(doc: Y.Doc): Y.XmlElement[] {
  const out: Y.XmlElement[] = []
  const walk = (el: Y.XmlFragment | Y.XmlElement) =>
    el.toArray().forEach((c) => {
      if (c instanceof Y.XmlElement) {
        out.push(c)
        walk(c)
      }
    })
  walk(doc.getXmlFragment(BODY_FRAGMENT))
  return out
}
const firstText = (el: Y.XmlElement): Y.XmlText => {
  for (const c of el.toArray()) {
    if (c instanceof Y.XmlText) return c
    if (c instanceof Y.XmlElement) {
      const t = firstTextOrNull(c)
      if (t) return t
    }
  }
  throw new Error(`no text in ${el.nodeName}`)
}
const firstTextOrNull = (el: Y.XmlElement): Y.XmlText | null => {
  try {
    return firstText(el)
  } catch {
    return null
  }
}

/** Count local transactions the way DocConnection does, typing a text one character per transaction. */
function counting(doc: Y.Doc) {
  const counter = new PendingPartsCounter()
  doc.on('afterTransaction', (tr: Y.Transaction) => counter.touch(tr))
  const type = (text: Y.XmlText, s: string) => {
    for (const ch of s) doc.transact(() => text.insert(text.length, ch))
  }
  return { counter, type }
}

describe('pending parts', () => {
  it('counts one goal for a sentence typed into its title and a target edited in it', () => {
    const doc = demo()
    const { counter, type } = counting(doc)
    const goal = elements(doc).find((e) => e.nodeName === 'goal' && e.getAttribute('id') === DEMO_IDS.goalSick)!
    type(firstText(goal), ' og hurtigere')
    const target = elements(doc).find((e) => e.nodeName === 'target' && e.getAttribute('id') === DEMO_IDS.targetSickLevel)!
    expect(hasAncestor(target, 'goal')).toBe(true)
    doc.transact(() => target.setAttribute('targetValue', 430 as unknown as string))
    expect(counter.summary()).toEqual({ goals: 1, blocks: 0, other: 0 })
  })

  it('counts paragraphs and goals apart, each once, and says so in plain Danish and English', () => {
    const doc = demo()
    const { counter, type } = counting(doc)
    const all = elements(doc)
    const paragraphs = all.filter((e) => e.nodeName === 'paragraph' && !hasAncestor(e, 'goal'))
    type(firstText(paragraphs[0]!), ' Første.')
    type(firstText(paragraphs[0]!), ' Igen.')
    type(firstText(paragraphs[1]!), ' Anden.')
    type(firstText(all.find((e) => e.nodeName === 'focus_title')!), '!')
    const goals = all.filter((e) => e.nodeName === 'goal')
    type(firstText(goals[1]!), ' x')
    expect(counter.summary()).toEqual({ goals: 1, blocks: 3, other: 0 })
    expect(STRINGS.da.offlineParts(STRINGS.da.changedParts(counter.summary()))).toBe('Offline – 3 afsnit og 1 mål ændret, venter på at blive gemt')
    expect(STRINGS.en.changedParts(counter.summary())).toBe('3 paragraphs and 1 goal changed')
    doc.transact(() => doc.getMap(META_MAP).set('title', 'Ny titel'))
    expect(STRINGS.da.changedParts(counter.summary())).toBe('3 afsnit, 1 mål og 1 anden ting ændret')
    counter.clear()
    expect(counter.summary()).toEqual({ goals: 0, blocks: 0, other: 0 })
  })

  it('counts a new paragraph as one changed part, however much is typed into it', () => {
    const doc = demo()
    const { counter, type } = counting(doc)
    const p = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    p.insert(0, [text])
    const body = doc.getXmlFragment(BODY_FRAGMENT)
    doc.transact(() => body.insert(body.length, [p]))
    type(text, 'Et helt nyt afsnit')
    // The body (a block was added) and the paragraph typed into: both are "afsnit"; never one per keystroke.
    expect(counter.summary().blocks).toBeLessThanOrEqual(2)
    expect(counter.summary().goals).toBe(0)
  })
})

function hasAncestor(el: Y.XmlElement, name: string): boolean {
  for (let p = el.parent; p; p = p.parent) if (p instanceof Y.XmlElement && p.nodeName === name) return true
  return false
}
