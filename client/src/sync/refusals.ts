import type { WebsocketProvider } from 'y-websocket'
import { Close, closeNameOf } from '../../../schema'

// Shared by every connection the client opens to /sync (the editor's
// documents and the dashboard's read-only followers), so they agree on
// where the server is and on which refusals are worth retrying.

/** Close reasons that will come again on every retry: stop and say why instead. */
const FINAL_REASONS = new Set<string>([
  Close.Unauthorized.reason,
  Close.TokenExpired.reason,
  Close.Forbidden.reason,
  Close.NotFound.reason,
  Close.OutdatedClient.reason,
  Close.RoomUnavailable.reason,
  Close.BadRequest.reason,
  Close.NotPermitted.reason,
  Close.RoomFull.reason,
  Close.ReadOnly.reason,
  Close.AccessRevoked.reason
])

/**
 * For the provider's `shouldReconnect`: retry every close except a final
 * refusal. y-websocket's default treats every code from 4400 to 4499 as
 * final, which would leave a client that was rate-limited, cut off as a slow
 * consumer or refused for too many connections offline for good; those
 * retry with the provider's backoff (up to maxBackoffTime).
 */
export const shouldReconnect = (event: CloseEvent): boolean => {
  const name = closeNameOf(event.code)
  return name === null || !FINAL_REASONS.has(Close[name].reason)
}

/** The sync endpoint of the server that served this page. */
export const syncUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`

/**
 * Call `refused` when the server closes the socket with one of our reasons;
 * a final one also stops the provider from reconnecting.
 */
export function onRefusal(provider: WebsocketProvider, refused: (reason: string, final: boolean) => void): void {
  provider.on('connection-close', (event: CloseEvent | null) => {
    const name = event ? closeNameOf(event.code) : null
    if (!name) return
    const reason = Close[name].reason
    const final = FINAL_REASONS.has(reason)
    if (final) provider.shouldConnect = false
    refused(reason, final)
  })
}
