import type { FieldValue } from '../conflicts'
import type { PlanStatus } from '../plan-meta'
import type { Unit } from '../vocabulary'

// The contract of a plan's versions (issue #14): what the REST API returns
// and the Historik panel and comparison view show. The comparisons
// themselves are in compare-plans.ts (goals, targets, follow-ups) and
// compare-text.ts (the text, word by word). Pure.

/** Why a version was made. `named`: someone saved it with a name; the rest are made by the server. */
export const VERSION_KINDS = ['auto', 'named', 'status', 'before-restore', 'restored'] as const
export type VersionKind = (typeof VERSION_KINDS)[number]

/** What changed since the previous version, counted ("3 mål ændret, 1 tilføjet, 12 afsnit redigeret"). */
export interface ChangeSummary {
  goalsChanged: number
  goalsAdded: number
  goalsRemoved: number
  /** Text blocks outside the goal tables added, removed or edited. */
  paragraphsEdited: number
}

/** One stored version of a plan, as listed. */
export interface VersionInfo {
  id: string
  name: string
  kind: VersionKind
  /** The plan's status when the version was taken. */
  stage: PlanStatus
  /** Who made it (for automatic versions: who edited since the previous one, or "Automatisk"). */
  author: string
  /** ISO time. */
  created: string
  /** Relative to the version before it (at the time it was taken). */
  summary: ChangeSummary
}

/** One field that differs: `target.value` 600 → 550. */
export interface FieldChange {
  field: string
  before: FieldValue
  after: FieldValue
}

/** What a goal-level change is about. */
export type GoalChangeKind =
  | 'plan-changed'
  | 'goal-added'
  | 'goal-removed'
  | 'goal-moved'
  | 'goal-changed'
  | 'target-added'
  | 'target-removed'
  | 'target-changed'
  | 'follow-up-added'
  | 'follow-up-removed'
  | 'follow-up-changed'

/** A focus area as a change names it. */
export interface FocusAreaRef {
  id: string | null
  title: string
}

/**
 * One row of the goal-aware comparison: a goal added, removed, moved between
 * focus areas or with changed title/text; a target or follow-up added,
 * removed or with changed fields (before → after). Attribute-only changes
 * show here, since the text comparison cannot see them.
 */
export interface GoalChange {
  kind: GoalChangeKind
  /** The goal (null for plan-changed, or a goal without id). */
  goalId: string | null
  /** The goal's title now (before, for a removed goal). */
  goalTitle: string
  /** The focus area the goal is in now (before, for a removed goal). */
  focusArea: FocusAreaRef | null
  /** goal-moved: the focus area it left. */
  fromFocusArea?: FocusAreaRef | null
  /** The target or follow-up the change is about. */
  itemId?: string | null
  /** What names that item: a target's indicator, a follow-up's date. */
  label?: string
  /** A target's unit (now), to write "600 → 550 årspersoner". */
  unit?: Unit | null
  /** The fields that differ; for added and removed items, their values on the side they exist. */
  fields: FieldChange[]
}

/** A run of text in a changed block: kept, inserted or deleted. */
export interface TextPart {
  op: 'equal' | 'insert' | 'delete'
  text: string
}

/**
 * One text block (paragraph, heading, focus title, list paragraph) added,
 * removed or edited between two versions, with the words inserted and
 * deleted. Blocks are matched inside their nearest container with an id
 * (focus area, goal cell), so a moved goal's text does not show as changed.
 */
export interface BlockChange {
  kind: 'added' | 'removed' | 'changed'
  /** paragraph, heading, focus_title, or list_item for a paragraph in a list. */
  type: string
  focusAreaId: string | null
  goalId: string | null
  /** The goal column the block is in (title, actions, successCriteria, followUpMethod). */
  column: string | null
  before: string | null
  after: string | null
  parts: TextPart[]
}

/** Count goal and text changes for a version's one-line summary. */
export function summarizeChanges(goals: readonly GoalChange[], text: readonly BlockChange[]): ChangeSummary {
  const changed = new Set<string>()
  let goalsAdded = 0
  let goalsRemoved = 0
  const addedOrRemoved = new Set<string>()
  for (const g of goals) {
    if (g.kind === 'goal-added') goalsAdded++
    else if (g.kind === 'goal-removed') goalsRemoved++
    if ((g.kind === 'goal-added' || g.kind === 'goal-removed') && g.goalId !== null) addedOrRemoved.add(g.goalId)
  }
  for (const g of goals) {
    if (g.kind === 'plan-changed' || g.kind === 'goal-added' || g.kind === 'goal-removed') continue
    const key = g.goalId ?? `title:${g.goalTitle}`
    if (!addedOrRemoved.has(key)) changed.add(key)
  }
  // Text inside goal tables is counted by the goal comparison (title, actions, criteria).
  const paragraphsEdited = text.filter((b) => b.goalId === null).length
  return { goalsChanged: changed.size, goalsAdded, goalsRemoved, paragraphsEdited }
}

/** Nothing changed. */
export const NO_CHANGES: ChangeSummary = { goalsChanged: 0, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 0 }

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/**
 * Which versions to keep. Named, status and restore versions are kept
 * forever; automatic ones: all from the last hour, the newest of each hour
 * for a week, the newest of each day (UTC) after that.
 */
export function versionsToKeep(versions: ReadonlyArray<Pick<VersionInfo, 'id' | 'kind' | 'created'>>, now: number): Set<string> {
  const keep = new Set<string>()
  const newestInBucket = new Map<string, { id: string; at: number }>()
  for (const v of versions) {
    const at = Date.parse(v.created)
    const age = now - at
    if (v.kind !== 'auto' || !(age > HOUR_MS)) {
      keep.add(v.id)
      continue
    }
    const bucket = age <= 7 * DAY_MS ? `h${Math.floor(at / HOUR_MS)}` : `d${Math.floor(at / DAY_MS)}`
    const best = newestInBucket.get(bucket)
    if (!best || at > best.at) newestInBucket.set(bucket, { id: v.id, at })
  }
  for (const { id } of newestInBucket.values()) keep.add(id)
  return keep
}

/** The Danish one-liner of a summary: "3 mål ændret, 1 tilføjet, 12 afsnit redigeret" ("Ingen ændringer" when empty). */
export function summaryLine(s: ChangeSummary): string {
  const parts: string[] = []
  if (s.goalsChanged) parts.push(`${s.goalsChanged} mål ændret`)
  if (s.goalsAdded) parts.push(`${s.goalsAdded} ${parts.length ? '' : 'mål '}tilføjet`)
  if (s.goalsRemoved) parts.push(`${s.goalsRemoved} ${parts.length ? '' : 'mål '}fjernet`)
  if (s.paragraphsEdited) parts.push(`${s.paragraphsEdited} afsnit redigeret`)
  return parts.length ? parts.join(', ') : 'Ingen ændringer'
}
