// The fast write of typing (issue #17, schema/y-fast-write.ts): when it
// writes, what it writes, and that every change it cannot prove safe falls
// back to y-prosemirror's full write and still ends right. The editor cases
// run through y-prosemirror's real binding with the editor's wrappers
// (HeadlessEditor); the property test is fast-write.property.test.ts.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { initProseMirrorDoc, undo, ySyncPluginKey, yXmlFragmentToProseMirrorRootNode, type ProsemirrorBinding } from 'y-prosemirror'
import { BODY_FRAGMENT, planSchema, seedPlanDoc, writeEditFast, type PlanMeta } from '../../schema'
import { buildDoc, buildFocusArea } from '../../schema/build'
import { HeadlessEditor } from '../helpers/headless-editor'
import { posOfText } from '../helpers/pm-edit'

const s = planSchema
const meta: PlanMeta = { id: 'fast-write-cases', title: 'Hurtig skrivning', municipality: '', period: '', status: 'draft' }
const strong = s.marks.strong.create()
const link = s.marks.link.create({ href: 'https://example.dk/' })

function plan(): PMNode {
  return buildDoc([
    s.node('paragraph', null, [s.text('Plain '), s.text('bold', [strong]), s.text(' and '), s.text('link', [link])]),
    s.node('paragraph', null, [s.text('Before'), s.nodes.hard_break.create(), s.text('after')]),
    s.node('paragraph', null, [s.text('aa')]),
    s.node('paragraph'),
    s.node('paragraph', null, [s.text('Smile 😀')]),
    buildFocusArea({ title: 'Fokus', goals: [{ title: 'Goal title', actions: ['Do it'], criteria: ['Criterion'], followUpMethod: 'Follow up' }] })
  ])
}

function seeded(): Y.Doc {
  const ydoc = new Y.Doc()
  seedPlanDoc(ydoc, { meta, doc: plan() })
  return ydoc
}

const bodyOf = (ydoc: Y.Doc): PMNode => yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(BODY_FRAGMENT), planSchema)

/** An editor on a fresh copy of the plan, and a way to edit it that reports the path each write took. */
function editor(ydoc = seeded()) {
  const ed = new HeadlessEditor(ydoc)
  const edit = (make: (state: EditorState) => Transaction): 'fast' | 'full' => {
    const before = { ...ed.writes }
    ed.dispatch(make(ed.state))
    expect(bodyOf(ydoc).toJSON(), 'the Y body reads back as the editor shows it').toEqual(ed.state.doc.toJSON())
    if (ed.writes.fast > before.fast) return 'fast'
    if (ed.writes.full > before.full) return 'full'
    throw new Error('the edit wrote nothing')
  }
  return { ed, ydoc, edit }
}

const typeAt = (text: string, at: (doc: PMNode) => number) => (state: EditorState) => state.tr.insertText(text, at(state.doc))
const after = (text: string) => (doc: PMNode) => posOfText(doc, text) + text.length

describe('the fast write writes', () => {
  it('typing, deleting and replacing inside a paragraph, as one delete + insert', () => {
    const { edit, ydoc } = editor()
    expect(edit(typeAt('!', after('Plain')))).toBe('fast')
    expect(edit((st) => st.tr.delete(posOfText(st.doc, 'Plain'), posOfText(st.doc, 'Plain') + 2))).toBe('fast')
    expect(edit((st) => st.tr.insertText('XY', posOfText(st.doc, 'in!'), posOfText(st.doc, 'in!') + 2))).toBe('fast')
    expect(bodyOf(ydoc).firstChild!.textContent).toBe('aXY! bold and link')
  })

  it('typing in a goal table cell', () => {
    const { edit, ydoc } = editor()
    expect(edit(typeAt(' now', after('Do it')))).toBe('fast')
    expect(bodyOf(ydoc).textContent).toContain('Do it now')
  })

  it('into an empty paragraph (its text slot)', () => {
    const { edit, ed } = editor()
    let empty = -1
    ed.state.doc.forEach((node, offset) => {
      if (empty < 0 && node.type.name === 'paragraph' && node.childCount === 0) empty = offset + 1
    })
    expect(edit((st) => st.tr.insertText('Ny tekst', empty))).toBe('fast')
  })

  it('"a" typed after "aa": the ends the diff finds from both sides overlap', () => {
    const { edit, ydoc } = editor()
    expect(edit(typeAt('a', after('aa')))).toBe('fast')
    expect(bodyOf(ydoc).child(2).textContent).toBe('aaa')
  })

  it('the inserted text with exactly its own marks: plain after bold stays plain, bold typed into plain is bold', () => {
    const { edit, ydoc } = editor()
    // ProseMirror's insertText takes the marks before the place; a plain text node does not.
    expect(edit((st) => st.tr.insert(after('bold')(st.doc), s.text('PLAIN')))).toBe('fast')
    expect(edit((st) => st.tr.insert(after('Plain')(st.doc), s.text('BOLD', [strong])))).toBe('fast')
    // Inside a link the typing takes the link; after it (links are not inclusive) it does not, though Yjs would carry it on.
    expect(edit(typeAt('X', after('li')))).toBe('fast')
    expect(edit(typeAt('AFTER', after('liXnk')))).toBe('fast')
    const first = bodyOf(ydoc).firstChild!
    const marksOf = (text: string) => {
      let found: string[] = []
      first.forEach((node) => {
        if (node.text === text) found = node.marks.map((m) => m.type.name)
      })
      return found
    }
    expect(first.textContent).toBe('PlainBOLD boldPLAIN and liXnkAFTER')
    expect(marksOf('PLAIN')).toEqual([])
    expect(marksOf('BOLD')).toEqual(['strong'])
    expect(marksOf('liXnk')).toEqual(['link'])
    expect(marksOf('AFTER')).toEqual([])
  })

  it('😀 replaced by 😃 (they differ in their second half) as whole characters', () => {
    const { edit, ydoc } = editor()
    expect(edit((st) => st.tr.insertText('😃', posOfText(st.doc, '😀'), posOfText(st.doc, '😀') + 2))).toBe('fast')
    expect(edit(typeAt('😀', after('😃')))).toBe('fast')
    expect(bodyOf(ydoc).child(4).textContent).toBe('Smile 😃😀')
  })

  it('nothing when only the selection moved (no Y update at all)', () => {
    const { ed, ydoc } = editor()
    ed.dispatch(ed.state.tr.insertText('x', after('Plain')(ed.state.doc)))
    let updates = 0
    ydoc.on('update', () => updates++)
    const fast = ed.writes.fast
    ed.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, 3)))
    expect(ed.writes.fast).toBe(fast + 1)
    expect(updates).toBe(0)
  })

  it('typing that undo takes back, selection included', () => {
    const { edit, ed, ydoc } = editor()
    const original = bodyOf(ydoc).toJSON()
    const at = after('Plain')(ed.state.doc)
    ed.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, at)))
    expect(edit((st) => st.tr.insertText('abc'))).toBe('fast')
    expect(undo(ed.state)).toBe(true)
    expect(bodyOf(ydoc).toJSON()).toEqual(original)
    expect(ed.state.doc.toJSON()).toEqual(original)
    expect(ed.state.selection.head).toBe(at)
  })
})

describe('the fast write falls back, and the full write ends right', () => {
  it('in a paragraph with a line break', () => {
    const { edit } = editor()
    expect(edit(typeAt('!', after('Before')))).toBe('full')
  })

  it('for marks set or removed on text that stays', () => {
    const { edit, ydoc } = editor()
    expect(edit((st) => st.tr.addMark(posOfText(st.doc, 'Plain'), after('Plain')(st.doc), strong))).toBe('full')
    expect(edit((st) => st.tr.removeMark(posOfText(st.doc, 'bold'), after('bold')(st.doc), s.marks.strong))).toBe('full')
    expect(bodyOf(ydoc).firstChild!.firstChild!.marks.map((m) => m.type.name)).toEqual(['strong'])
  })

  it('for a change across two paragraphs (split, join)', () => {
    const { edit } = editor()
    expect(edit((st) => st.tr.split(posOfText(st.doc, 'bold')))).toBe('full')
    expect(edit((st) => st.tr.delete(after('Plain ')(st.doc), posOfText(st.doc, 'bold')))).toBe('full')
  })

  it('for a stale mapping: a remote change to the paragraph dropped its entries, so a write from the old document is refused', () => {
    const mine = seeded()
    const theirs = new Y.Doc()
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine))
    const a = editor(mine)
    const b = editor(theirs)
    const stale = a.ed.state.doc
    b.edit(typeAt(' (theirs)', after('Plain')))
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)))

    // What the editor's write would do with the document from before the remote change:
    const binding = (ySyncPluginKey.getState(a.ed.state) as { binding: ProsemirrorBinding }).binding
    const next = EditorState.create({ doc: stale }).tr.insertText('!', after('Plain')(stale)).doc
    let wrote = true
    mine.transact(() => {
      wrote = writeEditFast({ root: mine.getXmlFragment(BODY_FRAGMENT), mapping: binding.mapping, prev: stale, next })
    })
    expect(wrote).toBe(false)
    expect(bodyOf(mine).firstChild!.textContent).toBe('Plain (theirs) bold and link')

    // The editor itself types into the current document, and loses neither side.
    a.edit(typeAt('!', after('(theirs)')))
    expect(bodyOf(mine).firstChild!.textContent).toBe('Plain (theirs)! bold and link')
  })

  it('for a mapping that is not the one the Y body was written from', () => {
    const ydoc = seeded()
    const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
    const { doc, meta: read } = initProseMirrorDoc(fragment, planSchema)
    // Read, but the root never mapped: the caller cannot say what the body holds.
    const next = EditorState.create({ doc }).tr.insertText('!', after('Plain')(doc)).doc
    ydoc.transact(() => expect(writeEditFast({ root: fragment, mapping: read.mapping, prev: doc, next })).toBe(false))
    expect(bodyOf(ydoc).toJSON()).toEqual(doc.toJSON())
  })
})

describe('after a remote change the fast write applies again', () => {
  it('elsewhere in the body, and in the same paragraph', () => {
    const mine = seeded()
    const theirs = new Y.Doc()
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine))
    const a = editor(mine)
    const b = editor(theirs)
    b.edit(typeAt(' theirs', after('Do it')))
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)))
    expect(a.edit(typeAt(' mine', after('Plain')))).toBe('fast')
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)))
    b.edit(typeAt(' theirs', after('Plain mine')))
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)))
    expect(a.edit(typeAt('!', after('Plain mine theirs')))).toBe('fast')
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)))
    expect(bodyOf(theirs).toJSON()).toEqual(bodyOf(mine).toJSON())
    expect(bodyOf(mine).firstChild!.textContent).toBe('Plain mine theirs! bold and link')
  })
})
