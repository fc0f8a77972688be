import { mayWrite, type FieldValue } from '../../schema'
import { resolveStored } from '../conflicts/field-conflicts'
import { log } from '../log'
import type { PlanCall } from './api-context'
import { HttpError } from './http-error'
import { readJsonObject, sendJson } from './respond'

// `/api/plans/:id/conflicts[/:cid/resolve]`: the conflicts the server
// recorded when a merge replaced a concurrent write to a typed field. Anyone
// who opens the plan may read them; who may edit may keep the current value
// here (choosing another value is an edit of the field in the editor, which
// resolves the conflict by itself).

const isFieldValue = (v: unknown): v is FieldValue => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** GET …/conflicts: open conflicts first; `?all=1` includes resolved ones. */
export async function listConflicts({ ctx, res, url, plan }: PlanCall): Promise<void> {
  // A loaded room may hold rows not yet stored: wait for its group commit, like every read.
  const room = ctx.rooms.peek(plan)
  if (room) await room.stored()
  sendJson(res, 200, { conflicts: await ctx.store.listConflicts(plan, url.searchParams.get('all') === '1') })
}

/** POST …/conflicts/:conflict/resolve `{ value }`: keep the current value (editors and admins). */
export async function resolveConflict({ ctx, req, res, claims, plan, params }: PlanCall): Promise<void> {
  if (!mayWrite(claims.role, 'body')) throw new HttpError('editors-only', { action: 'resolve conflicts' })
  const body = await readJsonObject(req)
  if (!('value' in body) || !isFieldValue(body.value)) throw new HttpError('invalid-field', { field: 'value' })
  const at = new Date().toISOString()
  const id = params.conflict!
  const room = ctx.rooms.peek(plan)
  const outcome = room?.conflicts
    ? await room.conflicts.resolve(id, body.value, claims.name, at)
    : await resolveStored(ctx.store, plan, id, body.value, claims.name, at)
  if ('error' in outcome) throw new HttpError(outcome.error === 'not-found' ? 'conflict-not-found' : 'conflict-value-not-current')
  log('info', 'conflict-resolved', { plan, conflict: outcome.conflict.id, by: claims.name })
  sendJson(res, 200, { conflict: outcome.conflict })
}
