import { randomUUID } from 'node:crypto'
import type { Group, Role, TokenClaims } from '../../schema'
import type { InviteKind, InviteRecord, Store } from '../storage/store'
import { expiryAfterDays, signToken, verifyToken, type TokenError } from './tokens'

// Access is an invitation row plus a signed link that names it (`sub`). The
// signature proves the link was issued here; the row says whether it still
// holds. Revoking the row refuses the link on its next use, and the server's
// sweep (app.ts) closes the sockets already open with it.
//
// Links signed before invitations were rows carry no `sub`: they stay valid
// until they expire and cannot be revoked one by one (replacing
// DATA_DIR/token-secret cuts them all off).

/** What an issued invitation needs. */
export interface InviteInput {
  plan: string
  role: Role
  group: Group
  name: string
  /** Days until it expires (may be a fraction, for tests). */
  days: number
  createdBy: string
  /** A fixed id (tests); a fresh one otherwise. */
  id?: string
  /** `api` for a personal API token; an invitation link otherwise. */
  kind?: InviteKind
}

/** Why access was refused: the token's own fault, or its invitation is gone. */
export type AccessError = TokenError | 'revoked'

/** Longest validity of an invitation, in days. */
export const MAX_INVITE_DAYS = 3650

/** Create an invitation row and the signed link token that opens it. */
export async function issueInvite(store: Store, secret: Buffer, input: InviteInput): Promise<{ token: string; invite: InviteRecord }> {
  const made = newInvite(secret, input)
  await store.createInvite(made.invite)
  return made
}

/** An invitation row and its signed link token, not yet stored (issueInvite stores it). */
export function newInvite(secret: Buffer, input: InviteInput): { token: string; invite: InviteRecord } {
  const now = Date.now()
  const exp = expiryAfterDays(input.days, now)
  const invite: InviteRecord = {
    id: input.id ?? randomUUID(),
    plan: input.plan,
    role: input.role,
    group: input.group,
    name: input.name,
    createdBy: input.createdBy,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
    revokedAt: null,
    ...(input.kind !== undefined ? { kind: input.kind } : {})
  }
  const claims: TokenClaims = { plan: invite.plan, role: invite.role, group: invite.group, name: invite.name, exp, sub: invite.id }
  return { token: signToken(secret, claims), invite }
}

/** Verify a token and that its invitation still holds. */
export async function verifyAccess(store: Store, secret: Buffer, token: string | null | undefined): Promise<{ claims: TokenClaims } | { error: AccessError }> {
  const verified = verifyToken(secret, token)
  if ('error' in verified) return verified
  const sub = verified.claims.sub
  if (sub !== undefined) {
    const invite = await store.getInvite(sub)
    if (!invite || invite.revokedAt !== null) return { error: 'revoked' }
    return { claims: fromInvite(verified.claims, invite) }
  }
  return verified
}

/**
 * The claims a link or session grants now: the row decides role, group and
 * name (an administrator may have changed them since the link was signed);
 * the signed link still decides which plan and until when.
 */
export const fromInvite = (claims: TokenClaims, invite: InviteRecord): TokenClaims => ({ ...claims, role: invite.role, group: invite.group, name: invite.name })

/** Whether claims an open socket was accepted with no longer match its invitation row (it must reconnect). */
export const inviteChanged = (claims: TokenClaims, invite: InviteRecord | null): boolean =>
  invite !== null && (claims.role !== invite.role || claims.group !== invite.group || claims.name !== invite.name)

/** An invitation as the sharing list shows it (never the token: it is shown once, when issued). */
export const publicInvite = (i: InviteRecord, now = Date.now()) => ({
  ...i,
  lastSeenAt: i.lastSeenAt ?? null,
  /** How the person gets in: an invitation link (sign-in members will say 'sign-in'). */
  via: 'link' as const,
  state: i.revokedAt !== null ? ('revoked' as const) : Date.parse(i.expiresAt) < now ? ('expired' as const) : ('active' as const)
})
