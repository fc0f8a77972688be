/** Plan-level facts kept in the plan's `Map('meta')`. */
export interface PlanMeta {
  id: string
  title: string
  municipality: string
  /** The period the plan covers, e.g. `2019` or `2017-2020`. */
  period: string
  /** Where the plan is in its life: draft, hearing (høring), approved. */
  status: PlanStatus
}

export const PLAN_STATUSES = ['draft', 'hearing', 'approved'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]
