import type { WebsocketProvider } from 'y-websocket'
import { Close } from '../../../schema'

// An administrator changed this person's role: the server closes the sockets
// with `access-changed`. The page was drawn for the old role (toolbar,
// comment buttons, read-only notice), so it reloads: the session then reads
// the new role from the server, and a short notice says what happened.
// Local changes are safe across the reload (journal and IndexedDB).

const RELOADED_AT = 'faellesplan.accessChangedAt'
const NOTICE = 'faellesplan.accessChangedNotice'
/** A second close within this time does not reload again (the body and comments sockets close together). */
const MIN_RELOAD_GAP_MS = 3_000

/** Reload the page once when the server says this person's access changed. */
export function reloadOnAccessChange(provider: WebsocketProvider): void {
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event?.code !== Close.AccessChanged.code) return
    if (Date.now() - Number(sessionStorage.getItem(RELOADED_AT) ?? 0) < MIN_RELOAD_GAP_MS) return
    provider.shouldConnect = false
    sessionStorage.setItem(RELOADED_AT, String(Date.now()))
    sessionStorage.setItem(NOTICE, '1')
    location.reload()
  })
}

/** Whether this page load follows such a reload; true once, so the notice is shown once. */
export function reloadedForAccessChange(): boolean {
  const was = sessionStorage.getItem(NOTICE) !== null
  sessionStorage.removeItem(NOTICE)
  return was
}
