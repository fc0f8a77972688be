import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { BODY_FRAGMENT, planSchema, seedPlanDoc } from '../../schema'
import { buildDoc, buildParagraph } from '../../schema/build'
import {
  createAnchor,
  createThread,
  listThreads,
  posOfTextOffset,
  recordDecision,
  reply,
  resolveAnchor,
  setResolved,
  editComment,
  deleteComment,
  textOffsetOfPos,
  yTextRuns
} from '../../schema/comments'
import { editBody, posOfText, syncAll } from '../helpers/pm-edit'

const meta = { id: 'anchors', title: '', municipality: '', period: '', status: 'draft' as const }

function setup(text = 'Vi vil have flere borgere i job og uddannelse i 2019.') {
  const seed = new Y.Doc()
  seedPlanDoc(seed, { meta, doc: buildDoc([buildParagraph('Indledning.'), buildParagraph(text)]) })
  const a = new Y.Doc()
  const b = new Y.Doc()
  Y.applyUpdate(a, Y.encodeStateAsUpdate(seed))
  Y.applyUpdate(b, Y.encodeStateAsUpdate(seed))
  const body = a.getXmlFragment(BODY_FRAGMENT)
  const flat = yTextRuns(body).text
  const start = flat.indexOf('flere borgere i job')
  const anchor = createAnchor(body, start, start + 'flere borgere i job'.length)!
  return { a, b, anchor }
}

const resolved = (doc: Y.Doc, anchor: ReturnType<typeof createAnchor>) => resolveAnchor(doc.getXmlFragment(BODY_FRAGMENT), anchor!)

describe('comment anchors', () => {
  it('stay on their words while a peer types before, inside and after them', () => {
    const { a, b, anchor } = setup()
    editBody(b, (s) => s.tr.insertText('NU ', posOfText(s.doc, 'Vi vil')))
    editBody(b, (s) => s.tr.insertText(' og ældre', posOfText(s.doc, 'borgere') + 'borgere'.length))
    editBody(a, (s) => s.tr.insertText(' hurtigt', posOfText(s.doc, 'i job') + 'i job'.length))
    syncAll(a, b)
    for (const doc of [a, b]) {
      const r = resolved(doc, anchor)
      expect(r.attached).toBe(true)
      expect(r.text).toBe('flere borgere og ældre i job')
    }
  })

  it('survive a paragraph split inside the anchor and the join that undoes it', () => {
    const { a, b, anchor } = setup()
    editBody(b, (s) => s.tr.split(posOfText(s.doc, 'i job')))
    syncAll(a, b)
    const afterSplit = resolved(a, anchor)
    expect(afterSplit.attached).toBe(true)
    expect(afterSplit.text).toBe('flere borgere i job')
    // The split re-created the tail as new Yjs items; the quote found the words again.
    expect(afterSplit.reanchored).toBe(true)
    // Join the two paragraphs again (Backspace at the start of the second).
    editBody(a, (s) => {
      const pos = posOfText(s.doc, 'i job')
      return s.tr.join(pos - 1)
    })
    syncAll(a, b)
    const afterJoin = resolved(b, anchor)
    expect(afterJoin.attached).toBe(true)
    expect(afterJoin.text).toBe('flere borgere i job')
    const body = yXmlFragmentToProseMirrorRootNode(b.getXmlFragment(BODY_FRAGMENT), planSchema)
    expect(body.childCount).toBe(2)
  })

  it('become detached, with the quote kept, when all their text is deleted', () => {
    const { a, b, anchor } = setup()
    editBody(b, (s) => {
      const from = posOfText(s.doc, 'flere')
      return s.tr.delete(from, from + 'flere borgere i job'.length)
    })
    syncAll(a, b)
    const r = resolved(a, anchor)
    expect(r.attached).toBe(false)
    expect(anchor.quote).toBe('flere borgere i job')
  })

  it('map between flattened text offsets and ProseMirror positions', () => {
    const { a } = setup()
    const doc = yXmlFragmentToProseMirrorRootNode(a.getXmlFragment(BODY_FRAGMENT), planSchema)
    const pos = posOfText(doc, 'flere')
    const offset = textOffsetOfPos(doc, pos)
    expect(yTextRuns(a.getXmlFragment(BODY_FRAGMENT)).text.slice(offset, offset + 5)).toBe('flere')
    expect(posOfTextOffset(doc, offset)).toBe(pos)
  })
})

describe('comment threads', () => {
  const admin = { name: 'Anne Forvaltning', group: 'administration' as const }
  const council = { name: 'Lars LBR', group: 'council' as const }

  it('keep replies, edits, resolutions and decisions from two offline peers', () => {
    const { a, anchor } = setup()
    const c1 = new Y.Doc()
    const c2 = new Y.Doc()
    const t1 = createThread(c1, { anchor: anchor!, author: council, text: 'Hvorfor ikke også unge?' })
    const t2 = createThread(c2, { anchor: anchor!, author: admin, text: 'Tal fra Jobindsats.', suggestion: { kind: 'text', text: 'flere borgere i arbejde' } })
    syncAll(c1, c2)
    reply(c1, t2, council, 'Enig.')
    reply(c2, t1, admin, 'Godt forslag.')
    setResolved(c2, t1, admin, 'editor', true)
    const first = listThreads(c1).find((t) => t.id === t1)!.comments[0]!
    editComment(c1, t1, first.id, council, 'Hvorfor ikke også unge under 30?')
    syncAll(c1, c2)
    recordDecision(c1, t2, admin, 'accepted')
    syncAll(c1, c2)
    for (const doc of [c1, c2]) {
      const threads = listThreads(doc)
      expect(threads).toHaveLength(2)
      const x = threads.find((t) => t.id === t1)!
      expect(x.comments.map((c) => c.text)).toEqual(['Hvorfor ikke også unge under 30?', 'Godt forslag.'])
      expect(x.status).toBe('resolved')
      const y = threads.find((t) => t.id === t2)!
      expect(y.comments.map((c) => c.text)).toEqual(['Tal fra Jobindsats.', 'Enig.'])
      expect(y.decision?.outcome).toBe('accepted')
    }
    expect(resolved(a, anchor).text).toBe('flere borgere i job')
  })

  it('let only the author change a comment, and only editors resolve', () => {
    const doc = new Y.Doc()
    const t = createThread(doc, { anchor: { start: null, end: null, quote: 'x' }, author: council, text: 'a' })
    const c = listThreads(doc)[0]!.comments[0]!
    expect(() => editComment(doc, t, c.id, admin, 'b')).toThrow(/Only the author/)
    expect(() => deleteComment(doc, t, c.id, admin)).toThrow(/Only the author/)
    expect(() => setResolved(doc, t, { name: 'Other', group: 'council' }, 'commenter', true)).toThrow(/Only editors/)
    // Not even the thread's author, when a commenter (the server refuses it too).
    expect(() => setResolved(doc, t, council, 'commenter', true)).toThrow(/Only editors/)
    setResolved(doc, t, admin, 'editor', true)
    expect(listThreads(doc)[0]!.status).toBe('resolved')
    deleteComment(doc, t, c.id, council)
    expect(listThreads(doc)[0]!.comments[0]).toMatchObject({ deleted: true, text: '' })
  })

  it('read a hostile anchor as detached instead of throwing', () => {
    const { a } = setup()
    expect(resolveAnchor(a.getXmlFragment(BODY_FRAGMENT), { start: { garbage: 1 }, end: 'x', quote: 'findes ikke' }).attached).toBe(false)
  })
})

describe('comments in reports and exports', () => {
  it('comments report resolves quotes, goal and focus area, detached last', async () => {
    const { buildFocusArea } = await import('../../schema/build')
    const { commentsReport } = await import('../../schema/comments')
    const { planToMarkdown } = await import('../../schema/export')
    const seed = new Y.Doc()
    seedPlanDoc(seed, {
      meta,
      doc: buildDoc([
        buildFocusArea({ id: 'fa', title: 'Sygedagpenge', goals: [{ id: 'g1', title: 'Færre sygemeldte', actions: ['Tidlig kontakt til arbejdsgiver'] }] }),
        buildParagraph('Slut på planen.')
      ])
    })
    const body = seed.getXmlFragment(BODY_FRAGMENT)
    const flat = yTextRuns(body).text
    const comments = new Y.Doc()
    const at = (q: string) => createAnchor(body, flat.indexOf(q), flat.indexOf(q) + q.length)!
    const author = { name: 'Lars', group: 'council' as const }
    createThread(comments, { anchor: at('Slut'), author, text: 'Sidste ord' })
    createThread(comments, { anchor: at('Tidlig kontakt'), author, text: 'Hvor tidligt?' })
    createThread(comments, { anchor: { start: null, end: null, quote: 'fjernet tekst' }, author, text: 'Væk' })
    const report = commentsReport(body, comments)
    expect(report.map((r) => [r.quote, r.attached, r.goalId, r.focusAreaId])).toEqual([
      ['Tidlig kontakt', true, 'g1', 'fa'],
      ['Slut', true, null, null],
      ['fjernet tekst', false, null, null]
    ])
    const doc = yXmlFragmentToProseMirrorRootNode(body, planSchema)
    const md = planToMarkdown(doc, meta, 'da', {
      footnotes: report.filter((r) => r.attached).map((r) => ({ offset: r.end, text: `${r.comments[0]!.author.name}: ${r.comments[0]!.text}` }))
    })
    expect(md).toContain('Tidlig kontakt[^1] til arbejdsgiver')
    expect(md).toContain('Slut[^2] på planen.')
    expect(md).toContain('[^1]: Lars: Hvor tidligt?')
  })
})

describe('suggestions', () => {
  it('apply to exactly the text they were made against, and refuse when it changed', async () => {
    const { suggestionTransaction } = await import('../../schema/comments')
    const { EditorState } = await import('prosemirror-state')
    const { a, b, anchor } = setup()
    const suggestion = { kind: 'text' as const, text: 'alle borgere i arbejde' }
    const stateOf = (d: Y.Doc) => EditorState.create({ doc: yXmlFragmentToProseMirrorRootNode(d.getXmlFragment(BODY_FRAGMENT), planSchema) })
    const ok = suggestionTransaction(stateOf(a), suggestion, { quote: anchor!.quote, resolved: resolved(a, anchor) })
    expect('tr' in ok && ok.tr.doc.textContent).toContain('Vi vil have alle borgere i arbejde og uddannelse')
    editBody(b, (s) => s.tr.insertText(' unge', posOfText(s.doc, 'borgere') + 'borgere'.length))
    syncAll(a, b)
    expect(suggestionTransaction(stateOf(a), suggestion, { quote: anchor!.quote, resolved: resolved(a, anchor) })).toEqual({ refused: 'text-changed' })
  })

  it('change a target only if its values are still the ones the suggestion saw', async () => {
    const { suggestionTransaction } = await import('../../schema/comments')
    const { buildTarget } = await import('../../schema/build')
    const { EditorState } = await import('prosemirror-state')
    const target = buildTarget({
      id: 't1',
      kind: 'level',
      indicator: 'Ledige',
      targetGroup: 'alle',
      unit: 'persons',
      target: { value: 600, period: '2015-12', comparator: '<=' }
    })
    const doc = buildDoc([
      planSchema.node('goal_table', { id: 'gt' }, [planSchema.node('goal', { id: 'g' }, [planSchema.node('goal_cell', { column: 'criteria' }, [target])])])
    ])
    const s = { kind: 'target' as const, targetId: 't1', attrs: { targetValue: 580 }, base: { targetValue: 600 } }
    const none = { quote: '', resolved: { start: 0, end: 0, text: '', attached: false, reanchored: false } }
    const ok = suggestionTransaction(EditorState.create({ doc }), s, none)
    let value: unknown
    if ('tr' in ok)
      ok.tr.doc.descendants((n) => {
        if (n.type.name === 'target') value = n.attrs.targetValue
        return true
      })
    expect(value).toBe(580)
    expect(suggestionTransaction(EditorState.create({ doc }), { ...s, base: { targetValue: 650 } }, none)).toEqual({ refused: 'target-changed' })
    expect(suggestionTransaction(EditorState.create({ doc }), { ...s, targetId: 'gone' }, none)).toEqual({ refused: 'target-missing' })
  })
})
