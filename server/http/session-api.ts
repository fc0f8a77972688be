import type { TokenClaims } from '../../schema'
import { verifyAccess } from '../auth/access'
import { clearedCookie, openSession, sessionOf } from '../auth/sessions'
import { authenticate, planAccess, refusedAccess, tokenOf } from './api-auth'
import type { Call } from './api-context'
import { HttpError } from './http-error'
import { sendJson } from './respond'

// `/api/session`: exchange a link's token for a cookie (POST), read who I am
// (GET), sign out (DELETE).

/** What the page may know about its own access (everything but the signature). */
export const publicClaims = (c: TokenClaims) => ({
  plan: c.plan,
  role: c.role,
  group: c.group,
  name: c.name,
  exp: c.exp,
  ...(c.sub !== undefined ? { sub: c.sub } : {}),
  ...(c.user !== undefined ? { signedIn: true } : {})
})

const secureCookies = (call: Call) => call.ctx.publicUrl().startsWith('https:')

/** POST: exchange the bearer token of a link for a session cookie. */
export async function openSessionCall(call: Call): Promise<void> {
  const { ctx, req, res, url } = call
  const token = tokenOf(req, url)
  if (token === null) throw new HttpError('token-required')
  const r = await verifyAccess(ctx.store, ctx.secret, token)
  if ('error' in r) throw refusedAccess(r.error)
  const { cookie } = await openSession(ctx.store, r.claims, secureCookies(call))
  res.writeHead(201, { 'set-cookie': cookie, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify({ me: publicClaims(r.claims) }))
}

/** GET: who I am; with `?plan=`, who I am in that plan (a signed-in person's role there is their member row). */
export async function whoAmI(call: Call): Promise<void> {
  const claims = await authenticate(call.ctx, call.req, call.url)
  const plan = call.url.searchParams.get('plan')
  sendJson(call.res, 200, { me: publicClaims(plan === null ? claims : await planAccess(call.ctx, claims, plan)) })
}

/** DELETE: end the session (if any) and clear the cookie. */
export async function signOut(call: Call): Promise<void> {
  const { ctx, req, res } = call
  const s = await sessionOf(ctx.store, req)
  if (!('error' in s)) {
    await ctx.store.revokeSession(s.id, new Date().toISOString())
    ctx.revoked()
  }
  res.writeHead(204, { 'set-cookie': clearedCookie(secureCookies(call)), 'cache-control': 'no-store' })
  res.end()
}
