// Random and mutated protocol messages at the server: it never crashes, the
// offending connection is closed, and other clients in the same room carry
// on as if nothing happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, inviteToken, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, syncReplyMessage, textUpdate, updateMessage } from '../helpers/raw-socket'

let server: ServerProcess
let token: string
let a: YClient
let b: YClient

beforeAll(async () => {
  server = await startServerProcess()
  token = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Fuzzer', group: 'administration' })
  a = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
  b = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => {
  a?.destroy()
  b?.destroy()
  await server?.dispose()
})

/** The room still works: a paragraph typed by A reaches B. */
async function roomStillWorks(label: string): Promise<void> {
  const text = `still works after ${label} ${Math.random()}`
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text)
  p.insert(0, [t])
  a.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [p])
  await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(text), 5_000)
  const health = await fetch(`${server.httpUrl}/healthz`)
  expect(health.status).toBe(200)
}

const bytes = (...xs: number[]) => new Uint8Array(xs)

function hostileDeleteUpdate(): Uint8Array {
  // A delete set for a client the document has never seen.
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // no structs
  encoding.writeVarUint(e, 1) // one client in the delete set
  encoding.writeVarUint(e, 987654321)
  encoding.writeVarUint(e, 1)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1_000_000)
  return encoding.toUint8Array(e)
}

function missingParentUpdate(): Uint8Array {
  // One item whose left neighbour (the client's 500 earlier characters) the server never got.
  const d = new Y.Doc()
  d.clientID = 424242
  const text = d.getText('x')
  text.insert(0, 'a'.repeat(500))
  const sv = Y.encodeStateVector(d)
  text.insert(500, 'b')
  return Y.diffUpdate(Y.encodeStateAsUpdate(d), sv)
}

describe('fuzzed protocol messages', () => {
  const cases: Array<[string, () => Uint8Array]> = [
    ['an empty message', () => bytes()],
    ['a truncated varint', () => bytes(0, 2, 0xff, 0xff)],
    ['a huge declared length', () => bytes(0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3)],
    ['an unknown message type', () => bytes(42, 1, 2, 3)],
    ['an unknown sync sub-type', () => bytes(0, 9, 1, 0)],
    ['a truncated update', () => updateMessage(textUpdate('kort').slice(0, 7))],
    ['a garbled update', () => updateMessage(textUpdate('rodet').map((x, i) => (i > 3 ? x ^ 0x5a : x)))],
    [
      'a v2 update sent as v1',
      () =>
        updateMessage(
          Y.encodeStateAsUpdateV2(
            (() => {
              const d = new Y.Doc()
              d.getText('t').insert(0, 'v2')
              return d
            })()
          )
        )
    ],
    ['a delete of unknown ranges', () => updateMessage(hostileDeleteUpdate())],
    ['an update whose history is missing', () => updateMessage(missingParentUpdate())],
    ['a malformed awareness message', () => bytes(1, 5, 1, 2)]
  ]

  it.each(cases)('%s closes that connection only', async (label, make) => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, token)
    // After its sync reply, as an honest client would be: before it, updates missing their history are dropped, not refused.
    raw.send(syncReplyMessage())
    raw.send(make())
    const closed = await Promise.race([raw.closed, new Promise<null>((r) => setTimeout(() => r(null), 5_000))])
    expect(closed, `${label}: the server closed the connection`).not.toBeNull()
    expect([Close.Malformed.code, Close.BadRequest.code]).toContain(closed!.code)
    expect(closed!.reason).not.toBe('')
    await roomStillWorks(label)
  })

  it('survives 300 random messages on 30 connections', async () => {
    let x = 99
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648)
    for (let c = 0; c < 30; c++) {
      const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, token)
      for (let m = 0; m < 10; m++) {
        const len = 1 + Math.floor(rand() * 64)
        raw.send(Uint8Array.from({ length: len }, () => Math.floor(rand() * 256)))
      }
      raw.ws.close()
    }
    await roomStillWorks('random messages')
    // The legitimate clients never lost their connection.
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
  }, 60_000)
})
