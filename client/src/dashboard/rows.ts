import { FOLLOW_UP_STATUSES, isOneOf, periodParts, type FollowUpExport, type FollowUpStatus, type PlanExport, type TargetExport } from '../../../schema'

// The dashboard's data: one row per target, derived from extractPlan's JSON
// and nothing else, so the dashboard can never disagree with plan.json.
// No DOM here: the unit tests read these functions directly.

/**
 * A row's status: the latest measurement's; `noTarget` while the target has
 * no target value (nothing to be on track towards), `none` before the first
 * measurement, `unknown` when it cannot be read. Never a follow-up's status
 * without a measured value: a fresh entry defaults to "on track" (issue #15).
 */
export type StatusKey = FollowUpStatus | 'none' | 'noTarget' | 'unknown'

/** Every status a filter can pick, in the order a committee reads them. */
export const STATUS_KEYS: readonly StatusKey[] = ['offTrack', 'atRisk', 'onTrack', 'achieved', 'noTarget', 'none', 'unknown']

/** One target on the dashboard with what it needs to be shown, filtered and charted. */
export interface DashboardRow {
  /** Unique on the page: plan id and target id (or position when the target has no id). */
  key: string
  planId: string
  planTitle: string
  focusArea: string
  goalTitle: string
  target: TargetExport
  /** The target's follow-ups with a date, oldest first. */
  measurements: FollowUpExport[]
  /** All of the target's follow-ups in document order, dated or not (none is hidden). */
  followUps: FollowUpExport[]
  /** The latest follow-up that measured something (any entry for a milestone, which has no number). */
  latest: FollowUpExport | null
  status: StatusKey
}

/** The dashboard rows of one plan, in document order. */
export function dashboardRows(plan: PlanExport, planId: string): DashboardRow[] {
  const areaTitle = new Map(plan.focusAreas.map((a) => [a.id, a.title]))
  const rows: DashboardRow[] = []
  const keys = new Set<string>()
  plan.goals.forEach((goal, g) => {
    goal.targets.forEach((target, i) => {
      const followUps = target.id ? goal.followUps.filter((f) => f.targetId === target.id) : []
      // Dates are YYYY-MM-DD, so string order is time order; sort is stable for equal dates.
      const measurements = followUps.filter((f) => f.date !== null).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0))
      const milestone = target.kind === 'milestone'
      const measured = (f: FollowUpExport) => milestone || f.value !== null
      const latest = measurements.filter(measured).at(-1) ?? followUps.filter(measured).at(-1) ?? null
      const hasTarget = milestone || target.target.value !== null
      // A duplicated id (extractPlan reports it as a problem) must not make two rows one.
      let key = `${planId}/${target.id ?? `${g}.${i}`}`
      if (keys.has(key)) key += `#${g}.${i}`
      keys.add(key)
      rows.push({
        key,
        planId,
        planTitle: plan.plan.title || planId,
        focusArea: goal.focusAreaId ? (areaTitle.get(goal.focusAreaId) ?? '') : '',
        goalTitle: goal.title,
        target,
        measurements,
        followUps,
        latest,
        status: !hasTarget ? 'noTarget' : latest === null ? 'none' : (latest.status ?? 'unknown')
      })
    })
  })
  return rows
}

/** The dashboard's filters; an empty string means "all". */
export interface DashboardFilters {
  plan: string
  focus: string
  group: string
  status: string
}

const FILTER_KEYS = ['plan', 'focus', 'group', 'status'] as const

/** The rows that pass every filter. */
export function filterRows(rows: readonly DashboardRow[], f: DashboardFilters): DashboardRow[] {
  return rows.filter(
    (r) =>
      (f.plan === '' || r.planId === f.plan) &&
      (f.focus === '' || r.focusArea === f.focus) &&
      (f.group === '' || r.target.targetGroup === f.group) &&
      (f.status === '' || r.status === f.status)
  )
}

/** Read the filters from a URL query string (`?focus=…&status=atRisk`); an unknown status is ignored. */
export function filtersFromQuery(search: string): DashboardFilters {
  const q = new URLSearchParams(search)
  const status = q.get('status') ?? ''
  return {
    plan: q.get('plan') ?? '',
    focus: q.get('focus') ?? '',
    group: q.get('group') ?? '',
    status: isOneOf(FOLLOW_UP_STATUSES, status) || status === 'none' || status === 'noTarget' || status === 'unknown' ? status : ''
  }
}

/** The rows whose charts the link opens (`?open=<plan>/<target>`, repeated). */
export const openFromQuery = (search: string): string[] => new URLSearchParams(search).getAll('open')

/** A query string with the filters and open charts written in and every other parameter (the token) kept. */
export function filtersToQuery(search: string, f: DashboardFilters, open: readonly string[] = []): string {
  const q = new URLSearchParams(search)
  for (const key of FILTER_KEYS) {
    if (f[key] === '') q.delete(key)
    else q.set(key, f[key])
  }
  q.delete('open')
  for (const key of open) q.append('open', key)
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * A period as a point in time (ms, UTC) for the chart's x axis: its last day,
 * because plans measure "ultimo": "2015" is the end of 2015, "2015-Q2" and "2015-H1" 30 June.
 */
export function periodEnd(period: string | null): number | null {
  const p = period ? periodParts(period) : null
  if (!p) return null
  if (p.day) return Date.UTC(p.year, p.month! - 1, p.day)
  const lastMonth = p.month ?? (p.quarter ? p.quarter * 3 : p.half ? p.half * 6 : 12)
  return Date.UTC(p.year, lastMonth, 0) // day 0 of the next month: the last day of this one
}

/**
 * The level a target aims at, in the unit its measurements are in, or null
 * when the plan does not say (a milestone, or a change without a baseline value).
 */
export function targetLevel(t: TargetExport): number | null {
  const v = t.target.value
  if (v === null || t.kind === 'milestone') return null
  if (t.kind !== 'change') return v
  const base = t.baseline?.value ?? null
  if (base === null) return null
  return t.unit === 'percent' ? base * (1 + v / 100) : base + v
}

/** A point of a target's chart. `label` is the period or date as written in the plan. */
export interface ChartPoint {
  x: number
  y: number
  label: string
}

/** What a target's chart shows: baseline and target as marked points, measurements as a line. */
export interface TargetChartData {
  baseline: ChartPoint | null
  target: ChartPoint | null
  /** A target without a period (a running rate): a level to draw across the chart. */
  targetLevelOnly: number | null
  measurements: ChartPoint[]
}

/** The chart data of a row; points without a readable time or value are left out (the text table still lists them). */
export function chartData(row: DashboardRow): TargetChartData {
  const t = row.target
  const bx = periodEnd(t.baseline?.period ?? null)
  const by = t.baseline?.value ?? null
  const level = targetLevel(t)
  const tx = periodEnd(t.target.period)
  return {
    baseline: bx !== null && by !== null ? { x: bx, y: by, label: t.baseline!.period! } : null,
    target: tx !== null && level !== null ? { x: tx, y: level, label: t.target.period! } : null,
    targetLevelOnly: tx === null && level !== null ? level : null,
    measurements: row.measurements.flatMap((f) => {
      const x = periodEnd(f.date)
      return x !== null && f.value !== null ? [{ x, y: f.value, label: f.date! }] : []
    })
  }
}
