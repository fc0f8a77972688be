// The comment guard must never refuse an honest person: refusing an offline
// session would keep its comments out of the plan. People work offline on
// their own Y.Doc (create, reply, edit and delete their own comments; editors
// resolve, reopen and decide; an administrator hides) and sync the way a
// y-websocket client does (the whole diff against the server's state vector,
// with the client's whole delete set). Every sync is accepted and everyone
// converges. And hostile writes mixed into an honest session are caught.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import {
  THREADS_MAP,
  createThread,
  deleteComment,
  editComment,
  listThreads,
  recordDecision,
  reply,
  setHidden,
  setResolved,
  type Author,
  type Writer
} from '../../schema/comments'
import { type Role } from '../../schema'
import { checkCommentUpdate } from '../../server/sync/comment-guard'

interface Person {
  doc: Y.Doc
  author: Author
  role: Role
}

const people = (): Person[] => [
  { doc: new Y.Doc(), author: { name: 'Lars', group: 'council', uid: 'invite-lars' }, role: 'commenter' },
  { doc: new Y.Doc(), author: { name: 'Mette', group: 'council' }, role: 'commenter' },
  { doc: new Y.Doc(), author: { name: 'Anne', group: 'administration' }, role: 'editor' },
  { doc: new Y.Doc(), author: { name: 'Admin', group: 'administration' }, role: 'admin' }
]

const writerOf = (p: Person): Writer => ({ name: p.author.name, group: p.author.group, role: p.role, ...(p.author.uid ? { uid: p.author.uid } : {}) })

/** Send what the server lacks, as sync step 2 does; apply it only if the guard accepts. */
function push(server: Y.Doc, p: Person): string | null {
  const update = Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(server))
  const refusal = checkCommentUpdate(server, update, writerOf(p))
  if (!refusal) Y.applyUpdate(server, update)
  return refusal
}
const pull = (server: Y.Doc, p: Person) => Y.applyUpdate(p.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(p.doc)))

type Op = { who: number; kind: 'create' | 'reply' | 'edit' | 'delete' | 'resolve' | 'decide' | 'hide' | 'sync'; pick: number; text: string }

const opArb: fc.Arbitrary<Op> = fc.record({
  who: fc.nat(3),
  kind: fc.constantFrom('create', 'reply', 'edit', 'delete', 'resolve', 'decide', 'hide', 'sync', 'sync'),
  pick: fc.nat(20),
  text: fc.string({ maxLength: 12 })
})

/** Do what the UI would let this person do (ops they may not do are skipped, as the UI hides them). */
function act(p: Person, op: Op): void {
  const threads = listThreads(p.doc)
  const t = threads.length ? threads[op.pick % threads.length]! : null
  const moderator = p.role === 'editor' || p.role === 'admin'
  const anchor = { start: null, end: null, quote: op.text }
  switch (op.kind) {
    case 'create':
      createThread(
        p.doc,
        op.pick % 3 === 0
          ? { anchor, author: p.author, text: op.text, suggestion: { kind: 'text', text: op.text } }
          : { anchor, author: p.author, text: op.text }
      )
      return
    case 'reply':
      if (t) reply(p.doc, t.id, p.author, op.text)
      return
    case 'edit':
    case 'delete': {
      const own = threads.flatMap((x) => x.comments.filter((c) => !c.deleted && c.author.name === p.author.name).map((c) => ({ thread: x.id, comment: c.id })))
      const c = own.length ? own[op.pick % own.length]! : null
      if (!c) return
      if (op.kind === 'edit') editComment(p.doc, c.thread, c.comment, p.author, op.text)
      else deleteComment(p.doc, c.thread, c.comment, p.author)
      return
    }
    case 'resolve':
      if (t && moderator) setResolved(p.doc, t.id, p.author, p.role, t.status === 'open')
      return
    case 'decide':
      if (t && moderator && t.suggestion) recordDecision(p.doc, t.id, p.author, op.pick % 2 ? 'accepted' : 'rejected')
      return
    case 'hide':
      if (t && p.role === 'admin') setHidden(p.doc, t.id, p.author, !t.hidden)
      return
    case 'sync':
      return
  }
}

describe('comment guard and offline sessions', () => {
  it('accepts every honest offline session, in any order of reconnection, and everyone converges', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const server = new Y.Doc()
        const ps = people()
        for (const op of ops) {
          const p = ps[op.who]!
          if (op.kind === 'sync') {
            expect(push(server, p)).toBeNull()
            pull(server, p)
          } else act(p, op)
        }
        for (const p of ps) expect(push(server, p)).toBeNull()
        // Pushing again what the server has is accepted too (a reconnect re-sends its state).
        for (const p of ps) {
          pull(server, p)
          expect(push(server, p)).toBeNull()
        }
        const all = server.getMap(THREADS_MAP).toJSON()
        for (const p of ps) expect(p.doc.getMap(THREADS_MAP).toJSON()).toEqual(all)
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) }
    )
  })

  it('refuses a hostile write hidden in an otherwise honest offline session', () => {
    const server = new Y.Doc()
    const [lars, mette] = people() as [Person, Person]
    const id = createThread(lars.doc, { anchor: { start: null, end: null, quote: 'mål' }, author: lars.author, text: 'Hvorfor?' })
    expect(push(server, lars)).toBeNull()
    pull(server, mette)
    reply(mette.doc, id, mette.author, 'Godt spørgsmål')
    createThread(mette.doc, { anchor: { start: null, end: null, quote: 'plan' }, author: mette.author, text: 'Ny tråd' })
    // ... and one forged edit of Lars's comment in the same session.
    const larsComment = ((mette.doc.getMap(THREADS_MAP).get(id) as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>).get(0)
    mette.doc.transact(() => {
      larsComment.set('text', 'Forfalsket')
      larsComment.set('editedAt', new Date().toISOString())
    })
    expect(push(server, mette)).toMatch(/author/)
    expect(listThreads(server)).toHaveLength(1)
    expect(listThreads(server)[0]!.comments.map((c) => c.text)).toEqual(['Hvorfor?'])
  })
})
