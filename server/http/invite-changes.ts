import { GROUPS, ROLES, isOneOf, type TokenClaims } from '../../schema'
import type { InviteChange, InviteRecord, Store } from '../storage/store'

// PATCH /api/plans/:id/invites/:invite — an administrator changes what an
// invitation grants. The row is what every check reads (access.ts
// fromInvite), so the change applies to the next socket and REST call; the
// server's access sweep closes the sockets already open with `access-changed`
// and they reconnect with the new role.

/** The outcome of a change: the changed row, or an HTTP status and a message saying what was wrong. */
export type InviteChangeResult = { invite: InviteRecord } | { status: number; error: string }

/** Validate and apply `{role?, group?}` to invitation `inviteId` of plan `planId`, asked by `asker` (an administrator). */
export function changeInvite(store: Store, asker: TokenClaims, planId: string, inviteId: string, body: unknown): InviteChangeResult {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { role?: unknown; group?: unknown }
  if (b.role === undefined && b.group === undefined) return { status: 400, error: 'Angiv en ny rolle eller gruppe. / Send role or group to change.' }
  if (b.role !== undefined && !isOneOf(ROLES, b.role)) return { status: 400, error: `Ukendt rolle. Brug ${ROLES.join(', ')}. / Unknown role "${String(b.role).slice(0, 40)}".` }
  if (b.group !== undefined && !isOneOf(GROUPS, b.group)) return { status: 400, error: `Ukendt gruppe. Brug ${GROUPS.join(', ')}. / Unknown group "${String(b.group).slice(0, 40)}".` }
  const current = store.getInvite(inviteId)
  if (!current || current.plan !== planId) return { status: 404, error: 'Invitationen findes ikke for denne plan. / No such invitation for this plan.' }
  if (current.revokedAt !== null) return { status: 409, error: 'Invitationen er trukket tilbage og kan ikke ændres. Lav en ny. / A revoked invitation cannot be changed.' }
  // An administrator who demotes the link they are using locks themselves out of this very dialog.
  if (asker.sub === inviteId) return { status: 409, error: 'Du kan ikke ændre din egen adgang. / You cannot change your own access.' }
  const change: InviteChange = { ...(b.role !== undefined ? { role: b.role } : {}), ...(b.group !== undefined ? { group: b.group } : {}) }
  const invite = store.changeInvite(inviteId, change)
  if (!invite) return { status: 409, error: 'Invitationen blev trukket tilbage imens. / The invitation was revoked meanwhile.' }
  return { invite }
}
