import type { TokenClaims } from '../../schema'
import type { Store } from '../storage/store'
import { tokenOpensPlan } from './tokens'

// A link or API token names its plan (or `*`) in its claims. A person signed
// in with the organisation's provider is not tied to one plan: their session
// carries `user`, and what they may do in a plan is their membership row,
// looked up here at every socket open and REST call and again by the
// server's sweep, so removing a member or changing their role takes effect
// without waiting for their session to end.

/**
 * The claims that hold in one plan: the token's own when it opens the plan,
 * a member's role and group from their row, or null (no access). A user
 * whose session grants `*` (an administrator by the provider's role claim)
 * opens every plan as such.
 */
export async function claimsForPlan(store: Store, claims: TokenClaims, planId: string): Promise<TokenClaims | null> {
  if (claims.user === undefined || claims.plan === '*') return tokenOpensPlan(claims, planId) ? claims : null
  const member = await store.getMember(claims.user, planId)
  return member ? { ...claims, plan: planId, role: member.role, group: member.group } : null
}

/**
 * What became of the membership a socket was opened with: it holds, it was
 * changed (role or group: reconnect with the new one), or it is gone.
 */
export async function memberState(store: Store, opened: TokenClaims): Promise<'holds' | 'changed' | 'removed'> {
  if (opened.user === undefined || opened.plan === '*') return 'holds'
  const member = await store.getMember(opened.user, opened.plan)
  if (member === null) return 'removed'
  return member.role === opened.role && member.group === opened.group ? 'holds' : 'changed'
}
