import type { Group, Role } from '../../../schema'
import { sameOriginPath } from '../session'

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
  const res = await fetch(path, { ...init, cache: 'no-store', headers: { 'content-type': 'application/json', ...init.headers } })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null
    // The server's messages are "Danish / English": show the Danish part.
    throw new Error((body?.error ?? `HTTP ${res.status}`).split(' / ')[0])
  }
  return (res.status === 204 ? null : await res.json()) as T
}

const base = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/invites`

/** Everyone with an invitation to the plan, newest first. */
export const listAccess = async (planId: string): Promise<SharedAccess[]> => (await call<{ invites: SharedAccess[] }>(base(planId))).invites

/** Invite someone; the link comes back once, on this page's own address. */
export async function invite(planId: string, input: { name: string; group: Group; role: Role; days: number }): Promise<{ link: string; invite: SharedAccess }> {
  const r = await call<{ url: string; invite: SharedAccess }>(base(planId), { method: 'POST', body: JSON.stringify(input) })
  return { link: location.origin + sameOriginPath(r.url), invite: r.invite }
}

/** Give an invitation another role (its open pages reload with it). */
export const changeRole = (planId: string, id: string, role: Role): Promise<{ invite: SharedAccess }> =>
  call(`${base(planId)}/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ role }) })

/** Revoke an invitation (its open pages are closed with access-revoked). */
export const revoke = (planId: string, id: string): Promise<null> => call(`${base(planId)}/${encodeURIComponent(id)}`, { method: 'DELETE' })
