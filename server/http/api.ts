import type { IncomingMessage, ServerResponse } from 'node:http'
import { authenticate, planAccess, planAccessEvenDeleted } from './api-auth'
import type { ApiContext, Route } from './api-context'
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens'
import { listConflicts, resolveConflict } from './conflicts'
import { sendHttpError, toHttpError } from './error-response'
import { HttpError } from './http-error'
import { importPlan } from './imports'
import { changeInviteCall, createInvite, listInvites, revokeInvite } from './invites'
import { listMembers, putMember, removeMember } from './members'
import { goalsCsv, jsonResource, planDocx, planMarkdown, planPdf, printHtml } from './plan-resources'
import { createPlanCall, listPlans, planAdmin } from './plans-api'
import { matchRoute } from './router'
import { openSessionCall, signOut, whoAmI } from './session-api'
import { compareVersions, getVersion, listVersions, restoreVersion, saveVersion } from './versions'

export type { ApiContext } from './api-context'

/**
 * Every REST route: method, path, who may call it (api-context.ts RouteAuth)
 * and its handler. A new endpoint is one row. The first matching row wins,
 * so a literal segment (`restore`) goes before a `:param` in the same place.
 */
export const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/api/session', auth: 'public', handler: openSessionCall },
  { method: 'GET', pattern: '/api/session', auth: 'public', handler: whoAmI },
  { method: 'DELETE', pattern: '/api/session', auth: 'public', handler: signOut },

  { method: 'GET', pattern: '/api/plans', auth: 'signed-in', handler: listPlans },
  { method: 'POST', pattern: '/api/plans', auth: 'signed-in', handler: createPlanCall },
  { method: 'POST', pattern: '/api/imports', auth: 'signed-in', handler: importPlan },
  { method: 'GET', pattern: '/api/tokens', auth: 'signed-in', handler: listApiTokens },
  { method: 'POST', pattern: '/api/tokens', auth: 'signed-in', handler: createApiToken },
  { method: 'DELETE', pattern: '/api/tokens/:token', auth: 'signed-in', handler: revokeApiToken },

  // Plan management: a deleted plan must still be found to be restored.
  { method: 'PATCH', pattern: '/api/plans/:plan', auth: 'plan-even-deleted', handler: planAdmin('settings') },
  { method: 'DELETE', pattern: '/api/plans/:plan', auth: 'plan-even-deleted', handler: planAdmin('delete') },
  { method: 'POST', pattern: '/api/plans/:plan/restore', auth: 'plan-even-deleted', handler: planAdmin('restore') },
  { method: 'POST', pattern: '/api/plans/:plan/copy', auth: 'plan-even-deleted', handler: planAdmin('copy') },

  { method: 'GET', pattern: '/api/plans/:plan/invites', auth: 'plan', handler: listInvites },
  { method: 'POST', pattern: '/api/plans/:plan/invites', auth: 'plan', handler: createInvite },
  { method: 'PATCH', pattern: '/api/plans/:plan/invites/:invite', auth: 'plan', handler: changeInviteCall },
  { method: 'DELETE', pattern: '/api/plans/:plan/invites/:invite', auth: 'plan', handler: revokeInvite },
  { method: 'GET', pattern: '/api/plans/:plan/members', auth: 'plan', handler: listMembers },
  { method: 'POST', pattern: '/api/plans/:plan/members', auth: 'plan', handler: putMember },
  { method: 'DELETE', pattern: '/api/plans/:plan/members/:user', auth: 'plan', handler: removeMember },

  { method: 'GET', pattern: '/api/plans/:plan/conflicts', auth: 'plan', handler: listConflicts },
  { method: 'POST', pattern: '/api/plans/:plan/conflicts/:conflict/resolve', auth: 'plan', handler: resolveConflict },

  { method: 'GET', pattern: '/api/plans/:plan/versions', auth: 'plan', handler: listVersions },
  { method: 'POST', pattern: '/api/plans/:plan/versions', auth: 'plan', handler: saveVersion },
  { method: 'GET', pattern: '/api/plans/:plan/versions/:version', auth: 'plan', handler: getVersion },
  { method: 'POST', pattern: '/api/plans/:plan/versions/:version/restore', auth: 'plan', handler: restoreVersion },
  { method: 'GET', pattern: '/api/plans/:plan/compare', auth: 'plan', handler: compareVersions },

  // Reads and exports (plan-resources.ts); `?version=` reads a stored version instead of the live plan.
  { method: 'GET', pattern: '/api/plans/:plan', auth: 'plan', handler: jsonResource('meta') },
  { method: 'GET', pattern: '/api/plans/:plan/plan.json', auth: 'plan', handler: jsonResource('plan.json') },
  { method: 'GET', pattern: '/api/plans/:plan/comments.json', auth: 'plan', handler: jsonResource('comments.json') },
  { method: 'GET', pattern: '/api/plans/:plan/goals.csv', auth: 'plan', handler: goalsCsv },
  { method: 'GET', pattern: '/api/plans/:plan/plan.md', auth: 'plan', handler: planMarkdown },
  { method: 'GET', pattern: '/api/plans/:plan/plan.html', auth: 'plan', handler: printHtml },
  { method: 'GET', pattern: '/api/plans/:plan/plan.docx', auth: 'plan', handler: planDocx },
  { method: 'GET', pattern: '/api/plans/:plan/plan.pdf', auth: 'plan', handler: planPdf }
]

/** Run the row's checks (RouteAuth), then its handler. */
async function dispatch(route: Route, ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>): Promise<void> {
  const call = { ctx, req, res, url, params }
  if (route.auth === 'public') return await route.handler(call)
  const claims = await authenticate(ctx, req, url)
  if (route.auth === 'signed-in') return await route.handler({ ...call, claims })
  const plan = params.plan ?? ''
  const inPlan = route.auth === 'plan' ? await planAccess(ctx, claims, plan) : await planAccessEvenDeleted(ctx, claims, plan)
  return await route.handler({ ...call, claims: inPlan, plan })
}

/**
 * Handle /api/*: find the row (404 `not-found` for an unknown path, 405
 * `method-not-allowed` with `allow` for a known path and another method),
 * check who is asking, run it. Every refusal is an HttpError body.
 */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const match = matchRoute(ROUTES, req.method, url.pathname)
    if (match === null) throw new HttpError('not-found')
    if ('allow' in match) {
      const refused = new HttpError('method-not-allowed')
      refused.headers.allow = match.allow.join(', ')
      throw refused
    }
    await dispatch(match.route, ctx, req, res, url, match.params)
  } catch (e) {
    const refusal = toHttpError(e, url.pathname)
    // A handler that already answered (a stream cut short) cannot answer again.
    if (res.headersSent) return void res.end()
    sendHttpError(res, refusal)
  }
}
