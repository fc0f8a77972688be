import type { Conflict, FieldValue } from '../../../schema'

// The editor's and dashboard's calls to /api/plans/:id/conflicts. The page's
// session cookie authenticates them.

const base = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/conflicts`

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, cache: 'no-store', headers: { 'content-type': 'application/json', ...init.headers } })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null
    // The server's messages are "Danish / English": show the Danish part.
    throw new Error((body?.error ?? `HTTP ${res.status}`).split(' / ')[0])
  }
  return (await res.json()) as T
}

/** The plan's open conflicts, newest first. */
export const fetchConflicts = async (planId: string): Promise<Conflict[]> => (await call<{ conflicts: Conflict[] }>(base(planId))).conflicts

/** Keep the value the document holds now (editors and administrators; 409 when it is no longer current). */
export const keepCurrent = async (planId: string, conflictId: string, value: FieldValue): Promise<Conflict> =>
  (await call<{ conflict: Conflict }>(`${base(planId)}/${encodeURIComponent(conflictId)}/resolve`, { method: 'POST', body: JSON.stringify({ value }) })).conflict
