// Comments over the real server: anchors survive concurrent edits (before,
// inside, after, a split and join, deletion → detached), a commenter's body
// writes are refused while its comments sync, and two offline commenters'
// threads both survive the merge.
import { describe, expect, it } from 'vitest'
import { BODY_FRAGMENT, COMMENTS_SUFFIX, Close, yBodyToPlanNode } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createAnchor, createThread, listThreads, reply, resolveAnchor, yTextRuns } from '../../schema/comments'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'

let t: TestServer
useTestServer((s) => (t = s))

async function clients(): Promise<{ editorA: YClient; editorB: YClient; lars: YClient; larsBody: YClient }> {
  const editorA = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'A' }))
  const editorB = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'B' }))
  const larsBody = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Lars' }))
  const lars = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, t.token('commenter', { name: 'Lars' }))
  await Promise.all([editorA.synced(), editorB.synced(), larsBody.synced(), lars.synced()])
  return { editorA, editorB, lars, larsBody }
}

describe('comments through the server', () => {
  it('anchors stay on their words through concurrent edits, a split and a join, and detach (kept) on deletion', async () => {
    const { editorA, editorB, lars, larsBody } = await clients()
    const words = 'Tidlig kontakt'
    const ensure = () => {
      // The demo plan has no "Tidlig kontakt"; write a sentence for this test.
      editBody(editorA.doc, (s) => s.tr.insertText('Vi satser på tidlig kontakt til arbejdsgiverne. ', posOfText(s.doc, 'Vi vil have tidligere kontakt')))
    }
    ensure()
    await eventually(() => expect(yTextRuns(larsBody.doc.getXmlFragment(BODY_FRAGMENT)).text).toContain('tidlig kontakt til arbejdsgiverne'))
    const body = larsBody.doc.getXmlFragment(BODY_FRAGMENT)
    const flat = yTextRuns(body).text
    const start = flat.indexOf('tidlig kontakt til arbejdsgiverne')
    const anchor = createAnchor(body, start, start + 'tidlig kontakt til arbejdsgiverne'.length)!
    const id = createThread(lars.doc, { anchor, author: lars.author, text: `Hvad betyder ${words.toLowerCase()}?` })

    // Concurrent edits before, inside and after the anchored words.
    editBody(editorA.doc, (s) => s.tr.insertText('NB: ', posOfText(s.doc, 'Vi satser')))
    editBody(editorB.doc, (s) => s.tr.insertText(' og hurtig', posOfText(s.doc, 'tidlig kontakt') + 'tidlig'.length))
    editBody(editorA.doc, (s) => s.tr.insertText(' i hele kommunen', posOfText(s.doc, 'arbejdsgiverne') + 'arbejdsgiverne'.length))
    const resolvedIn = (c: YClient) => resolveAnchor(c.doc.getXmlFragment(BODY_FRAGMENT), listThreads(lars.doc).find((x) => x.id === id)!.anchor)
    await eventually(() => {
      for (const c of [editorA, editorB, larsBody]) expect(resolvedIn(c)).toMatchObject({ attached: true, text: 'tidlig og hurtig kontakt til arbejdsgiverne' })
    })

    // A split inside the anchor (Enter), then the join that undoes it (Backspace).
    editBody(editorB.doc, (s) => s.tr.split(posOfText(s.doc, 'kontakt til')))
    await eventually(() => expect(resolvedIn(larsBody)).toMatchObject({ attached: true, text: 'tidlig og hurtig kontakt til arbejdsgiverne' }))
    // The join is made by someone who has seen the split (a join elsewhere would delete text).
    const splitSeen = () => {
      let seen = false
      yBodyToPlanNode(editorA.doc).doc.descendants((n) => {
        if (n.type.name === 'paragraph' && n.textContent.startsWith('kontakt til')) seen = true
        return !seen
      })
      return seen
    }
    await eventually(() => expect(splitSeen()).toBe(true))
    editBody(editorA.doc, (s) => s.tr.join(posOfText(s.doc, 'kontakt til') - 1))
    await eventually(() => {
      for (const c of [editorA, editorB, larsBody]) expect(resolvedIn(c)).toMatchObject({ attached: true, text: 'tidlig og hurtig kontakt til arbejdsgiverne' })
    })

    // Deleting all of it detaches the thread; the thread and its quote stay.
    editBody(editorB.doc, (s) => {
      const from = posOfText(s.doc, 'tidlig og hurtig')
      return s.tr.delete(from, from + 'tidlig og hurtig kontakt til arbejdsgiverne'.length)
    })
    await eventually(() => expect(resolvedIn(larsBody).attached).toBe(false))
    const kept = listThreads(lars.doc).find((x) => x.id === id)!
    expect(kept.anchor.quote).toBe('tidlig kontakt til arbejdsgiverne')
    expect(kept.comments[0]!.text).toContain('Hvad betyder')
    for (const c of [editorA, editorB, lars, larsBody]) c.destroy()
  })

  it("a commenter's body write is refused while its comments sync", async () => {
    const { editorA, editorB, lars, larsBody } = await clients()
    const closed = new Promise<number>((resolve) => larsBody.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)))
    larsBody.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [new (await import('yjs')).XmlElement('paragraph')])
    expect(await closed).toBe(Close.ReadOnly.code)
    createThread(lars.doc, { anchor: { start: null, end: null, quote: 'x' }, author: lars.author, text: 'Kommentar trods alt' })
    const watcher = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, t.token('viewer'))
    await watcher.synced()
    await eventually(() => expect(listThreads(watcher.doc).some((th) => th.comments[0]!.text === 'Kommentar trods alt')).toBe(true))
    for (const c of [editorA, editorB, lars, larsBody, watcher]) c.destroy()
  })

  it('two offline commenters’ threads and replies both survive the merge', async () => {
    const a = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, t.token('commenter', { name: 'Lars' }))
    const b = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, t.token('commenter', { name: 'Mette' }))
    await Promise.all([a.synced(), b.synced()])
    const shared = createThread(a.doc, { anchor: { start: null, end: null, quote: 'fælles' }, author: a.author, text: 'Fælles tråd' })
    await eventually(() => expect(listThreads(b.doc).some((x) => x.id === shared)).toBe(true))
    a.provider.disconnect()
    b.provider.disconnect()
    const ta = createThread(a.doc, { anchor: { start: null, end: null, quote: 'a' }, author: a.author, text: 'Skrevet offline af Lars' })
    const tb = createThread(b.doc, { anchor: { start: null, end: null, quote: 'b' }, author: b.author, text: 'Skrevet offline af Mette' })
    reply(a.doc, shared, a.author, 'Svar fra Lars')
    reply(b.doc, shared, b.author, 'Svar fra Mette')
    a.provider.connect()
    b.provider.connect()
    await eventually(() => {
      for (const c of [a, b]) {
        const threads = listThreads(c.doc)
        expect(threads.map((x) => x.id)).toEqual(expect.arrayContaining([shared, ta, tb]))
        expect(
          threads
            .find((x) => x.id === shared)!
            .comments.map((x) => x.text)
            .sort()
        ).toEqual(['Fælles tråd', 'Svar fra Lars', 'Svar fra Mette'])
      }
    }, 10_000)
    a.destroy()
    b.destroy()
  })
})
