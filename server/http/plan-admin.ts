import * as Y from 'yjs'
import { Close, MAX_TITLE_LENGTH, META_MAP, roomsOfPlan, PLAN_STATUSES, isOneOf, readPlanMeta, yBodyToPlanNode, type TokenClaims } from '../../schema'
import { nextPeriod, nextYearTitle, withoutFollowUps } from '../../schema/build'
import { signToken } from '../auth/tokens'
import { log } from '../log'
import { newPlanId, storeNewPlan } from '../plans'
import { StorageUnavailableError, type PlanListing, type Store } from '../storage/store'
import { ServerEdit } from '../sync/plan-listing'
import { HttpError } from './http-error'
import type { Rooms } from '../sync/rooms'
import { applyStoredRoom } from '../sync/stored-doc'
import { accessLink } from '../auth/links'

// Plan management for administrators: rename and set municipality, period
// and status (PATCH), delete with an undo (DELETE, POST restore), and
// "kopiér som næste års plan" (POST copy). Settings are written into the
// room's `Map('meta')` as an ordinary Yjs edit, so every open editor sees
// them at once and the exports (which read the document) agree with the list.

/** What plan management needs from the server. */
export interface PlanAdminContext {
  store: Store
  rooms: Rooms
  secret: Buffer
  publicUrl: () => string
  /** How long a deleted plan can be restored. */
  deletedPlanDays: number
  /** Access changed (here: a plan deleted); see ApiContext. */
  revoked: () => void
}

/** What plan management does: `PATCH /:id` settings, `DELETE /:id`, `POST /:id/restore`, `POST /:id/copy`. */
export type PlanAdminAction = 'settings' | 'delete' | 'restore' | 'copy'

const LIMITS = { title: MAX_TITLE_LENGTH, municipality: 200, period: 40 } as const
const SETTINGS = ['title', 'municipality', 'period', 'status'] as const
type Settings = Partial<Record<(typeof SETTINGS)[number], string>>

const DAY_MS = 24 * 60 * 60 * 1000

/** Check a settings body: only known fields, strings of sane length, a known status, a non-empty title. */
export function readSettings(body: unknown, allowed: readonly (typeof SETTINGS)[number][] = SETTINGS): Settings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError('invalid-json')
  const out: Settings = {}
  for (const [key, value] of Object.entries(body)) {
    if (!(allowed as readonly string[]).includes(key)) throw new HttpError('unknown-field', { field: key.slice(0, 40) })
    if (typeof value !== 'string') throw new HttpError('invalid-field', { field: key })
    const v = value.trim()
    if (key === 'status') {
      if (!isOneOf(PLAN_STATUSES, v)) throw new HttpError('invalid-field', { field: key })
    } else {
      const limit = LIMITS[key as keyof typeof LIMITS]
      if (v.length > limit) throw new HttpError('field-too-long', { field: key, limit })
      if (key === 'title' && !v) throw new HttpError('invalid-field', { field: key })
    }
    out[key as keyof Settings] = v
  }
  return out
}

/** A room's document as stored: the live one once its pending updates are stored (and, with other processes, what they stored read), else read from storage. */
async function storedDoc(ctx: PlanAdminContext, room: string): Promise<Y.Doc> {
  const live = ctx.rooms.peek(room)
  if (live) {
    if (!(await live.current())) throw new HttpError('plan-not-stored')
    return live.doc
  }
  const stored = await ctx.store.loadRoom(room)
  const doc = new Y.Doc()
  applyStoredRoom(doc, room, stored)
  return doc
}

/** Write settings into the plan's meta as one server-side Yjs edit, and wait until it is stored. */
async function applySettings(ctx: PlanAdminContext, claims: TokenClaims, id: string, settings: Settings): Promise<void> {
  let room
  try {
    room = await ctx.rooms.get(id)
  } catch (e) {
    if (e instanceof StorageUnavailableError) throw e
    throw new HttpError('plan-unreadable')
  }
  try {
    const meta = room.doc.getMap(META_MAP)
    // Only what differs: an unchanged field would still be a new update (and a "last changed").
    room.doc.transact(() => {
      for (const [key, value] of Object.entries(settings)) if (meta.get(key) !== value) meta.set(key, value)
    }, new ServerEdit(claims.name))
    if (!(await room.stored())) throw new HttpError('plan-not-stored')
  } finally {
    // Loaded only for this edit: let it unload again when nobody is connected.
    ctx.rooms.released(id)
  }
}

/** Close every open socket of a plan (body and comments) with `reason`. */
function closePlanSockets(ctx: PlanAdminContext, id: string): void {
  for (const name of roomsOfPlan(id)) {
    const room = ctx.rooms.peek(name)
    for (const m of [...(room?.members ?? [])]) m.close(Close.NotFound)
  }
}

const restoreUntil = (plan: PlanListing, days: number): string | null =>
  plan.deletedAt ? new Date(Date.parse(plan.deletedAt) + days * DAY_MS).toISOString() : null

/** The deleted plans an administrator can still restore (newest deletion first). */
export async function restorablePlans(store: Store, days: number, now = Date.now()): Promise<Array<PlanListing & { restoreUntil: string | null }>> {
  return (await store.listDeletedPlans(new Date(now - days * DAY_MS).toISOString())).map((p) => ({ ...p, restoreUntil: restoreUntil(p, days) }))
}

/**
 * Handle one plan-management request for plan `id` (the caller checked the
 * id's form and that the claims open this plan). Administrators only.
 */
export async function handlePlanAdmin(
  ctx: PlanAdminContext,
  claims: TokenClaims,
  action: PlanAdminAction,
  id: string,
  body: unknown
): Promise<{ status: number; body: unknown }> {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'manage plans' })
  const plan = await ctx.store.getPlan(id)
  if (!plan) throw new HttpError('plan-not-found', { plan: id })
  const now = new Date()

  if (action === 'restore') {
    if (plan.deletedAt === null) throw new HttpError('plan-not-deleted', { plan: id })
    if (Date.parse(plan.deletedAt) + ctx.deletedPlanDays * DAY_MS < now.getTime()) {
      throw new HttpError('restore-expired', { days: ctx.deletedPlanDays })
    }
    await ctx.store.setPlanDeleted(id, null)
    log('info', 'plan-restored', { plan: id, by: claims.name })
    return { status: 200, body: { plan: await ctx.store.getPlan(id) } }
  }
  // Everything else needs a plan that is not deleted.
  if (plan.deletedAt !== null) throw new HttpError('plan-deleted', { plan: id })

  if (action === 'delete') {
    await ctx.store.setPlanDeleted(id, now.toISOString())
    closePlanSockets(ctx, id)
    // Sockets still being admitted to the plan check again before they join (server/auth/socket-access.ts).
    ctx.revoked()
    log('info', 'plan-deleted', { plan: id, by: claims.name })
    const deleted = (await ctx.store.getPlan(id))!
    return { status: 200, body: { plan: { ...deleted, restoreUntil: restoreUntil(deleted, ctx.deletedPlanDays) } } }
  }

  if (action === 'settings') {
    const settings = readSettings(body)
    if (Object.keys(settings).length === 0) throw new HttpError('no-change', { fields: SETTINGS.join(', ') })
    await applySettings(ctx, claims, id, settings)
    log('info', 'plan-settings', { plan: id, fields: Object.keys(settings), by: claims.name })
    return { status: 200, body: { plan: await ctx.store.getPlan(id) } }
  }

  // copy: a new plan from this one's stored content, seeded once, here.
  const wanted = readSettings(body, ['title', 'period'])
  const doc = await storedDoc(ctx, id)
  const meta = readPlanMeta(doc, id)
  const period = wanted.period ?? nextPeriod(meta.period)
  const title = wanted.title ?? nextYearTitle(meta.title, meta.period, period)
  const record = await storeNewPlan(ctx.store, {
    meta: { id: newPlanId(title), title, municipality: meta.municipality, period, status: 'draft' },
    doc: withoutFollowUps(yBodyToPlanNode(doc).doc)
  })
  log('info', 'plan-copied', { plan: record.id, from: id, by: claims.name })
  // A token for one plan does not open the copy: hand back one that does (as creating a plan does).
  const token = claims.plan === '*' ? null : signToken(ctx.secret, { ...claims, plan: record.id })
  const url = accessLink(ctx.publicUrl(), record.id, token)
  return { status: 201, body: { plan: await ctx.store.getPlan(record.id), token, url } }
}
