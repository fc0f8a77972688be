// Malformed bytes, truncated messages and bytes of the wrong format close
// that one connection with our Malformed reason and a log line; the process,
// the room and the other clients in it carry on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, Close } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, inviteToken, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage } from '../helpers/raw-socket'

let server: ServerProcess
let token: string
let a: YClient
let b: YClient

beforeAll(async () => {
  server = await startServerProcess()
  token = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Afsender', group: 'administration' })
  a = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
  b = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => {
  a?.destroy()
  b?.destroy()
  await server?.dispose()
})

const v2Update = () => {
  const d = new Y.Doc()
  d.getXmlFragment(BODY_FRAGMENT).insert(0, [new Y.XmlText('v2')])
  return Y.encodeStateAsUpdateV2(d)
}

describe('malformed messages', () => {
  const cases: Array<[string, () => Uint8Array | string]> = [
    ['random bytes', () => Uint8Array.from([0, 1, 0xde, 0xad, 0xbe, 0xef, 0x13, 0x37])],
    [
      'a truncated update',
      () => {
        const m = updateMessage(textUpdate('afkortet'))
        return m.slice(0, m.length - 5)
      }
    ],
    ['a truncated length prefix', () => Uint8Array.from([0, 2, 0x80])],
    ['a v2 update in a v1 message', () => updateMessage(v2Update())],
    ['an unknown message type', () => Uint8Array.from([77, 0])],
    ['a text frame', () => 'hello']
  ]

  it.each(cases)('%s closes only that connection, with a reason and a log line', async (label, make) => {
    const raw = await openRaw(server.wsUrl, DEMO_PLAN_ID, token)
    const logged = server.output.filter((l) => l.includes('malformed-message')).length
    raw.ws.send(make())
    const closed = await raw.closed
    expect(closed, label).toEqual({ code: Close.Malformed.code, reason: Close.Malformed.reason })
    await eventually(() => expect(server.output.filter((l) => l.includes('malformed-message')).length).toBeGreaterThan(logged))

    // The room carries on for everyone else.
    const text = `efter ${label} ${Math.random()}`
    a.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [new Y.XmlText(text)])
    await eventually(() => expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain(text))
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
  })
})
