// Issue #11, item 2: three commenters writing as fast as they could grew a
// comments room to 93 MB in 18 s. With a size budget per room, growth stops
// at the budget with `room-full`, nothing beyond it is stored, what was
// stored stays served, other plans carry on, and deleting content lets the
// room grow again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close, COMMENTS_SUFFIX } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createThread, reply, type Author } from '../../schema/comments'
import { createPlan } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { authorOf, connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, updateMessage, type RawSocket } from '../helpers/raw-socket'

const BUDGET = 256 * 1024
const COMMENTS = DEMO_PLAN_ID + COMMENTS_SUFFIX

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ roomBudgets: { body: 50 * 1024 * 1024, comments: BUDGET } })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

/** What SQLite holds for a room: bytes (state + log) and log rows. */
function stored(room: string): { bytes: number; rows: number } {
  const db = new Database(join(t.dataDir, 'faellesplan.sqlite'), { readonly: true })
  try {
    const log = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS bytes, COUNT(*) AS rows FROM updates WHERE room = ?').get(room) as {
      bytes: number
      rows: number
    }
    const snap = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM snapshots WHERE room = ?').get(room) as { bytes: number }
    return { bytes: log.bytes + snap.bytes, rows: log.rows }
  } finally {
    db.close()
  }
}

const anchor = { start: null, end: null, quote: 'mål' }
/** Several long comments in one thread, as one update (each comment is at most MAX_COMMENT_CHARS). */
const longThread = (doc: Y.Doc, author: Author, comments: number): string =>
  doc.transact(() => {
    const id = createThread(doc, { anchor, author, text: 'k'.repeat(9 * 1024) })
    for (let i = 1; i < comments; i++) reply(doc, id, author, 'k'.repeat(9 * 1024))
    return id
  })

/** A commenter that writes ~18 KiB comment threads (valid ones, signed as itself) over a raw socket until the server closes it (at most `max`). */
async function flood(raw: RawSocket, max: number, author: Author): Promise<{ code: number; reason: string } | null> {
  const doc = new Y.Doc()
  doc.on('update', (u: Uint8Array) => raw.send(updateMessage(u)))
  let open = true
  void raw.closed.then(() => {
    open = false
  })
  for (let i = 0; i < max && open; i++) {
    longThread(doc, author, 2)
    await new Promise((r) => setTimeout(r, 5))
  }
  return Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), 10_000))])
}

const roomFull = { code: Close.RoomFull.code, reason: Close.RoomFull.reason }

describe('room size budget', () => {
  it('stops a comment flood at the budget, stores nothing beyond it, and leaves other plans alone', async () => {
    const other = await createPlan(t.server.store, 'empty', 'Anden plan')
    const a: YClient = connectClient(t.wsUrl, other.id, t.token('editor', { plan: other.id, name: 'A' }))
    const b: YClient = connectClient(t.wsUrl, other.id, t.token('editor', { plan: other.id, name: 'B' }))
    await Promise.all([a.synced(), b.synced()])

    const floodTokens = [1, 2, 3].map((i) => t.token('commenter', { name: `Flood ${i}` }))
    const attackers = await Promise.all(floodTokens.map((token) => openRaw(t.wsUrl, COMMENTS, token)))
    const attack = Promise.all(attackers.map((raw, i) => flood(raw, 200, authorOf(floodTokens[i]!))))
    // The other plan syncs while the flood runs.
    for (let i = 0; i < 5; i++) {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText(`under angrebet ${i}`)])
      a.doc.getXmlFragment(BODY_FRAGMENT).push([p])
      await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(`under angrebet ${i}`), 10_000)
    }
    expect(await attack).toEqual([roomFull, roomFull, roomFull])

    // Growth stopped at the budget: SQLite holds no more than it (the flood offered 9.6 MB).
    const atBudget = stored(COMMENTS)
    expect(atBudget.bytes).toBeLessThanOrEqual(BUDGET)
    expect(atBudget.bytes).toBeGreaterThan(BUDGET - 64 * 1024)

    // The room keeps serving what it stored, to a reader and after a reconnect.
    const server = t.server.rooms.peek(COMMENTS)!.doc.getMap('threads')
    const accepted = server.size
    expect(accepted).toBeGreaterThan(10)
    const viewer = connectClient(t.wsUrl, COMMENTS, t.token('viewer', { name: 'Læser' }))
    await viewer.synced()
    expect(viewer.doc.getMap('threads').size).toBe(accepted)

    // Asking again is refused again, and stores nothing.
    const againToken = t.token('commenter', { name: 'Igen' })
    const again = await openRaw(t.wsUrl, COMMENTS, againToken)
    expect(await flood(again, 5, authorOf(againToken))).toEqual(roomFull)
    // (The room may have compacted meanwhile, so the bytes can only have gone down.)
    expect(stored(COMMENTS).bytes).toBeLessThanOrEqual(atBudget.bytes)
    expect(server.size).toBe(accepted)
    expect(viewer.doc.getMap('threads').size).toBe(accepted)

    // The other plan still works after the flood.
    a.doc.getXmlFragment(BODY_FRAGMENT).push([new Y.XmlText('efter angrebet')])
    await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain('efter angrebet'))

    // Deleting still works in the full room (the socket is not closed): the
    // flooders take the text out of their own comments (the comment guard lets
    // only authors do that), and once the deleted content is compacted away,
    // a thread bigger than what was left of the budget fits again.
    const cleaners = floodTokens.map((token) => connectClient(t.wsUrl, COMMENTS, token))
    await Promise.all(cleaners.map((c) => c.synced()))
    for (const [i, c] of cleaners.entries()) {
      const threads = c.doc.getMap('threads') as Y.Map<Y.Map<unknown>>
      c.doc.transact(() => {
        for (const thread of threads.values()) {
          if ((thread.get('createdBy') as { name: string }).name !== `Flood ${i + 1}`) continue
          for (const comment of (thread.get('comments') as Y.Array<Y.Map<unknown>>).toArray()) comment.delete('text')
        }
      })
    }
    await eventually(() => expect(JSON.stringify(viewer.doc.getMap('threads').toJSON())).not.toContain('kkkk'))
    for (const c of cleaners) expect(c.provider.wsconnected).toBe(true)
    let bigId = ''
    await eventually(
      async () => {
        const lateToken = t.token('commenter', { name: 'Senere' })
        const late = await openRaw(t.wsUrl, COMMENTS, lateToken)
        const doc = new Y.Doc()
        bigId = longThread(doc, authorOf(lateToken), 8)
        const update = Y.encodeStateAsUpdate(doc)
        expect(atBudget.bytes + update.byteLength).toBeGreaterThan(BUDGET)
        late.send(updateMessage(update))
        const closed = await Promise.race([
          late.closed,
          eventually(() => expect(viewer.doc.getMap('threads').get(bigId)).toBeDefined(), 2_000).then(() => null)
        ])
        late.ws.close()
        expect(closed).toBeNull()
      },
      20_000,
      500
    )
    expect(stored(COMMENTS).bytes).toBeLessThan(atBudget.bytes)

    viewer.destroy()
    for (const c of cleaners) c.destroy()
    a.destroy()
    b.destroy()
  }, 60_000)
})
