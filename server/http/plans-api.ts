import { capTitle } from '../../schema'
import { accessLink } from '../auth/links'
import { claimsForPlan } from '../auth/plan-access'
import { signToken } from '../auth/tokens'
import { log } from '../log'
import { createPlan, type PlanTemplate } from '../plans'
import { tokenOf } from './api-auth'
import type { ApiContext, PlanCall, SignedInCall } from './api-context'
import { HttpError } from './http-error'
import { handlePlanAdmin, restorablePlans, type PlanAdminAction } from './plan-admin'
import { readJsonObject, sendJson } from './respond'

// `/api/plans`: the plan list and creating a plan; plan management
// (settings, delete, restore, copy) is plan-admin.ts behind `planAdmin`.

/** Where a new plan opens: with a token when the asker needs a new one (or is a script), else plainly (the session opens it). */
export const planLink = (ctx: ApiContext, token: string | null, planId: string): string => accessLink(ctx.publicUrl(), planId, token)

/** GET: the plans the asker opens, the deleted ones an administrator may restore, and who the asker is. */
export async function listPlans({ ctx, res, claims }: SignedInCall): Promise<void> {
  const opens = async <T extends { id: string }>(list: T[]): Promise<T[]> => {
    const open = await Promise.all(list.map(async (p) => (await claimsForPlan(ctx.store, claims, p.id)) !== null))
    return list.filter((_, i) => open[i])
  }
  const plans = await opens(await ctx.store.listPlans())
  const deleted = claims.role === 'admin' ? await opens(await restorablePlans(ctx.store, ctx.deletedPlanDays)) : []
  sendJson(res, 200, {
    plans,
    deleted,
    deletedPlanDays: ctx.deletedPlanDays,
    canCreate: claims.role === 'admin',
    me: { name: claims.name, role: claims.role, group: claims.group, plan: claims.plan, signedIn: claims.user !== undefined }
  })
}

/** POST `{template?, title?}`: a new plan (administrators only), seeded once, here. */
export async function createPlanCall({ ctx, req, res, url, claims }: SignedInCall): Promise<void> {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'create plans' })
  const body = await readJsonObject(req, 64 * 1024)
  const template: PlanTemplate = body.template === 'empty' ? 'empty' : 'demo'
  const title = (typeof body.title === 'string' && capTitle(body.title)) || 'Ny plan'
  const plan = await createPlan(ctx.store, template, title)
  log('info', 'plan-created', { plan: plan.id, template, by: claims.name })
  // A token for one plan does not open the new one: hand back one that does.
  const token = claims.plan === '*' ? null : signToken(ctx.secret, { ...claims, plan: plan.id })
  sendJson(res, 201, { plan, token, url: planLink(ctx, token ?? tokenOf(req, url), plan.id) })
}

/** A plan-management handler for one action (routes with auth `plan-even-deleted`: a deleted plan is found to be restored). */
export const planAdmin =
  (action: PlanAdminAction) =>
  async ({ ctx, req, res, claims, plan }: PlanCall): Promise<void> => {
    const r = await handlePlanAdmin(ctx, claims, action, plan, action === 'delete' ? {} : await readJsonObject(req, 64 * 1024))
    sendJson(res, r.status, r.body)
  }
