import { isValidPlanId } from '../../schema'
import { newPlanId, storeNewPlan } from '../plans'
import type { PlanRecord, Store } from '../storage/store'
import { HttpError } from '../http/http-error'
import type { ImportPreview } from './import-plan'

// Kept apart from import-plan.ts: the server's main thread only stores what
// the import worker read, and so never loads the readers and the recogniser.

/**
 * Store the previewed document as a new plan, seeded once here on the server.
 * `planId`: use this id (400 if invalid, 409 if a plan has it); else one is made from the title.
 */
export async function createImportedPlan(store: Store, preview: ImportPreview, planId?: string): Promise<PlanRecord> {
  if (planId !== undefined) {
    if (!isValidPlanId(planId)) throw new HttpError('invalid-plan-id', { plan: String(planId).slice(0, 100) })
    if (await store.getPlan(planId)) throw new HttpError('plan-exists', { plan: planId })
  }
  const id = planId ?? newPlanId(preview.title)
  try {
    return await storeNewPlan(store, {
      meta: { id, title: preview.title, municipality: preview.municipality, period: preview.period, status: 'draft' },
      doc: preview.doc
    })
  } catch (e) {
    // Another process (the CLI, a second request) created the same id between the check and the insert.
    if (await store.getPlan(id)) throw new HttpError('plan-exists', { plan: id })
    throw e
  }
}
