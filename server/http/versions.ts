import { mayWrite, type TokenClaims } from '../../schema'
import { type VersionInfo } from '../../schema/history'
import { log } from '../log'
import type { Store } from '../storage/store'
import { isVersionId } from '../versions/versions'
import type { PlanCall } from './api-context'
import { HttpError } from './http-error'
import { readJsonObject, sendJson } from './respond'

// `/api/plans/:id/versions[/:v[/restore]]` and `/api/plans/:id/compare`
// (issue #14): list, save, read, compare and restore a plan's versions. Any
// role that opens the plan reads; editors and administrators save and restore.

const MAX_NAME = 200

/** The version a request names, checked to be one of this plan's (404 otherwise, whatever the id holds). */
async function versionOf(store: Store, planId: string, id: string | null | undefined): Promise<VersionInfo> {
  const v = isVersionId(id) ? await store.getVersionInfo(planId, id) : null
  if (!v) throw new HttpError('version-not-found')
  return v
}

/** `?version=` of an export: undefined for the live plan, else a version id of this plan (404 when it is not one). */
export async function exportVersion(store: Store, planId: string, url: URL): Promise<string | undefined> {
  const id = url.searchParams.get('version')
  return id === null ? undefined : (await versionOf(store, planId, id)).id
}

const mayChange = (claims: TokenClaims): void => {
  if (!mayWrite(claims.role, 'body')) throw new HttpError('editors-only', { action: 'save or restore versions' })
}

/** GET …/versions: newest first. */
export async function listVersions({ ctx, res, plan }: PlanCall): Promise<void> {
  sendJson(res, 200, { versions: await ctx.versions.list(plan) })
}

/** POST …/versions `{ name }`: a named version of the plan as it is now. */
export async function saveVersion({ ctx, req, res, claims, plan }: PlanCall): Promise<void> {
  mayChange(claims)
  const body = await readJsonObject(req)
  const name = typeof body.name === 'string' ? body.name.trim() : ''
  if (!name) throw new HttpError('invalid-field', { field: 'name' })
  if (name.length > MAX_NAME) throw new HttpError('field-too-long', { field: 'name', limit: MAX_NAME })
  const version = await ctx.versions.create(plan, name, claims.name)
  log('info', 'version-saved', { plan, version: version.id, by: claims.name })
  sendJson(res, 201, { version })
}

/** GET …/versions/:version: the version and its plan.json. */
export async function getVersion({ ctx, res, plan, params }: PlanCall): Promise<void> {
  const version = await versionOf(ctx.store, plan, params.version)
  const planJson = await ctx.store.getVersionPlanJson(plan, version.id)
  if (planJson === null) throw new HttpError('version-not-found')
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(`{"version":${JSON.stringify(version)},"plan":${planJson}}`)
}

/** POST …/versions/:version/restore: the old content as a new forward change (server/versions/restore-body.ts). */
export async function restoreVersion({ ctx, res, claims, plan, params }: PlanCall): Promise<void> {
  mayChange(claims)
  const version = await versionOf(ctx.store, plan, params.version)
  sendJson(res, 200, await ctx.versions.restore(plan, version.id, claims.name))
}

/** GET …/compare?from=<version>&to=<version|now>: goal-level and text changes, computed in a read worker. */
export async function compareVersions({ ctx, res, url, plan }: PlanCall): Promise<void> {
  const from = await versionOf(ctx.store, plan, url.searchParams.get('from'))
  const toParam = url.searchParams.get('to') ?? 'now'
  const to = toParam === 'now' ? null : await versionOf(ctx.store, plan, toParam)
  const r = await ctx.reads.readDocs(plan, 'compare', 'da', to === null ? { room: plan } : { version: to.id }, { version: from.id })
  if (r.kind !== 'text') throw new Error(`compare returned ${r.kind}`)
  // The worker's JSON ({goals, text, summary}) goes out as it is, with the two versions in front.
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(`{"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},${r.text.slice(1)}`)
}
