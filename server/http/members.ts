import type { IncomingMessage, ServerResponse } from 'node:http'
import { GROUPS, ROLES, isOneOf, type TokenClaims } from '../../schema'
import { log } from '../log'
import type { Store } from '../storage/store'
import { RequestError, readJsonObject, sendJson, sendNoContent } from './request-error'

// `/api/plans/:id/members[/:user]`: a plan's administrators decide who of
// the people signed in with the organisation's provider may do what in it.
// A person must have signed in once before they can be added (the first
// sign-in shows them "ask an administrator"): we never bind access to an
// e-mail address someone has not yet proven at the provider.

/**
 * Handle the members of one plan. `claims` are the asker's claims in this
 * plan (already resolved); `changed` closes sockets whose access changed.
 */
export async function handleMembers(store: Store, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, planId: string, userId: string | undefined, changed: () => void): Promise<void> {
  if (claims.role !== 'admin') throw new RequestError(403, 'Kun administratorer kan se og ændre, hvem der har adgang. / Only administrators manage members.')
  if (userId === undefined && req.method === 'GET') {
    // With who they are, for the sharing dialog ("last seen": their last sign-in).
    const members = store.listMembers(planId).map((m) => {
      const u = store.getUser(m.user)
      return { ...m, name: u?.name ?? m.user, email: u?.email ?? null, lastLoginAt: u?.lastLoginAt ?? null }
    })
    return sendJson(res, 200, { members })
  }
  if (userId === undefined && req.method === 'POST') {
    const b = await readJsonObject(req)
    if (!isOneOf(ROLES, b.role) || !isOneOf(GROUPS, b.group)) throw new RequestError(400, `Angiv rolle (${ROLES.join(', ')}) og gruppe (${GROUPS.join(', ')}). / A member needs role and group.`)
    const user = typeof b.user === 'string' ? store.getUser(b.user) : typeof b.email === 'string' ? onlyUserWith(store, b.email.trim()) : undefined
    if (user === undefined) throw new RequestError(400, 'Angiv personens e-mail eller bruger-id. / Give the person\'s email or user id.')
    if (user === null) throw new RequestError(404, 'Personen har ikke logget ind endnu. Bed dem logge ind én gang, så kan du give dem adgang. / No such user has signed in yet.')
    const existing = store.getMember(user.id, planId)
    store.putMember({ user: user.id, plan: planId, role: b.role, group: b.group, createdBy: claims.name, createdAt: existing?.createdAt ?? new Date().toISOString() })
    log('info', existing ? 'member-changed' : 'member-added', { plan: planId, user: user.id, role: b.role, by: claims.name })
    // Their open sockets still carry the old role: close them so they reconnect with the new one.
    if (existing) changed()
    return sendJson(res, existing ? 200 : 201, { member: { ...store.getMember(user.id, planId), name: user.name, email: user.email } })
  }
  if (userId !== undefined && req.method === 'DELETE') {
    if (!store.removeMember(userId, planId)) throw new RequestError(404, 'Personen er ikke medlem af denne plan. / No such member of this plan.')
    log('info', 'member-removed', { plan: planId, user: userId, by: claims.name })
    changed()
    return sendNoContent(res)
  }
  throw new RequestError(405, 'Method not allowed')
}

/** The one user who signed in with this address; null for none, 409 when it is ambiguous (two providers). */
function onlyUserWith(store: Store, email: string) {
  const users = store.findUsersByEmail(email)
  if (users.length > 1) throw new RequestError(409, 'Flere personer har logget ind med denne e-mail; angiv bruger-id. / Several users have this email; give the user id.')
  return users[0] ?? null
}
