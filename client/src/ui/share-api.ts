import type { Group, Role } from '../../../schema'
import { sameOriginPath } from '../session'
import { jsonOrThrow } from '../transfer/rest-error'

// The sharing dialog's calls to /api/plans/:id/invites. The page's session
// cookie authenticates them; the server allows administrators only.

/** One row of "who has access", as the server lists it (never with its link). */
export interface SharedAccess {
  id: string
  name: string
  group: Group
  role: Role
  state: 'active' | 'expired' | 'revoked'
  lastSeenAt: string | null
  expiresAt: string
  createdBy: string
  via: 'link' | 'sign-in'
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  // A refusal is thrown as a RestError; the dialog shows it with errorText.
  return jsonOrThrow<T>(await fetch(path, { ...init, cache: 'no-store', headers: { 'content-type': 'application/json', ...init.headers } }))
}

const base = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/invites`

const members = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/members`
/** A signed-in member's row id in the list (invitation ids are UUIDs, so these never clash). */
const MEMBER = 'member:'
const memberUser = (id: string) => (id.startsWith(MEMBER) ? id.slice(MEMBER.length) : null)

interface MemberRow {
  user: string
  role: Role
  group: Group
  name: string
  email: string | null
  lastLoginAt: string | null
  createdBy: string
}

/** Everyone with access to the plan: invitations (newest first), then the signed-in members. */
export async function listAccess(planId: string): Promise<SharedAccess[]> {
  const invites = (await call<{ invites: SharedAccess[] }>(base(planId))).invites
  const signedIn = (await call<{ members: MemberRow[] }>(members(planId))).members.map((m): SharedAccess => ({
    id: MEMBER + m.user,
    name: m.email ? `${m.name} (${m.email})` : m.name,
    group: m.group,
    role: m.role,
    state: 'active',
    lastSeenAt: m.lastLoginAt,
    expiresAt: '',
    createdBy: m.createdBy,
    via: 'sign-in'
  }))
  return [...invites, ...signedIn]
}

/** Whether staff can sign in with the organisation's provider here (then members can be added by e-mail). */
export async function signInEnabled(): Promise<boolean> {
  try {
    return (await call<{ oidc: boolean }>('/auth/methods')).oidc === true
  } catch {
    return false
  }
}

/** Give someone who has signed in once access to the plan, by their e-mail. */
export const addMember = (planId: string, input: { email: string; group: Group; role: Role }): Promise<unknown> =>
  call(members(planId), { method: 'POST', body: JSON.stringify(input) })

/** Invite someone; the link comes back once, on this page's own address. */
export async function invite(planId: string, input: { name: string; group: Group; role: Role; days: number }): Promise<{ link: string; invite: SharedAccess }> {
  const r = await call<{ url: string; invite: SharedAccess }>(base(planId), { method: 'POST', body: JSON.stringify(input) })
  return { link: location.origin + sameOriginPath(r.url), invite: r.invite }
}

/** Give an invitation or a member another role (their open pages reconnect with it). */
export function changeRole(planId: string, row: SharedAccess, role: Role): Promise<unknown> {
  const user = memberUser(row.id)
  if (user !== null) return call(members(planId), { method: 'POST', body: JSON.stringify({ user, role, group: row.group }) })
  return call(`${base(planId)}/${encodeURIComponent(row.id)}`, { method: 'PATCH', body: JSON.stringify({ role }) })
}

/** Revoke an invitation or remove a member (their open pages are closed with access-revoked). */
export function revoke(planId: string, id: string): Promise<null> {
  const user = memberUser(id)
  return call(user !== null ? `${members(planId)}/${encodeURIComponent(user)}` : `${base(planId)}/${encodeURIComponent(id)}`, { method: 'DELETE' })
}
