import type { IncomingMessage, ServerResponse } from 'node:http'
import { ROLES, isOneOf, isValidPlanId, type TokenClaims } from '../../schema'
import { issueInvite, publicInvite } from '../auth/access'
import { claimsForPlan } from '../auth/plan-access'
import { log } from '../log'
import type { InviteRecord, Store } from '../storage/store'
import { RequestError, readJsonObject, sendJson, sendNoContent } from './request-error'

// `/api/tokens[/:id]`: personal API tokens for scripts. A token is an
// invitation row of kind `api` with a signed token naming it, so it is
// verified, refused once revoked, and its open sockets are closed, exactly
// like a link. It is sent as `Authorization: Bearer` and shown only once.

/** Longest validity of an API token, in days. */
export const MAX_API_TOKEN_DAYS = 365

/** Handle the API tokens. `changed` closes sockets opened with a token just revoked. */
export async function handleApiTokens(store: Store, secret: Buffer, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, tokenId: string | undefined, changed: () => void): Promise<void> {
  if (claims.role !== 'admin') throw new RequestError(403, 'Kun administratorer kan lave API-nøgler. / Only administrators manage API tokens.')
  // An administrator of one plan sees and makes tokens for that plan; only an all-plans administrator for `*`.
  const manages = (plan: string) => (plan === '*' ? claims.plan === '*' : claimsForPlan(store, claims, plan)?.role === 'admin')
  if (tokenId === undefined && req.method === 'POST') {
    const b = await readJsonObject(req)
    const name = typeof b.name === 'string' ? b.name.trim().slice(0, 100) : ''
    if (!name) throw new RequestError(400, 'Giv nøglen et navn (hvad den bruges til). / An API token needs a name.')
    const plan = b.plan === undefined ? claims.plan : b.plan
    if (typeof plan !== 'string' || (plan !== '*' && !isValidPlanId(plan))) throw new RequestError(400, 'Ugyldig plan. / Invalid plan.')
    if (!manages(plan)) throw new RequestError(403, 'Du er ikke administrator af den plan. / You do not administer that plan.')
    if (plan !== '*' && !store.getPlan(plan)) throw new RequestError(404, `Planen ${plan} findes ikke. / No plan ${plan}.`)
    const role = b.role === undefined ? (plan === '*' ? 'admin' : 'viewer') : b.role
    if (!isOneOf(ROLES, role)) throw new RequestError(400, `Ugyldig rolle; brug ${ROLES.join(', ')}. / Invalid role.`)
    if (plan === '*' && role !== 'admin') throw new RequestError(400, 'En nøgle til alle planer er altid en administrators. / A token for every plan is an administrator token.')
    const days = b.days === undefined ? 90 : b.days
    if (typeof days !== 'number' || !(days > 0 && days <= MAX_API_TOKEN_DAYS)) throw new RequestError(400, `Antal dage skal være mellem 1 og ${MAX_API_TOKEN_DAYS}. / days must be in (0, ${MAX_API_TOKEN_DAYS}].`)
    const { token, invite } = issueInvite(store, secret, { plan, role, group: 'administration', name, days, createdBy: claims.name, kind: 'api' })
    log('info', 'api-token-created', { token: invite.id, plan, role, by: claims.name })
    return sendJson(res, 201, { token, apiToken: publicInvite(invite) })
  }
  if (tokenId === undefined && req.method === 'GET') {
    return sendJson(res, 200, { apiTokens: store.listApiTokens().filter((t) => manages(t.plan)).map((t) => publicInvite(t)) })
  }
  if (tokenId !== undefined && req.method === 'DELETE') {
    const t: InviteRecord | null = store.getInvite(tokenId)
    if (!t || t.kind !== 'api' || !manages(t.plan)) throw new RequestError(404, 'API-nøglen findes ikke. / No such API token.')
    if (store.revokeInvite(tokenId, new Date().toISOString())) {
      log('info', 'api-token-revoked', { token: tokenId, by: claims.name })
      changed()
    }
    return sendNoContent(res)
  }
  throw new RequestError(405, 'Method not allowed')
}
