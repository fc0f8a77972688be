import { GROUPS, ROLES, isOneOf, type TokenClaims } from '../../schema'
import { log } from '../log'
import type { Store } from '../storage/store'
import type { PlanCall } from './api-context'
import { HttpError } from './http-error'
import { readJsonObject, sendJson, sendNoContent } from './respond'

// `/api/plans/:plan/members[/:user]`: a plan's administrators decide who of
// the people signed in with the organisation's provider may do what in it.
// A person must have signed in once before they can be added (the first
// sign-in shows them "ask an administrator"): we never bind access to an
// e-mail address someone has not yet proven at the provider.

const adminsOnly = (claims: TokenClaims) => {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'manage members' })
}

/** GET: the plan's members, with who they are, for the sharing dialog ("last seen": their last sign-in). */
export async function listMembers({ ctx, res, claims, plan }: PlanCall): Promise<void> {
  adminsOnly(claims)
  const { store } = ctx
  const members = await Promise.all(
    (await store.listMembers(plan)).map(async (m) => {
      const u = await store.getUser(m.user)
      return { ...m, name: u?.name ?? m.user, email: u?.email ?? null, lastLoginAt: u?.lastLoginAt ?? null }
    })
  )
  sendJson(res, 200, { members })
}

/** POST `{user | email, role, group}`: add a member or change one's role (201 new, 200 changed). */
export async function putMember({ ctx, req, res, claims, plan }: PlanCall): Promise<void> {
  adminsOnly(claims)
  const { store } = ctx
  const b = await readJsonObject(req)
  if (!isOneOf(ROLES, b.role)) throw new HttpError('invalid-field', { field: 'role' })
  if (!isOneOf(GROUPS, b.group)) throw new HttpError('invalid-field', { field: 'group' })
  const user = typeof b.user === 'string' ? await store.getUser(b.user) : typeof b.email === 'string' ? await onlyUserWith(store, b.email.trim()) : undefined
  if (user === undefined) throw new HttpError('invalid-field', { field: 'email' })
  if (user === null) throw new HttpError('user-not-signed-in')
  const existing = await store.getMember(user.id, plan)
  await store.putMember({
    user: user.id,
    plan,
    role: b.role,
    group: b.group,
    createdBy: claims.name,
    createdAt: existing?.createdAt ?? new Date().toISOString()
  })
  log('info', existing ? 'member-changed' : 'member-added', { plan, user: user.id, role: b.role, by: claims.name })
  // Their open sockets still carry the old role: close them so they reconnect with the new one.
  if (existing) ctx.revoked()
  sendJson(res, existing ? 200 : 201, { member: { ...(await store.getMember(user.id, plan)), name: user.name, email: user.email } })
}

/** DELETE: remove a member; their open sockets close. */
export async function removeMember({ ctx, res, claims, plan, params }: PlanCall): Promise<void> {
  adminsOnly(claims)
  if (!(await ctx.store.removeMember(params.user!, plan))) throw new HttpError('member-not-found')
  log('info', 'member-removed', { plan, user: params.user, by: claims.name })
  ctx.revoked()
  sendNoContent(res)
}

/** The one user who signed in with this address; null for none, 409 when it is ambiguous (two providers). */
async function onlyUserWith(store: Store, email: string) {
  const users = await store.findUsersByEmail(email)
  if (users.length > 1) throw new HttpError('email-ambiguous')
  return users[0] ?? null
}
