// Closed vocabularies of the plan model. Kept as const tuples so the JSON
// Schema, the extractor, the forms and the tests all read the same list.

/** How a target measures success (ARCHITECTURE.md, "Data model"). */
export const TARGET_KINDS = ['level', 'change', 'share', 'rate', 'milestone'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

/** Units a target value can be in. */
export const UNITS = ['persons', 'fullTimePersons', 'percent', 'weeks', 'count'] as const
export type Unit = (typeof UNITS)[number]

/** How the measured value must relate to the target value. */
export const COMPARATORS = ['<=', '>=', '='] as const
export type Comparator = (typeof COMPARATORS)[number]

/** For rate targets: per which period the value counts (null: a running level). */
export const RATE_PERIODS = ['week', 'month', 'quarter', 'year'] as const
export type RatePeriod = (typeof RATE_PERIODS)[number]

/** Status of a follow-up measurement. */
export const FOLLOW_UP_STATUSES = ['onTrack', 'atRisk', 'offTrack', 'achieved'] as const
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number]

/** Columns of a goal row, in display order: Mål · Handlinger · Succeskriterier · Opfølgning. */
export const GOAL_COLUMNS = ['title', 'actions', 'criteria', 'followUp'] as const
export type GoalColumn = (typeof GOAL_COLUMNS)[number]

/**
 * Target groups the seeds use. Free text is allowed too (a municipality may
 * name its own), so this list only feeds pickers and labels.
 */
export const KNOWN_TARGET_GROUPS = [
  'alle',
  'forsikrede',
  'kontanthjaelp',
  'uddannelseshjaelp',
  'sygedagpenge',
  'jobafklaring',
  'ledighedsydelse',
  'ressourceforloeb',
  'fleksjob',
  'unge',
  'langtidsledige',
  'virksomheder'
] as const

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value)
