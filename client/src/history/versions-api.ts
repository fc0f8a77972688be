import type { BlockChange, ChangeSummary, GoalChange, VersionInfo } from '../../../schema/history'
import { jsonOrThrow } from '../transfer/rest-error'

// The history panel's and comparison view's calls to /api/plans/:id/versions
// and /compare (issue #14). The page's session cookie authenticates them.

/** A comparison of two versions (`to` null: the plan now), as the server returns it. */
export interface Comparison {
  from: VersionInfo
  to: VersionInfo | null
  goals: GoalChange[]
  text: BlockChange[]
  summary: ChangeSummary
}

const plan = (planId: string) => `/api/plans/${encodeURIComponent(planId)}`

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  return jsonOrThrow<T>(await fetch(path, { ...init, cache: 'no-store', headers: { 'content-type': 'application/json', ...init.headers } }))
}

/** The plan's versions, newest first. */
export const listVersions = async (planId: string): Promise<VersionInfo[]> => (await call<{ versions: VersionInfo[] }>(`${plan(planId)}/versions`)).versions

/** Save the plan as it is now under a name (editors and administrators). */
export const saveVersion = async (planId: string, name: string): Promise<VersionInfo> =>
  (await call<{ version: VersionInfo }>(`${plan(planId)}/versions`, { method: 'POST', body: JSON.stringify({ name }) })).version

/** Compare version `from` with version `to`, or with the plan now. */
export const compareVersions = (planId: string, from: string, to: string | 'now'): Promise<Comparison> =>
  call<Comparison>(`${plan(planId)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)

/** Restore a version as a new change: the server saves "before" first and "restored" after. */
export const restoreVersion = (planId: string, id: string): Promise<{ before: VersionInfo; restored: VersionInfo }> =>
  call(`${plan(planId)}/versions/${encodeURIComponent(id)}/restore`, { method: 'POST' })

/** The exports a version can be downloaded as. */
export const VERSION_EXPORTS = ['docx', 'pdf', 'json'] as const
export type VersionExport = (typeof VERSION_EXPORTS)[number]

/** The address of a version's export. */
export const versionExportPath = (planId: string, id: string, kind: VersionExport): string => `${plan(planId)}/plan.${kind}?version=${encodeURIComponent(id)}`

/** The address of the comparison view (a page of its own, so it can be linked to). */
export const compareHref = (planId: string, from: string, to: string | 'now'): string =>
  `/plan/${encodeURIComponent(planId)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
