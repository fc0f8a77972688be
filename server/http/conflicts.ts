import type { IncomingMessage, ServerResponse } from 'node:http'
import { mayWrite, type FieldValue, type TokenClaims } from '../../schema'
import { resolveStored } from '../conflicts/field-conflicts'
import { log } from '../log'
import type { Store } from '../storage/store'
import type { Rooms } from '../sync/rooms'
import { RequestError, readJsonObject, sendJson } from './request-error'

// `/api/plans/:id/conflicts[/:cid/resolve]`: the conflicts the server
// recorded when a merge replaced a concurrent write to a typed field. Anyone
// who opens the plan may read them; who may edit may keep the current value
// here (choosing another value is an edit of the field in the editor, which
// resolves the conflict by itself).

const isFieldValue = (v: unknown): v is FieldValue => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/**
 * Handle the conflicts of one plan. `claims` are the asker's claims in this
 * plan (already resolved); `rest` is the path after `conflicts`.
 */
export async function handleConflicts(ctx: { store: Store; rooms: Rooms }, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, planId: string, rest: readonly string[], url: URL): Promise<void> {
  if (rest.length === 0 && req.method === 'GET') {
    // A loaded room may hold rows not yet stored: wait for its group commit, like every read.
    const room = ctx.rooms.peek(planId)
    if (room) await new Promise<void>((resolve) => room.whenStored(() => resolve()))
    return sendJson(res, 200, { conflicts: ctx.store.listConflicts(planId, url.searchParams.get('all') === '1') })
  }
  if (rest.length === 2 && rest[1] === 'resolve' && req.method === 'POST') {
    if (!mayWrite(claims.role, 'body')) throw new RequestError(403, 'Kun redaktører og administratorer kan afgøre en konflikt. / Only editors and administrators resolve conflicts.')
    const body = await readJsonObject(req)
    if (!('value' in body) || !isFieldValue(body.value)) throw new RequestError(400, 'Angiv den værdi, der skal beholdes ({ "value": … }). / Give the value to keep.')
    const at = new Date().toISOString()
    const room = ctx.rooms.peek(planId)
    const outcome = room?.conflicts ? room.conflicts.resolve(rest[0]!, body.value, claims.name, at) : resolveStored(ctx.store, planId, rest[0]!, body.value, claims.name, at)
    if ('error' in outcome) {
      if (outcome.error === 'not-found') throw new RequestError(404, 'Konflikten findes ikke i denne plan. / No such conflict in this plan.')
      throw new RequestError(409, 'Værdien er ikke længere den gældende. Vælg den i editoren. / That is not the current value; choose it in the editor.')
    }
    log('info', 'conflict-resolved', { plan: planId, conflict: outcome.conflict.id, by: claims.name })
    return sendJson(res, 200, { conflict: outcome.conflict })
  }
  throw new RequestError(rest.length > 2 ? 404 : 405, rest.length > 2 ? 'Unknown conflicts path' : 'Method not allowed')
}
