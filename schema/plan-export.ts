import type { Comparator, FollowUpStatus, RatePeriod, TargetKind, Unit } from './vocabulary'
import type { PlanMeta } from './plan-meta'
import type { Problem } from './problems'
import type { Conflict } from './conflicts'

// The machine-readable plan: what `extractPlan` returns and
// `schema/plan.schema.json` describes. Field names follow ARCHITECTURE.md ("Data model").

/** A measurable target as exported. Fields that could not be read are null and named in `problems`. */
export interface TargetExport {
  id: string | null
  kind: TargetKind | null
  indicator: string
  targetGroup: string
  unit: Unit | null
  baseline: { value: number | null; period: string | null } | null
  target: { value: number | null; period: string | null; comparator: Comparator | null }
  per: RatePeriod | null
  done: boolean
  ministerGoal: string | null
  source: string
  /** The readable Danish sentence the editor shows. */
  sentence: string
  /** Set when the target or one of its follow-ups has an open conflict (plan.json; the dashboard's "uafklaret"). */
  conflict?: true
}

/** One follow-up measurement as exported. */
export interface FollowUpExport {
  id: string | null
  targetId: string | null
  date: string | null
  value: number | null
  status: FollowUpStatus | null
  note: string
  /** Set when the follow-up has an open conflict. */
  conflict?: true
}

/** A goal row as exported. */
export interface GoalExport {
  id: string | null
  focusAreaId: string | null
  title: string
  actions: string[]
  successCriteria: string[]
  followUpMethod: string
  targets: TargetExport[]
  followUps: FollowUpExport[]
}

/** A focus area as exported. */
export interface FocusAreaExport {
  id: string | null
  title: string
  goalIds: string[]
}

/** One row of a måltal table. */
export interface FigureRowExport {
  tableId: string | null
  caption: string
  targetGroup: string
  values: Record<string, number | null>
}

/** The whole machine-readable plan. */
export interface PlanExport {
  schemaVersion: number
  plan: PlanMeta
  vision: string
  focusAreas: FocusAreaExport[]
  goals: GoalExport[]
  figures: FigureRowExport[]
  problems: Problem[]
  /** Open conflicts (concurrent writes to a typed field), where the reader knows them (plan.json does; extractPlan alone does not). */
  conflicts?: Conflict[]
}
