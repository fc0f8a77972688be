import type { GoalChange, VersionInfo } from '../../../schema/history'

// "Changes since my last visit": this browser remembers, per plan, when it
// last opened the plan and the newest version it knew then. The server
// keeps no read marks; a person on another computer simply starts afresh.

/** What this browser remembers of its last visit to a plan. */
export interface LastVisit {
  /** ISO time of the visit. */
  at: string
  /** The newest version of the plan at that visit (null: it had none). */
  version: string | null
}

const key = (planId: string) => `faellesplan.visit.${planId}`

/** The last visit to a plan, or null on the first (or when what is stored is not ours). */
export function readLastVisit(planId: string): LastVisit | null {
  try {
    const v = JSON.parse(localStorage.getItem(key(planId)) ?? 'null') as Partial<LastVisit> | null
    if (!v || typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at)) || (v.version !== null && typeof v.version !== 'string')) return null
    return { at: v.at, version: v.version }
  } catch {
    return null
  }
}

/** Remember this visit. */
export function writeLastVisit(planId: string, visit: LastVisit): void {
  try {
    localStorage.setItem(key(planId), JSON.stringify(visit))
  } catch {
    // Storage full or refused: the next visit shows no summary, nothing else is lost.
  }
}

/**
 * The version to compare the plan now with: the one seen last time, else
 * (thinned away since) the newest made before that visit. Null when there
 * is none, or when nothing newer than it exists and nothing may have changed.
 */
export function baselineVersion(versions: readonly VersionInfo[], last: LastVisit): VersionInfo | null {
  const seen = last.version === null ? undefined : versions.find((v) => v.id === last.version)
  const at = Date.parse(last.at)
  return seen ?? versions.find((v) => Date.parse(v.created) <= at) ?? null
}

/** Who made the versions after the baseline (the people behind the changes, as far as versions tell). */
export function authorsSince(versions: readonly VersionInfo[], baseline: VersionInfo): string[] {
  const after = versions.filter((v) => Date.parse(v.created) > Date.parse(baseline.created) && v.id !== baseline.id)
  return [...new Set(after.map((v) => v.author).filter((a) => a !== ''))]
}

/** Goal changes grouped by focus area title (in first-seen order); `''` for changes outside any. */
export function byFocusArea(changes: readonly GoalChange[]): Array<{ area: string; changes: GoalChange[] }> {
  const groups = new Map<string, GoalChange[]>()
  for (const c of changes) {
    const area = c.focusArea?.title ?? ''
    groups.set(area, [...(groups.get(area) ?? []), c])
  }
  return [...groups].map(([area, list]) => ({ area, changes: list }))
}
