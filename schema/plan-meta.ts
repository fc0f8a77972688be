/** Plan-level facts kept in the plan's `Map('meta')`. */
export interface PlanMeta {
  id: string
  title: string
  municipality: string
  /** The period the plan covers, e.g. `2019` or `2017-2020`. */
  period: string
  /** Where the plan is in its life: Udkast → Til behandling i udvalget → I høring i LBR → Vedtaget. */
  status: PlanStatus
}

/** The longest plan title kept, wherever a title comes in (REST, import, settings, the forms' maxlength). */
export const MAX_TITLE_LENGTH = 200

/** A title as stored: trimmed and cut to MAX_TITLE_LENGTH ('' when nothing is left). */
export const capTitle = (title: string): string => title.trim().slice(0, MAX_TITLE_LENGTH)

/** A plan's statuses, in the order a plan goes through them. */
export const PLAN_STATUSES = ['draft', 'committee', 'hearing', 'adopted'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

/** What older documents stored for a status that has since been renamed. */
export const LEGACY_PLAN_STATUSES: Readonly<Record<string, PlanStatus>> = { approved: 'adopted' }
