// Issue #15: comments on a whole node follow it through edits around it and
// detach (kept, with their quote) when it is deleted.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { BODY_FRAGMENT, planSchema, seedPlanDoc } from '../../schema'
import { DEMO_IDS, demoMeta, demoPlanDoc } from '../../schema/build'
import { commentsReport, createNodeAnchor, createThread, pathOfPos, posOfPath, resolveAnchor } from '../../schema/comments'

function setup() {
  const doc = new Y.Doc()
  seedPlanDoc(doc, { meta: demoMeta(), doc: demoPlanDoc() })
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  const pm = () => yXmlFragmentToProseMirrorRootNode(body, planSchema)
  const posOf = (id: string) => {
    let found = -1
    pm().descendants((n, p) => {
      if (found < 0 && n.attrs.id === id) found = p
      return found < 0
    })
    return found
  }
  return { doc, body, pm, posOf }
}

describe('node anchors', () => {
  it('name a target by path, follow it when a paragraph is inserted before it, and detach when it is deleted', () => {
    const { doc, body, pm, posOf } = setup()
    const path = pathOfPos(pm(), posOf(DEMO_IDS.targetSickLevel))
    expect(posOfPath(pm(), path)).toBe(posOf(DEMO_IDS.targetSickLevel))
    const anchor = createNodeAnchor(body, path, 'target', 'Antal årspersoner på sygedagpenge')!
    expect(anchor.id).toBe(DEMO_IDS.targetSickLevel)
    // Not a goal: the anchor is refused, not made on the wrong node.
    expect(createNodeAnchor(body, path, 'goal', 'x')).toBeNull()

    const el = [...body.createTreeWalker((n) => n instanceof Y.XmlElement && n.getAttribute('id') === DEMO_IDS.targetSickLevel)][0] as Y.XmlElement
    const cell = el.parent as Y.XmlElement
    const index = cell.toArray().indexOf(el)
    cell.insert(index, [new Y.XmlElement('paragraph')])
    const moved = resolveAnchor(body, anchor)
    expect(moved.attached).toBe(true)
    expect(moved.path).not.toEqual(path)
    expect(pm().nodeAt(posOfPath(pm(), moved.path!)!)!.attrs.id).toBe(DEMO_IDS.targetSickLevel)

    const comments = new Y.Doc()
    createThread(comments, { anchor, author: { name: 'Lars', group: 'council' }, text: 'Hvorfor 438?' })
    expect(commentsReport(body, comments)[0]).toMatchObject({
      attached: true,
      goalId: DEMO_IDS.goalSick,
      node: { type: 'target', id: DEMO_IDS.targetSickLevel }
    })

    doc.transact(() => cell.delete(index + 1, 1))
    expect(resolveAnchor(body, anchor)).toMatchObject({ attached: false, path: null })
    expect(commentsReport(body, comments)[0]).toMatchObject({ attached: false, quote: 'Antal årspersoner på sygedagpenge' })
  })

  it('reads a broken stored anchor as detached, never throwing', () => {
    const { body } = setup()
    for (const at of [null, {}, { item: { client: 1, clock: 999 } }, 'x'])
      expect(resolveAnchor(body, { node: 'goal', at, id: null, quote: 'q' }).attached).toBe(false)
  })
})
