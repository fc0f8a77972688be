// Which server closes the client retries (client/src/sync/refusals.ts).
// y-websocket's default gives up on every code from 4400 to 4499, so a
// client refused for too many connections (issue #11 item 3), rate-limited
// or cut off as a slow consumer stayed offline while saying "retrying".
import { describe, expect, it } from 'vitest'
import { Close, type CloseName } from '../../schema'
import { shouldReconnect } from '../../client/src/sync/refusals'

const closeEvent = (code: number) => ({ code, reason: '' }) as CloseEvent

describe('shouldReconnect', () => {
  it.each<CloseName>(['TooManyConnections', 'RateLimited', 'SlowConsumer', 'Malformed', 'ShuttingDown'])('retries after %s', (name) => {
    expect(shouldReconnect(closeEvent(Close[name].code))).toBe(true)
  })

  it.each<CloseName>(['Unauthorized', 'TokenExpired', 'Forbidden', 'NotFound', 'OutdatedClient', 'RoomUnavailable', 'BadRequest'])(
    'stops after %s (it would come again)',
    (name) => {
      expect(shouldReconnect(closeEvent(Close[name].code))).toBe(false)
    }
  )

  it('retries after a close that is not ours (network, proxy restart)', () => {
    expect(shouldReconnect(closeEvent(1006))).toBe(true)
    expect(shouldReconnect(closeEvent(4499))).toBe(true)
  })
})
