// The server is the authority over comments: a hostile commenter with a real
// y-websocket client writes straight into the Y.Doc (no UI checks) and every
// forgery is refused with `not-permitted`, never stored and never reaches
// anyone else; honest changes from the same people go through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { COMMENTS_SUFFIX, Close, type Role } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { THREADS_MAP, createThread, editComment, listThreads, recordDecision, reply, setHidden, setResolved, type Author } from '../../schema/comments'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient, nextClose } from '../../testkit/y-client'

const ROOM = DEMO_PLAN_ID + COMMENTS_SUFFIX
const FORGED = 'FORFALSKET'
// Each person has one invitation; their comments carry its id as the author's uid.
const lars: Author = { name: 'Lars', group: 'council', uid: 'invite-lars' }
const mette: Author = { name: 'Mette', group: 'council', uid: 'invite-mette' }
const anne: Author = { name: 'Anne Andersen', group: 'administration', uid: 'invite-anne' }
const admin: Author = { name: 'Admin', group: 'administration', uid: 'invite-admin' }
const anchor = { start: null, end: null, quote: 'ledighed' }

let t: TestServer
let dataDir: string
beforeAll(async () => {
  t = await startTestServer()
  dataDir = t.dataDir
})
afterAll(async () => {
  await t.stop()
  removeDir(dataDir)
})

function join(role: Role, who: Author, sub = who.uid): YClient {
  const token = t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role, name: who.name, group: who.group, ...(sub ? { sub } : {}), days: 1 })
  return connectClient(t.wsUrl, ROOM, token)
}

const thread = (c: YClient, id: string) => listThreads(c.doc).find((x) => x.id === id)!
const threadMap = (c: YClient, id: string) => c.doc.getMap(THREADS_MAP).get(id) as Y.Map<unknown>
const firstComment = (c: YClient, id: string) => (threadMap(c, id).get('comments') as Y.Array<Y.Map<unknown>>).get(0)

/** A forgery by a fresh connection of `role`/`who`: it must be closed with not-permitted. */
async function refused(role: Role, who: Author, forge: (c: YClient) => void, sub?: string): Promise<void> {
  const c = join(role, who, sub)
  await c.synced()
  const closed = nextClose(c)
  forge(c)
  expect(await closed).toBe(Close.NotPermitted.code)
}

describe('comments are checked by the server', () => {
  let watcher: YClient
  let seenForged = false
  let id = ''

  beforeAll(async () => {
    // An editor who watches every change that reaches other people.
    watcher = join('editor', anne)
    watcher.doc.on('afterTransaction', () => {
      if (JSON.stringify(watcher.doc.getMap(THREADS_MAP).toJSON()).includes(FORGED)) seenForged = true
    })
    const author = join('commenter', lars)
    await Promise.all([watcher.synced(), author.synced()])
    id = createThread(author.doc, { anchor, author: lars, text: 'Hvorfor 600 personer?' })
    await eventually(() => expect(thread(watcher, id).comments[0]!.text).toBe('Hvorfor 600 personer?'))
    author.destroy()
  })

  it("refuses a commenter rewriting someone else's comment", async () => {
    await refused('commenter', mette, (c) => firstComment(c, id).set('text', FORGED))
  })

  it('refuses a comment signed with another name or group', async () => {
    await refused('commenter', mette, (c) => reply(c.doc, id, anne, `${FORGED} Jeg er enig`))
    await refused('commenter', mette, (c) => reply(c.doc, id, { ...mette, group: 'administration' }, FORGED))
    await refused('commenter', mette, (c) => reply(c.doc, id, { name: 'Mette', group: 'council' }, FORGED))
    await refused('commenter', mette, (c) => createThread(c.doc, { anchor, author: anne, text: FORGED }))
  })

  it('refuses a commenter resolving a thread, as an editor or as themselves', async () => {
    await refused('commenter', mette, (c) =>
      c.doc.transact(() => {
        threadMap(c, id).set('status', 'resolved')
        threadMap(c, id).set('resolvedBy', anne)
        threadMap(c, id).set('resolvedAt', new Date().toISOString())
      })
    )
    await refused('commenter', lars, (c) => setResolved(c.doc, id, lars, 'editor', true))
  })

  it("refuses a commenter deciding a suggestion, and an editor signing someone else's decision", async () => {
    await refused('commenter', mette, (c) => recordDecision(c.doc, id, mette, 'accepted'))
    await refused('editor', anne, (c) => recordDecision(c.doc, id, { name: 'Borgmester', group: 'committee' }, 'accepted'))
  })

  it("refuses deleting someone's thread or removing a comment, even by an administrator", async () => {
    await refused('commenter', mette, (c) => c.doc.getMap(THREADS_MAP).delete(id))
    await refused('admin', admin, (c) => c.doc.getMap(THREADS_MAP).delete(id))
    await refused('commenter', lars, (c) => (threadMap(c, id).get('comments') as Y.Array<unknown>).delete(0, 1))
    await refused('commenter', mette, (c) => c.doc.getMap(THREADS_MAP).set(id, new Y.Map()))
  })

  it('refuses an edit by the author that is not marked as edited, and writes outside the comment model', async () => {
    await refused('commenter', lars, (c) => firstComment(c, id).set('text', `${FORGED} stille ændring`))
    await refused('commenter', lars, (c) => firstComment(c, id).set('author', mette))
    await refused('commenter', mette, (c) => c.doc.getText('notes').insert(0, FORGED))
    await refused('commenter', mette, (c) => threadMap(c, id).set('anchor', { start: null, end: null, quote: FORGED }))
  })

  it('tells apart two people with the same name by their invite', async () => {
    const first = join('commenter', lars, 'invite-1')
    await first.synced()
    const own = createThread(first.doc, { anchor, author: { ...lars, uid: 'invite-1' }, text: 'Min kommentar' })
    await eventually(() => expect(thread(watcher, own)?.comments[0]?.author.uid).toBe('invite-1'))
    first.destroy()
    // Another Lars of the council, with his own invite.
    await refused(
      'commenter',
      lars,
      (c) =>
        c.doc.transact(() => {
          firstComment(c, own).set('text', FORGED)
          firstComment(c, own).set('editedAt', new Date().toISOString())
        }),
      'invite-2'
    )
    // A token with a subject cannot post without it, nor as another subject.
    await refused('commenter', lars, (c) => reply(c.doc, own, { name: lars.name, group: lars.group }, FORGED), 'invite-2')
    await refused('commenter', lars, (c) => reply(c.doc, own, { ...lars, uid: 'invite-1' }, FORGED), 'invite-2')
    // The first Lars can.
    const again = join('commenter', lars, 'invite-1')
    await again.synced()
    editComment(again.doc, own, thread(again, own).comments[0]!.id, { ...lars, uid: 'invite-1' }, 'Min rettede kommentar')
    await eventually(() => expect(thread(watcher, own).comments[0]).toMatchObject({ text: 'Min rettede kommentar', editedAt: expect.any(String) }))
    again.destroy()
  })

  it('lets honest changes through: replies, own edits and deletions, editors resolve and decide, administrators hide visibly', async () => {
    const l = join('commenter', lars)
    const m = join('commenter', mette)
    const a = join('admin', admin)
    await Promise.all([l.synced(), m.synced(), a.synced()])
    reply(m.doc, id, mette, 'Enig, det bør forklares')
    editComment(l.doc, id, thread(l, id).comments[0]!.id, lars, 'Hvorfor netop 600 personer?')
    await eventually(() => expect(thread(watcher, id).comments.map((c) => c.text)).toEqual(['Hvorfor netop 600 personer?', 'Enig, det bør forklares']))
    recordDecision(watcher.doc, id, anne, 'rejected')
    await eventually(() => expect(thread(l, id)).toMatchObject({ status: 'resolved', decision: { outcome: 'rejected', by: anne } }))
    setResolved(watcher.doc, id, anne, 'editor', false)
    await eventually(() => expect(thread(l, id).status).toBe('open'))
    // Hiding keeps the thread and says who hid it; a commenter cannot hide.
    await refused('commenter', mette, (c) => setHidden(c.doc, id, mette, true))
    setHidden(a.doc, id, admin, true)
    await eventually(() => expect(thread(m, id).hidden).toMatchObject({ by: admin }))
    expect(thread(m, id).comments).toHaveLength(2)
    for (const c of [l, m, a]) c.destroy()
  })

  it('stored and broadcast nothing forged: a restarted server reports only honest comments', async () => {
    expect(seenForged).toBe(false)
    watcher.destroy()
    await t.stop()
    t = await startTestServer({}, dataDir)
    const res = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/comments.json`, { headers: { authorization: `Bearer ${t.token('admin')}` } })
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).not.toContain(FORGED)
    const threads = (JSON.parse(text) as { threads: Array<{ id: string; hidden: unknown; comments: Array<{ author: Author; text: string }> }> }).threads
    const main = threads.find((x) => x.id === id)!
    expect(main.comments.map((c) => [c.author.name, c.text])).toEqual([
      ['Lars', 'Hvorfor netop 600 personer?'],
      ['Mette', 'Enig, det bør forklares']
    ])
    expect(main.hidden).toMatchObject({ by: admin })
    expect(threads).toHaveLength(2)
  })
})
