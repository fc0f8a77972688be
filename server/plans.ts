import * as Y from 'yjs'
import type { Node as PMNode } from 'prosemirror-model'
import { demoPlan, emptyPlan, DEMO_PLAN_ID } from '../schema/build'
import { isValidPlanId, seedPlanDoc, type PlanMeta } from '../schema'
import type { PlanRecord, Store } from './storage/store'

/** Templates a new plan can start from. */
export type PlanTemplate = 'demo' | 'empty'

const slug = (title: string): string =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'plan'

/**
 * Create a plan: its record and its first Yjs state, seeded here on the
 * server, once. (A client never seeds content: two clients doing so would
 * each insert a copy.)
 */
export async function createPlan(store: Store, template: PlanTemplate, title: string, id?: string): Promise<PlanRecord> {
  const planId = id !== undefined && isValidPlanId(id) ? id : newPlanId(title)
  const plan = template === 'demo' ? demoPlan(planId) : emptyPlan(planId, title)
  if (template === 'demo' && title) plan.meta.title = title
  return storeNewPlan(store, plan)
}

/** A fresh plan id made from the title (a slug and a random suffix). */
export function newPlanId(title: string): string {
  const id = `${slug(title)}-${Math.random().toString(36).slice(2, 8)}`
  return isValidPlanId(id) ? id : `plan-${Math.random().toString(36).slice(2, 10)}`
}

/** Seed a new plan's Yjs state from a document (e.g. an imported one) and store it with its record. */
export async function storeNewPlan(store: Store, plan: { meta: PlanMeta; doc: PMNode }): Promise<PlanRecord> {
  const planId = plan.meta.id
  const doc = new Y.Doc()
  seedPlanDoc(doc, plan)
  const record = { id: planId, title: plan.meta.title, createdAt: new Date().toISOString() }
  const { municipality, period, status } = plan.meta
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  await store.createPlan(record, state, { title: record.title, municipality, period, status })
  return record
}

/** Whether a plan exists and is not deleted (a deleted plan is kept, but opens for nobody). */
export async function planIsOpen(store: Store, id: string): Promise<boolean> {
  const plan = await store.getPlan(id)
  return plan !== null && plan.deletedAt === null
}

/** On a fresh data directory, create the demo plan so the first link opens something real. */
export async function ensureDemoPlan(store: Store): Promise<PlanRecord> {
  const existing = await store.getPlan(DEMO_PLAN_ID)
  if (existing) return existing
  try {
    return await createPlan(store, 'demo', '', DEMO_PLAN_ID)
  } catch (e) {
    // Another process on the same store (a cluster starting) created it between the two calls.
    const made = await store.getPlan(DEMO_PLAN_ID)
    if (made) return made
    throw e
  }
}
