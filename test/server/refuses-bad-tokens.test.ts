import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Close, commentsRoomOf } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { signToken } from '../../server'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { openRaw } from '../helpers/raw-socket'
import { errorOf } from '../helpers/rest-error'

let t: TestServer
let other: string
beforeAll(async () => {
  t = await startTestServer()
  const res = await fetch(`${t.httpUrl}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token('admin', { plan: '*' })}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'empty', title: 'Anden plan' })
  })
  other = ((await res.json()) as { plan: { id: string } }).plan.id
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const forged = () => {
  const [body] = t.token('admin').split('.')
  return `${body}.${Buffer.from('not the signature at all, 32 bytes').toString('base64url')}`
}
const expired = () => signToken(Buffer.alloc(32), { plan: DEMO_PLAN_ID, role: 'editor', name: 'x', group: 'administration', exp: 1 })

describe('tokens', () => {
  const cases: Array<[string, () => string, number, number]> = [
    ['missing', () => '', Close.Unauthorized.code, 401],
    ['forged', forged, Close.Unauthorized.code, 401],
    ['garbage', () => 'abc.def.ghi', Close.Unauthorized.code, 401],
    ['for another plan', () => t.token('admin', { plan: 'another-plan-id' }), Close.Forbidden.code, 403]
  ]

  it.each(cases)('a %s token gets nothing on the socket and over HTTP', async (_label, token, closeCode, status) => {
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, token())
    const closed = await raw.closed
    expect(closed.code).toBe(closeCode)
    expect(raw.received).toEqual([])
    for (const path of ['plan.json', 'goals.csv', 'comments.json', 'plan.md']) {
      const r = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/${path}?token=${encodeURIComponent(token())}`)
      expect(r.status, path).toBe(status)
      expect((await errorOf(r)).code).toBe(status === 403 ? 'forbidden' : 'unauthorized')
    }
  })

  it('an expired token is refused with its own reason', async () => {
    // Signed with the real secret but already expired.
    const token = t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role: 'editor', name: 'Gammel', group: 'administration', days: -1 })
    const raw = await openRaw(t.wsUrl, DEMO_PLAN_ID, token)
    expect((await raw.closed).code).toBe(Close.TokenExpired.code)
    const r = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { authorization: `Bearer ${token}` } })
    expect(r.status).toBe(401)
    expect((await errorOf(r)).code).toBe('token-expired')
    // A token signed with another secret is simply invalid.
    expect((await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${expired()}`)).status).toBe(401)
  })

  it('a plan token opens its plan only, even in the comments room and the plan list', async () => {
    const token = t.token('editor')
    const raw = await openRaw(t.wsUrl, commentsRoomOf(other), token)
    expect((await raw.closed).code).toBe(Close.Forbidden.code)
    const list = (await (await fetch(`${t.httpUrl}/api/plans?token=${token}`)).json()) as { plans: Array<{ id: string }> }
    expect(list.plans.map((p) => p.id)).toEqual([DEMO_PLAN_ID])
  })

  it('room names that are not plan ids are refused', async () => {
    for (const room of ['..%2F..%2Fetc', 'A', 'x'.repeat(80)]) {
      const raw = await openRaw(t.wsUrl, room, t.token('admin', { plan: '*' }))
      expect((await raw.closed).code).toBe(Close.BadRequest.code)
    }
  })
})
