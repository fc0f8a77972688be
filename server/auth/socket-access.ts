import type { IncomingMessage } from 'node:http'
import { Close, type CloseReason, type TokenClaims } from '../../schema'
import type { Store } from '../storage/store'
import { planIsOpen } from '../plans'
import { verifyAccess } from './access'
import { claimsForPlan } from './plan-access'
import { sessionOf } from './sessions'

// A socket's access is checked at its door, but admitting it awaits storage
// more than once (access, the plan, loading the room). Whatever this
// process changes meanwhile (a plan deleted, a link revoked, a role changed)
// would otherwise reach the socket only at the next sweep, after it joined:
// so the same questions are asked again just before it joins, and answered
// with the sweep's close reasons.

/** The close reason for a link or session refused at the door (expired, revoked, or not ours). */
export const closeForAccessError = (error: string): CloseReason =>
  error === 'expired' ? Close.TokenExpired : error === 'revoked' ? Close.AccessRevoked : Close.Unauthorized

/**
 * Why a socket admitted with `claims` may no longer join `planId`, or null
 * when it may: the plan was deleted (`not-found`), its link or session no
 * longer holds (`token-expired`, `access-revoked`), or its role, group or
 * name changed (`access-changed`: it reconnects under the new ones), as the
 * access sweep decides for open sockets.
 */
export async function accessLapsed(
  store: Store,
  secret: Buffer,
  req: IncomingMessage,
  token: string | null,
  planId: string,
  claims: TokenClaims
): Promise<CloseReason | null> {
  if (!(await planIsOpen(store, planId))) return Close.NotFound
  const again = token === null ? await sessionOf(store, req) : await verifyAccess(store, secret, token)
  if ('error' in again) return closeForAccessError(again.error)
  const now = await claimsForPlan(store, again.claims, planId)
  if (!now) return Close.AccessRevoked
  return now.role !== claims.role || now.group !== claims.group || now.name !== claims.name ? Close.AccessChanged : null
}
