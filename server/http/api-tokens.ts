import { ROLES, isOneOf, isValidPlanId, type TokenClaims } from '../../schema'
import { issueInvite, publicInvite } from '../auth/access'
import { claimsForPlan } from '../auth/plan-access'
import { log } from '../log'
import type { InviteRecord, Store } from '../storage/store'
import type { SignedInCall } from './api-context'
import { HttpError } from './http-error'
import { readJsonObject, sendJson, sendNoContent } from './respond'

// `/api/tokens[/:token]`: personal API tokens for scripts. A token is an
// invitation row of kind `api` with a signed token naming it, so it is
// verified, refused once revoked, and its open sockets are closed, exactly
// like a link. It is sent as `Authorization: Bearer` and shown only once.

/** Longest validity of an API token, in days. */
export const MAX_API_TOKEN_DAYS = 365

/** Whether `claims` may see and make tokens for `plan`: an administrator of that plan; only an all-plans administrator for `*`. */
const manages = async (store: Store, claims: TokenClaims, plan: string): Promise<boolean> =>
  plan === '*' ? claims.plan === '*' : (await claimsForPlan(store, claims, plan))?.role === 'admin'

const adminsOnly = (claims: TokenClaims) => {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'manage API tokens' })
}

/** POST `{name, plan?, role?, days?}`: a new API token, shown once. */
export async function createApiToken({ ctx, req, res, claims }: SignedInCall): Promise<void> {
  adminsOnly(claims)
  const { store, secret } = ctx
  const b = await readJsonObject(req)
  const name = typeof b.name === 'string' ? b.name.trim().slice(0, 100) : ''
  if (!name) throw new HttpError('invalid-field', { field: 'name' })
  const plan = b.plan === undefined ? claims.plan : b.plan
  if (typeof plan !== 'string' || (plan !== '*' && !isValidPlanId(plan))) throw new HttpError('invalid-field', { field: 'plan' })
  if (!(await manages(store, claims, plan))) throw new HttpError('admin-only', { action: 'make tokens for that plan' })
  if (plan !== '*' && !(await store.getPlan(plan))) throw new HttpError('plan-not-found', { plan })
  const role = b.role === undefined ? (plan === '*' ? 'admin' : 'viewer') : b.role
  if (!isOneOf(ROLES, role)) throw new HttpError('invalid-field', { field: 'role' })
  // A token for every plan is an administrator token.
  if (plan === '*' && role !== 'admin') throw new HttpError('invalid-field', { field: 'role' })
  const days = b.days === undefined ? 90 : b.days
  if (typeof days !== 'number' || !(days > 0 && days <= MAX_API_TOKEN_DAYS)) throw new HttpError('invalid-field', { field: 'days' })
  const { token, invite } = await issueInvite(store, secret, { plan, role, group: 'administration', name, days, createdBy: claims.name, kind: 'api' })
  log('info', 'api-token-created', { token: invite.id, plan, role, by: claims.name })
  sendJson(res, 201, { token, apiToken: publicInvite(invite) })
}

/** GET: the tokens this administrator manages (never the tokens themselves). */
export async function listApiTokens({ ctx, res, claims }: SignedInCall): Promise<void> {
  adminsOnly(claims)
  const tokens = await ctx.store.listApiTokens()
  const managed = await Promise.all(tokens.map((t) => manages(ctx.store, claims, t.plan)))
  sendJson(res, 200, { apiTokens: tokens.filter((_, i) => managed[i]).map((t) => publicInvite(t)) })
}

/** DELETE: revoke a token; its open sockets close at once. */
export async function revokeApiToken({ ctx, res, claims, params }: SignedInCall): Promise<void> {
  adminsOnly(claims)
  const tokenId = params.token!
  const t: InviteRecord | null = await ctx.store.getInvite(tokenId)
  if (!t || t.kind !== 'api' || !(await manages(ctx.store, claims, t.plan))) throw new HttpError('api-token-not-found')
  if (await ctx.store.revokeInvite(tokenId, new Date().toISOString())) {
    log('info', 'api-token-revoked', { token: tokenId, by: claims.name })
    ctx.revoked()
  }
  sendNoContent(res)
}
