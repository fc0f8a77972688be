import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openRaw, textUpdate, updateMessage } from '../helpers/raw-socket'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ maxMessageBytes: 64 * 1024 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

describe('message size limit', () => {
  it('an oversized message closes that connection with a reason; others carry on', async () => {
    const other = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    await other.synced()
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    raw.send(updateMessage(textUpdate('x'.repeat(100 * 1024))))
    // ws stops reading at the limit and ends the connection with RFC 6455's
    // "message too big" (1009); the server logs it as a socket error.
    const closed = await raw.closed
    expect(closed.code).toBe(1009)
    // A message under the limit from someone else still goes through.
    const small = await openRaw(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    small.send(updateMessage(textUpdate('lille ændring')))
    await eventually(() => expect(JSON.stringify(other.doc.getXmlFragment('body').toJSON())).toContain('lille ændring'))
    small.ws.close()
    other.destroy()
  })
})
