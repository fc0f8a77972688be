import * as Y from 'yjs'
import { demoPlan, emptyPlan, isValidPlanId, seedPlanDoc, DEMO_PLAN_ID } from '../schema'
import type { PlanRecord, Store } from './storage/store'

/** Templates a new plan can start from. */
export type PlanTemplate = 'demo' | 'empty'

const slug = (title: string): string =>
  title.toLowerCase().normalize('NFKD').replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'plan'

/**
 * Create a plan: its record and its first Yjs state, seeded here on the
 * server, once. (A client never seeds content: two clients doing so would
 * each insert a copy.)
 */
export function createPlan(store: Store, template: PlanTemplate, title: string, id?: string): PlanRecord {
  let planId = id ?? `${slug(title)}-${Math.random().toString(36).slice(2, 8)}`
  if (!isValidPlanId(planId)) planId = `plan-${Math.random().toString(36).slice(2, 10)}`
  const plan = template === 'demo' ? demoPlan(planId) : emptyPlan(planId, title)
  if (template === 'demo' && title) plan.meta.title = title
  const doc = new Y.Doc()
  seedPlanDoc(doc, plan)
  const record = { id: planId, title: plan.meta.title, createdAt: new Date().toISOString() }
  store.createPlan(record, Y.encodeStateAsUpdate(doc))
  doc.destroy()
  return record
}

/** On a fresh data directory, create the demo plan so the first link opens something real. */
export function ensureDemoPlan(store: Store): PlanRecord {
  return store.getPlan(DEMO_PLAN_ID) ?? createPlan(store, 'demo', '', DEMO_PLAN_ID)
}
