import type { Comparator, FollowUpStatus, RatePeriod, TargetKind, Unit } from './vocabulary'

/** A target as the rest of the program speaks of it; the node stores the same fields flat. */
export interface TargetSpec {
  id?: string
  kind: TargetKind
  indicator: string
  targetGroup: string
  unit: Unit
  baseline?: { value: number | null; period: string | null } | null
  target: { value: number | null; period: string | null; comparator: Comparator }
  per?: RatePeriod | null
  done?: boolean
  ministerGoal?: string | null
  /** The sentence the target was written as, kept for review and export. */
  source?: string
}

/** A follow-up measurement of one target. */
export interface FollowUpSpec {
  id?: string
  targetId: string
  date: string
  value: number | null
  status: FollowUpStatus
  note?: string
}

/** The flat attribute record a `target` node carries. */
export interface TargetAttrs {
  id: string | null
  kind: unknown
  indicator: unknown
  targetGroup: unknown
  unit: unknown
  baselineValue: unknown
  baselinePeriod: unknown
  targetValue: unknown
  targetPeriod: unknown
  comparator: unknown
  per: unknown
  done: unknown
  ministerGoal: unknown
  source: unknown
}

/** Flatten a target spec into node attributes. */
export function targetSpecToAttrs(spec: TargetSpec, id: string): Record<string, unknown> {
  return {
    id,
    kind: spec.kind,
    indicator: spec.indicator,
    targetGroup: spec.targetGroup,
    unit: spec.unit,
    baselineValue: spec.baseline?.value ?? null,
    baselinePeriod: spec.baseline?.period ?? null,
    targetValue: spec.target.value,
    targetPeriod: spec.target.period,
    comparator: spec.target.comparator,
    per: spec.per ?? null,
    done: spec.done ?? false,
    ministerGoal: spec.ministerGoal ?? null,
    source: spec.source ?? ''
  }
}
