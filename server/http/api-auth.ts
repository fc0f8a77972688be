import type { IncomingMessage } from 'node:http'
import { isValidPlanId, type TokenClaims } from '../../schema'
import { verifyAccess, type AccessError } from '../auth/access'
import { claimsForPlan } from '../auth/plan-access'
import { sessionCookie, sessionOf } from '../auth/sessions'
import { planIsOpen } from '../plans'
import type { ApiContext } from './api-context'
import { HttpError } from './http-error'

// Who is asking a REST call, and what they may do in one plan: the same
// tokens and sessions as the socket, refused with the same words.

/** The bearer token of a request (scripts, and the one exchange for a session), else `?token=`. */
export function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  return url.searchParams.get('token')
}

/** The refusal for a token or session that does not open anything. */
export const refusedAccess = (error: AccessError | 'missing' | 'expired' | 'revoked'): HttpError =>
  new HttpError(error === 'expired' ? 'token-expired' : error === 'revoked' ? 'access-revoked' : 'unauthorized')

/** Who is asking: a bearer token, else the session cookie. 401 when neither opens anything. */
export async function authenticate(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<TokenClaims> {
  const token = tokenOf(req, url)
  if (token === null && sessionCookie(req) !== null) {
    const s = await sessionOf(ctx.store, req)
    if ('error' in s) throw refusedAccess(s.error)
    ctx.seen(s.claims.sub)
    return s.claims
  }
  const r = await verifyAccess(ctx.store, ctx.secret, token)
  if ('error' in r) throw refusedAccess(r.error)
  ctx.seen(r.claims.sub)
  return r.claims
}

/** The asker's claims in plan `id`, deleted or not (400 for a malformed id, 403 when they have none there). */
export async function planAccessEvenDeleted(ctx: ApiContext, claims: TokenClaims, id: string): Promise<TokenClaims> {
  if (!isValidPlanId(id)) throw new HttpError('invalid-plan-id', { plan: String(id).slice(0, 100) })
  const inPlan = await claimsForPlan(ctx.store, claims, id)
  if (!inPlan) throw new HttpError('forbidden')
  return inPlan
}

/** The asker's claims in plan `id`, which must exist and not be deleted (404 `plan-not-found` / `plan-deleted` otherwise). */
export async function planAccess(ctx: ApiContext, claims: TokenClaims, id: string): Promise<TokenClaims> {
  const inPlan = await planAccessEvenDeleted(ctx, claims, id)
  if (!(await planIsOpen(ctx.store, id))) {
    // Both 404; the code lets the page say that an administrator can still restore it.
    throw new HttpError((await ctx.store.getPlan(id)) === null ? 'plan-not-found' : 'plan-deleted', { plan: id })
  }
  return inPlan
}
