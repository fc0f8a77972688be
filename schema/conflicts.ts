import { FOLLOW_UP_ATTRS, TARGET_ATTRS } from './plan-schema'
import type { PlanExport } from './plan-export'

// Concurrent writes to one typed field of a goal node (issue #14). Yjs keeps
// one of two concurrent writes to a node attribute and deletes the other;
// the server notices (server/conflicts/) and records both here, so nothing
// written disappears without a trace. Pure: types, which fields are watched,
// and what the exports make of a record.

/** A value a typed field can hold (node attributes are JSON scalars). */
export type FieldValue = string | number | boolean | null

/** The node types whose attributes are typed fields. */
export const CONFLICT_NODE_TYPES = ['target', 'follow_up'] as const
export type ConflictNodeType = (typeof CONFLICT_NODE_TYPES)[number]

/**
 * The watched fields of each node type: every attribute but `id` (ids are
 * rewritten identically by every peer's uniqueIdsPlugin: not a person's value).
 */
export const CONFLICT_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['target', new Set(Object.keys(TARGET_ATTRS).filter((k) => k !== 'id'))],
  ['follow_up', new Set(Object.keys(FOLLOW_UP_ATTRS).filter((k) => k !== 'id'))]
])

/** One written value: what, by whom (a name; null when the server never learnt it) and when the server received it. */
export interface ConflictValue {
  value: FieldValue
  by: string | null
  at: string
  /** The write's Yjs id (`client:clock`): how records of one write made by several server processes are united. */
  write?: string
}

/** How a conflict was settled: the value chosen, by whom, when. */
export interface ConflictResolution {
  value: FieldValue
  by: string | null
  at: string
}

/**
 * A field of a goal node that two or more people set concurrently: `kept`
 * is the value the document holds, `lost` the values the merge replaced
 * without their writers having seen it. Open until someone who may edit
 * writes the field again having seen the kept value, or keeps it through
 * `POST /api/plans/:id/conflicts/:cid/resolve`.
 */
export interface Conflict {
  id: string
  plan: string
  kind: 'field'
  nodeId: string
  nodeType: ConflictNodeType
  field: string
  kept: ConflictValue
  lost: ConflictValue[]
  created: string
  resolved: ConflictResolution | null
}

/** Whether two field values are the same (writes of one value by two people lose nothing). */
export const sameFieldValue = (a: FieldValue, b: FieldValue): boolean => a === b

/** An attribute value as a FieldValue (anything else, which our schema never writes, as its JSON). */
export function toFieldValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  try {
    return JSON.stringify(v) ?? null
  } catch {
    return String(v)
  }
}

/** Open conflicts first (newest first), then resolved ones (newest first). */
export function sortConflicts(list: readonly Conflict[]): Conflict[] {
  return [...list].sort((a, b) => Number(a.resolved !== null) - Number(b.resolved !== null) || (a.created < b.created ? 1 : a.created > b.created ? -1 : 0))
}

const show = (v: FieldValue): string => (v === null ? '–' : String(v))

/** "uafklaret: 55 (Anna) / 60 (Bo)": a conflict in one line (goals.csv, logs). */
export function conflictSummary(c: Conflict, lang: 'da' | 'en' = 'da'): string {
  const values = [c.kept, ...c.lost].map((v) => `${show(v.value)}${v.by ? ` (${v.by})` : ''}`)
  return `${lang === 'da' ? 'uafklaret' : 'unresolved'}: ${values.join(' / ')}`
}

/**
 * The plan with its open conflicts: listed in `conflicts`, and every target
 * and follow-up with one marked `conflict: true` (a target also when one of
 * its follow-ups has one), for plan.json and the dashboard's "uafklaret".
 */
export function withConflicts(plan: PlanExport, conflicts: readonly Conflict[]): PlanExport {
  const open = sortConflicts(conflicts).filter((c) => c.resolved === null)
  const nodes = new Set(open.map((c) => c.nodeId))
  const goals = plan.goals.map((g) => {
    const followUps = g.followUps.map((f) => (f.id !== null && nodes.has(f.id) ? { ...f, conflict: true as const } : f))
    const viaFollowUp = new Set(followUps.filter((f) => f.conflict).map((f) => f.targetId))
    const targets = g.targets.map((t) => (t.id !== null && (nodes.has(t.id) || viaFollowUp.has(t.id)) ? { ...t, conflict: true as const } : t))
    return { ...g, targets, followUps }
  })
  return { ...plan, goals, conflicts: open }
}

/** The open conflicts of one target (its own fields and its follow-ups'), for its goals.csv row. */
export function targetConflicts(plan: PlanExport, targetId: string | null): Conflict[] {
  if (targetId === null) return []
  const followUps = new Set(
    plan.goals
      .flatMap((g) => g.followUps)
      .filter((f) => f.targetId === targetId && f.id !== null)
      .map((f) => f.id)
  )
  return (plan.conflicts ?? []).filter((c) => c.resolved === null && (c.nodeId === targetId || followUps.has(c.nodeId)))
}
