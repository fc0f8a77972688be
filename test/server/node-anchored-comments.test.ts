// Issue #15: a commenter comments on a whole goal row, target, follow-up or
// figures cell, and proposes new target values. Over the real server with
// real y-websocket clients: such threads are stored and reach an editor, who
// finds the node they are about; a hostile commenter's anchors of any other
// shape, decisions and direct body writes are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, COMMENTS_SUFFIX, Close, planSchema, type Role } from '../../schema'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import {
  THREADS_MAP,
  createNodeAnchor,
  createThread,
  listThreads,
  pathOfPos,
  posOfPath,
  recordDecision,
  resolveAnchor,
  type Author,
  type NodeAnchorType
} from '../../schema/comments'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient, nextClose } from '../../testkit/y-client'

const ROOM = DEMO_PLAN_ID + COMMENTS_SUFFIX
const lars: Author = { name: 'Lars', group: 'council', uid: 'invite-lars' }
const anne: Author = { name: 'Anne Andersen', group: 'administration', uid: 'invite-anne' }

let t: TestServer
let body: YClient
let watcher: YClient
beforeAll(async () => {
  t = await startTestServer()
  body = join('viewer', { name: 'Viewer', group: 'administration', uid: 'invite-viewer' }, DEMO_PLAN_ID)
  watcher = join('editor', anne)
  await Promise.all([body.synced(), watcher.synced()])
})
afterAll(async () => {
  body.destroy()
  watcher.destroy()
  await t.stop()
  removeDir(t.dataDir)
})

function join(role: Role, who: Author, room = ROOM): YClient {
  const token = t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role, name: who.name, group: who.group, sub: who.uid, days: 1 })
  return connectClient(t.wsUrl, room, token)
}

const fragment = () => body.doc.getXmlFragment(BODY_FRAGMENT)
const pmDoc = (): PMNode => yXmlFragmentToProseMirrorRootNode(fragment(), planSchema)

/** The position of the first node of `type` (with `id`, when given). */
function find(type: NodeAnchorType, id?: string): number {
  let found = -1
  pmDoc().descendants((n, pos) => {
    if (found < 0 && n.type.name === type && (id === undefined || n.attrs.id === id)) found = pos
    return found < 0
  })
  if (found < 0) throw new Error(`no ${type} ${id ?? ''}`)
  return found
}

const anchorOn = (type: NodeAnchorType, id?: string) => createNodeAnchor(fragment(), pathOfPos(pmDoc(), find(type, id)), type, `om ${type}`)!

async function refused(role: Role, who: Author, forge: (c: YClient) => void, room = ROOM, code: number = Close.NotPermitted.code): Promise<void> {
  const c = join(role, who, room)
  await c.synced()
  const closed = nextClose(c)
  forge(c)
  expect(await closed).toBe(code)
}

describe('comments on whole nodes', () => {
  it('a commenter comments on a goal, a target, a follow-up and a figures cell; an editor finds each node', async () => {
    const c = join('commenter', lars)
    await c.synced()
    const cases: Array<[NodeAnchorType, string | undefined]> = [
      ['goal', DEMO_IDS.goalSick],
      ['target', DEMO_IDS.targetSickLevel],
      ['follow_up', DEMO_IDS.followSick1],
      ['figures_cell', undefined]
    ]
    const ids = cases.map(([type, id]) => createThread(c.doc, { anchor: anchorOn(type, id), author: lars, text: `Spørgsmål om ${type}` }))
    await eventually(() => expect(listThreads(watcher.doc).filter((x) => ids.includes(x.id))).toHaveLength(4))
    for (const [i, [type, id]] of cases.entries()) {
      const th = listThreads(watcher.doc).find((x) => x.id === ids[i])!
      const r = resolveAnchor(fragment(), th.anchor)
      expect(r.attached).toBe(true)
      const node = pmDoc().nodeAt(posOfPath(pmDoc(), r.path!)!)!
      expect(node.type.name).toBe(type)
      if (id) expect(node.attrs.id).toBe(id)
    }
    c.destroy()
  })

  it('a commenter proposes target values as a suggestion thread; only an editor decides it', async () => {
    const c = join('commenter', lars)
    await c.synced()
    const suggestion = {
      kind: 'target' as const,
      targetId: DEMO_IDS.targetSickLevel,
      attrs: { targetValue: 420, targetPeriod: '2020', comparator: '<=' },
      base: { targetValue: 438, targetPeriod: '2019', comparator: '<=' }
    }
    const id = createThread(c.doc, { anchor: anchorOn('target', DEMO_IDS.targetSickLevel), author: lars, text: 'Forslag: højst 420 i 2020', suggestion })
    await eventually(() => expect(listThreads(watcher.doc).find((x) => x.id === id)?.suggestion).toEqual(suggestion))
    c.destroy()
    // Only the target's value, period and comparator, with the values they replace.
    const bad: unknown[] = [
      { ...suggestion, attrs: { id: 'another-id' }, base: { id: DEMO_IDS.targetSickLevel } },
      { ...suggestion, attrs: { targetValue: 'mange' }, base: { targetValue: 438 } },
      { ...suggestion, attrs: { targetPeriod: 'snart' }, base: { targetPeriod: '2019' } },
      { ...suggestion, attrs: { comparator: '<' }, base: { comparator: '<=' } },
      { ...suggestion, base: { targetValue: 438 } },
      { ...suggestion, attrs: {}, base: {} },
      { ...suggestion, extra: true }
    ]
    for (const s of bad)
      await refused('commenter', lars, (x) =>
        createThread(x.doc, { anchor: anchorOn('target', DEMO_IDS.targetSickLevel), author: lars, text: 'Forslag', suggestion: s as never })
      )
    await refused('commenter', lars, (x) => recordDecision(x.doc, id, lars, 'accepted'))
    // A decision is outcome, by, at, and for an accepted text where it stands: nothing else, even from an editor.
    const decision = (extra: object) => ({ outcome: 'accepted', by: anne, at: new Date().toISOString(), ...extra })
    for (const extra of [{ note: 'x' }, { applied: anchorOn('goal', DEMO_IDS.goalSick) }, { applied: 'here' }])
      await refused('editor', anne, (x) => (x.doc.getMap(THREADS_MAP).get(id) as Y.Map<unknown>).set('decision', decision(extra)))
    await refused('editor', anne, (x) =>
      (x.doc.getMap(THREADS_MAP).get(id) as Y.Map<unknown>).set('decision', {
        ...decision({ applied: { start: null, end: null, quote: 'x' } }),
        outcome: 'rejected'
      })
    )
    recordDecision(watcher.doc, id, anne, 'accepted')
    const check = join('viewer', { name: 'V', group: 'council', uid: 'invite-v' })
    await eventually(() => expect(listThreads(check.doc).find((x) => x.id === id)?.decision?.outcome).toBe('accepted'))
    check.destroy()
  })

  it('refuses any other anchor shape from a commenter', async () => {
    const good = () => anchorOn('goal', DEMO_IDS.goalSick)
    const forged: unknown[] = [
      { ...good(), node: 'paragraph' },
      { ...good(), at: 'not a position' },
      { ...good(), id: 42 },
      { ...good(), extra: 'x' },
      { node: 'goal', at: good().at, quote: 'no id key' },
      { start: null, end: null, quote: 'x', node: 'goal' },
      { start: null, end: null, quote: 'x', script: '<img>' },
      { start: null, end: null },
      'a string'
    ]
    for (const anchor of forged) await refused('commenter', lars, (c) => createThread(c.doc, { anchor: anchor as never, author: lars, text: 'Hvorfor?' }))
    // Nor can an anchor be changed after the thread was made.
    const ok = join('commenter', lars)
    await ok.synced()
    const id = createThread(ok.doc, { anchor: good(), author: lars, text: 'Min tråd' })
    await eventually(() => expect(listThreads(watcher.doc).some((x) => x.id === id)).toBe(true))
    ok.destroy()
    await refused('commenter', lars, (c) => (c.doc.getMap(THREADS_MAP).get(id) as Y.Map<unknown>).set('anchor', anchorOn('target', DEMO_IDS.targetSickLevel)))
  })

  it("refuses a commenter applying a suggestion to the body itself (the body is the editors')", async () => {
    await refused(
      'commenter',
      lars,
      (c) => {
        const target = [...c.doc.getXmlFragment(BODY_FRAGMENT).createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'target')][0] as Y.XmlElement
        target.setAttribute('targetValue', 1 as never)
      },
      DEMO_PLAN_ID,
      Close.ReadOnly.code
    )
  })
})
