import { accessLink } from '../auth/links'
import { GROUPS, ROLES, isOneOf, type TokenClaims } from '../../schema'
import { issueInvite, publicInvite } from '../auth/access'
import { log } from '../log'
import type { InviteChange, InviteRecord, Store } from '../storage/store'
import type { ApiContext, PlanCall } from './api-context'
import { HttpError } from './http-error'
import { readJsonObject, sendJson, sendNoContent } from './respond'

// `/api/plans/:plan/invites[/:invite]`: administrators invite, list, change
// and revoke. The row is what every check reads (access.ts fromInvite), so a
// change applies to the next socket and REST call; the server's access sweep
// closes the sockets already open with `access-changed` and they reconnect
// with the new role.

/** A link that opens plan `planId` (or the plan list, for `*`) with `token`. */
export const inviteLink = (ctx: ApiContext, token: string, planId: string): string => accessLink(ctx.publicUrl(), planId, token)

const adminsOnly = (claims: TokenClaims) => {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'manage access' })
}

/** GET: the plan's invitations (never their links). */
export async function listInvites({ ctx, res, claims, plan }: PlanCall): Promise<void> {
  adminsOnly(claims)
  sendJson(res, 200, { invites: (await ctx.store.listInvites(plan)).map((i) => publicInvite(i)) })
}

/** POST `{role, group, name, days?}`: a new invitation; its link is shown once, here. */
export async function createInvite({ ctx, req, res, claims, plan }: PlanCall): Promise<void> {
  adminsOnly(claims)
  const b = await readJsonObject(req, 64 * 1024)
  if (!isOneOf(ROLES, b.role)) throw new HttpError('invalid-field', { field: 'role' })
  if (!isOneOf(GROUPS, b.group)) throw new HttpError('invalid-field', { field: 'group' })
  if (typeof b.name !== 'string' || !b.name.trim()) throw new HttpError('invalid-field', { field: 'name' })
  const days = typeof b.days === 'number' && b.days > 0 && b.days <= 365 ? b.days : 30
  const { token, invite } = await issueInvite(ctx.store, ctx.secret, {
    plan,
    role: b.role,
    group: b.group,
    name: b.name.trim().slice(0, 100),
    days,
    createdBy: claims.name
  })
  log('info', 'invite-created', { plan, invite: invite.id, role: invite.role, by: claims.name })
  sendJson(res, 201, { url: inviteLink(ctx, token, plan), token, invite: publicInvite(invite) })
}

/** Validate and apply `{role?, group?}` to invitation `inviteId` of plan `planId`, asked by `asker` (an administrator). */
export async function changeInvite(store: Store, asker: TokenClaims, planId: string, inviteId: string, body: Record<string, unknown>): Promise<InviteRecord> {
  const { role, group } = body
  if (role === undefined && group === undefined) throw new HttpError('no-change', { fields: 'role, group' })
  if (role !== undefined && !isOneOf(ROLES, role)) throw new HttpError('invalid-field', { field: 'role' })
  if (group !== undefined && !isOneOf(GROUPS, group)) throw new HttpError('invalid-field', { field: 'group' })
  const current = await store.getInvite(inviteId)
  if (!current || current.plan !== planId) throw new HttpError('invite-not-found')
  if (current.revokedAt !== null) throw new HttpError('invite-revoked')
  // An administrator who demotes the link they are using locks themselves out of this very dialog.
  if (asker.sub === inviteId) throw new HttpError('own-access')
  const change: InviteChange = { ...(role !== undefined ? { role } : {}), ...(group !== undefined ? { group } : {}) }
  const invite = await store.changeInvite(inviteId, change)
  // Revoked between the check and the write.
  if (!invite) throw new HttpError('invite-revoked')
  return invite
}

/** PATCH `{role?, group?}`: change what an invitation grants; its open sockets reconnect under the new role. */
export async function changeInviteCall({ ctx, req, res, claims, plan, params }: PlanCall): Promise<void> {
  adminsOnly(claims)
  const invite = await changeInvite(ctx.store, claims, plan, params.invite!, await readJsonObject(req, 64 * 1024))
  log('info', 'invite-changed', { plan, invite: invite.id, role: invite.role, group: invite.group, by: claims.name })
  ctx.revoked()
  sendJson(res, 200, { invite: publicInvite(invite) })
}

/** DELETE: revoke an invitation; its open sockets close at once. */
export async function revokeInvite({ ctx, res, claims, plan, params }: PlanCall): Promise<void> {
  adminsOnly(claims)
  const inviteId = params.invite!
  const invite = await ctx.store.getInvite(inviteId)
  if (!invite || invite.plan !== plan) throw new HttpError('invite-not-found')
  if (await ctx.store.revokeInvite(inviteId, new Date().toISOString())) {
    log('info', 'invite-revoked', { plan, invite: inviteId, by: claims.name })
    ctx.revoked()
  }
  sendNoContent(res)
}
