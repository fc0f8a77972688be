import type { FollowUpExport, GoalExport, PlanExport, TargetExport } from '../plan-export'
import type { FieldValue } from '../conflicts'
import type { FieldChange, FocusAreaRef, GoalChange } from './versions'

// The goal-aware comparison of two versions, from their extracted plans
// (plan.json): goals added, removed, moved between focus areas or retitled;
// targets and follow-ups added, removed, or with fields changed. It sees
// attribute changes, which a text comparison cannot. Pure.

type Fields = Record<string, FieldValue>

const targetFields = (t: TargetExport): Fields => ({
  kind: t.kind,
  unit: t.unit,
  indicator: t.indicator,
  targetGroup: t.targetGroup,
  'baseline.value': t.baseline?.value ?? null,
  'baseline.period': t.baseline?.period ?? null,
  'target.value': t.target.value,
  'target.period': t.target.period,
  'target.comparator': t.target.comparator,
  per: t.per,
  done: t.done,
  ministerGoal: t.ministerGoal,
  source: t.source
})

const followUpFields = (f: FollowUpExport): Fields => ({ targetId: f.targetId, date: f.date, value: f.value, status: f.status, note: f.note })

const goalFields = (g: GoalExport): Fields => ({
  title: g.title,
  actions: g.actions.join('\n'),
  successCriteria: g.successCriteria.join('\n'),
  followUpMethod: g.followUpMethod
})

const planFields = (p: PlanExport): Fields => ({ title: p.plan.title, municipality: p.plan.municipality, period: p.plan.period, vision: p.vision })

/** The fields that differ, in the order of `after`'s keys. */
function diffFields(before: Fields, after: Fields): FieldChange[] {
  const out: FieldChange[] = []
  for (const field of Object.keys(after)) if (before[field] !== after[field]) out.push({ field, before: before[field] ?? null, after: after[field] ?? null })
  return out
}

/** An item's fields as the change of one that appeared (before: null) or disappeared (after: null). */
const allFields = (fields: Fields, side: 'before' | 'after'): FieldChange[] =>
  Object.entries(fields)
    .filter(([, v]) => v !== null && v !== '')
    .map(([field, v]) => (side === 'after' ? { field, before: null, after: v } : { field, before: v, after: null }))

/** Key of an item: its id, else (an item whose id is missing) what it says. */
const keyOf = (id: string | null, fallback: string): string => (id !== null ? `id:${id}` : `text:${fallback}`)

/** Index items by key; a key seen again (a duplicate id) gets a counter so nothing is dropped. */
function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T> {
  const out = new Map<string, T>()
  for (const item of items) {
    let k = key(item)
    for (let n = 2; out.has(k); n++) k = `${key(item)}#${n}`
    out.set(k, item)
  }
  return out
}

interface Located {
  goal: GoalExport
  focusArea: FocusAreaRef | null
}

function locateGoals(plan: PlanExport): Map<string, Located> {
  const areas = new Map(plan.focusAreas.map((a) => [a.id, { id: a.id, title: a.title }] as const))
  return byKey(
    plan.goals.map((goal) => ({ goal, focusArea: areas.get(goal.focusAreaId) ?? null })),
    (l) => keyOf(l.goal.id, l.goal.title)
  )
}

/**
 * The goal-level changes from `before` to `after`, in the order of `after`'s
 * goals (removed goals last): plan settings, goals, their targets and
 * follow-ups. Items are matched by id (by text when an id is missing).
 */
export function comparePlans(before: PlanExport, after: PlanExport): GoalChange[] {
  const changes: GoalChange[] = []
  const planChanged = diffFields(planFields(before), planFields(after))
  if (planChanged.length) changes.push({ kind: 'plan-changed', goalId: null, goalTitle: '', focusArea: null, fields: planChanged })

  const was = locateGoals(before)
  const now = locateGoals(after)
  for (const [key, n] of now) {
    const w = was.get(key)
    const where = { goalId: n.goal.id, goalTitle: n.goal.title, focusArea: n.focusArea }
    if (!w) {
      changes.push({ kind: 'goal-added', ...where, fields: allFields(goalFields(n.goal), 'after') })
      for (const t of n.goal.targets)
        changes.push({ kind: 'target-added', ...where, itemId: t.id, label: t.indicator, unit: t.unit, fields: allFields(targetFields(t), 'after') })
      for (const f of n.goal.followUps)
        changes.push({ kind: 'follow-up-added', ...where, itemId: f.id, label: f.date ?? '', fields: allFields(followUpFields(f), 'after') })
      continue
    }
    if ((w.focusArea?.id ?? null) !== (n.focusArea?.id ?? null)) {
      changes.push({
        kind: 'goal-moved',
        ...where,
        fromFocusArea: w.focusArea,
        fields: [{ field: 'focusArea', before: w.focusArea?.title ?? null, after: n.focusArea?.title ?? null }]
      })
    }
    const goalChanged = diffFields(goalFields(w.goal), goalFields(n.goal))
    if (goalChanged.length) changes.push({ kind: 'goal-changed', ...where, fields: goalChanged })
    changes.push(...compareItems(where, w.goal, n.goal))
  }
  for (const [key, w] of was) {
    if (now.has(key)) continue
    const where = { goalId: w.goal.id, goalTitle: w.goal.title, focusArea: w.focusArea }
    changes.push({ kind: 'goal-removed', ...where, fields: allFields(goalFields(w.goal), 'before') })
  }
  return changes
}

/** Targets and follow-ups of one goal present in both versions. */
function compareItems(where: Pick<GoalChange, 'goalId' | 'goalTitle' | 'focusArea'>, before: GoalExport, after: GoalExport): GoalChange[] {
  const out: GoalChange[] = []
  const targetsWas = byKey(before.targets, (t) => keyOf(t.id, t.sentence))
  const targetsNow = byKey(after.targets, (t) => keyOf(t.id, t.sentence))
  for (const [key, t] of targetsNow) {
    const w = targetsWas.get(key)
    if (!w) out.push({ kind: 'target-added', ...where, itemId: t.id, label: t.indicator, unit: t.unit, fields: allFields(targetFields(t), 'after') })
    else {
      const fields = diffFields(targetFields(w), targetFields(t))
      if (fields.length) out.push({ kind: 'target-changed', ...where, itemId: t.id, label: t.indicator || w.indicator, unit: t.unit, fields })
    }
  }
  for (const [key, w] of targetsWas) {
    if (!targetsNow.has(key))
      out.push({ kind: 'target-removed', ...where, itemId: w.id, label: w.indicator, unit: w.unit, fields: allFields(targetFields(w), 'before') })
  }
  const followWas = byKey(before.followUps, (f) => keyOf(f.id, `${f.date}|${f.note}`))
  const followNow = byKey(after.followUps, (f) => keyOf(f.id, `${f.date}|${f.note}`))
  for (const [key, f] of followNow) {
    const w = followWas.get(key)
    if (!w) out.push({ kind: 'follow-up-added', ...where, itemId: f.id, label: f.date ?? '', fields: allFields(followUpFields(f), 'after') })
    else {
      const fields = diffFields(followUpFields(w), followUpFields(f))
      if (fields.length) out.push({ kind: 'follow-up-changed', ...where, itemId: f.id, label: f.date ?? w.date ?? '', fields })
    }
  }
  for (const [key, w] of followWas) {
    if (!followNow.has(key))
      out.push({ kind: 'follow-up-removed', ...where, itemId: w.id, label: w.date ?? '', fields: allFields(followUpFields(w), 'before') })
  }
  return out
}
