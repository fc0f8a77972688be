import type { Conflict, FieldValue } from '../../../schema'
import { jsonOrThrow } from '../transfer/rest-error'

// The editor's and dashboard's calls to /api/plans/:id/conflicts. The page's
// session cookie authenticates them.

const base = (planId: string) => `/api/plans/${encodeURIComponent(planId)}/conflicts`

/** Call the API; a refusal throws a RestError (shown with restErrorText). */
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  return jsonOrThrow<T>(await fetch(path, { ...init, cache: 'no-store', headers: { 'content-type': 'application/json', ...init.headers } }))
}

/** The plan's open conflicts, newest first. */
export const fetchConflicts = async (planId: string): Promise<Conflict[]> => (await call<{ conflicts: Conflict[] }>(base(planId))).conflicts

/** Keep the value the document holds now (editors and administrators; 409 when it is no longer current). */
export const keepCurrent = async (planId: string, conflictId: string, value: FieldValue): Promise<Conflict> =>
  (await call<{ conflict: Conflict }>(`${base(planId)}/${encodeURIComponent(conflictId)}/resolve`, { method: 'POST', body: JSON.stringify({ value }) }))
    .conflict
