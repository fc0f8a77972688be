import type { IncomingMessage, ServerResponse } from 'node:http'
import { mayWrite, type TokenClaims, type VersionInfo } from '../../schema'
import { log } from '../log'
import type { Store } from '../storage/store'
import type { RoomReads } from '../reads/room-reads'
import { isVersionId, VersionError, type Versions } from '../versions/versions'
import { RequestError, readJsonObject, sendJson } from './request-error'

// `/api/plans/:id/versions[/:v[/restore]]` and `/api/plans/:id/compare`
// (issue #14): list, save, read, compare and restore a plan's versions. Any
// role that opens the plan reads; editors and administrators save and restore.

/** What the version routes need from the server. */
export interface VersionsContext {
  store: Store
  versions: Versions
  reads: RoomReads
}

const MAX_NAME = 200

const noVersion = () => new RequestError(404, 'Versionen findes ikke for denne plan. / No such version of this plan.')

/** The version a request names, checked to be one of this plan's (404 otherwise, whatever the id holds). */
function versionOf(store: Store, planId: string, id: string | null | undefined): VersionInfo {
  if (!isVersionId(id)) throw noVersion()
  const v = store.getVersionInfo(planId, id)
  if (!v) throw noVersion()
  return v
}

/** `?version=` of an export: undefined for the live plan, else a version id of this plan (404 when it is not one). */
export function exportVersion(store: Store, planId: string, url: URL): string | undefined {
  const id = url.searchParams.get('version')
  return id === null ? undefined : versionOf(store, planId, id).id
}

const mayChange = (claims: TokenClaims) => {
  if (!mayWrite(claims.role, 'body')) throw new RequestError(403, 'Kun redaktører og administratorer kan gemme og gendanne versioner. / Only editors and administrators save and restore versions.')
}

async function guarded<T>(make: () => Promise<T>): Promise<T> {
  try {
    return await make()
  } catch (e) {
    if (e instanceof VersionError) throw new RequestError(e.status, e.message)
    throw e
  }
}

/**
 * Handle `/api/plans/:id/versions…` and `/api/plans/:id/compare`. `claims`
 * are the asker's in this plan (already checked); `rest` is the path after
 * the plan id (`['versions', v, 'restore']`, `['compare']`).
 */
export async function handleVersions(ctx: VersionsContext, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, url: URL, planId: string, rest: string[]): Promise<void> {
  const [resource, v, action, ...more] = rest
  if (more.length) throw new RequestError(404, 'Unknown plan resource')
  if (resource === 'compare' && v === undefined) {
    if (req.method !== 'GET') throw new RequestError(405, 'Method not allowed')
    const from = versionOf(ctx.store, planId, url.searchParams.get('from'))
    const toParam = url.searchParams.get('to') ?? 'now'
    const to = toParam === 'now' ? null : versionOf(ctx.store, planId, toParam)
    const r = await ctx.reads.readDocs(planId, 'compare', 'da', to === null ? { room: planId } : { version: to.id }, { version: from.id })
    if (r.kind !== 'text') throw new Error(`compare returned ${r.kind}`)
    // The worker's JSON ({goals, text, summary}) goes out as it is, with the two versions in front.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    return void res.end(`{"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},${r.text.slice(1)}`)
  }
  if (resource !== 'versions') throw new RequestError(404, 'Unknown plan resource')
  if (v === undefined && req.method === 'GET') return sendJson(res, 200, { versions: ctx.versions.list(planId) })
  if (v === undefined && req.method === 'POST') {
    mayChange(claims)
    const body = await readJsonObject(req)
    const name = typeof body.name === 'string' ? body.name.trim() : ''
    if (!name || name.length > MAX_NAME) throw new RequestError(400, `Giv versionen et navn på 1–${MAX_NAME} tegn. / A version needs a name of 1–${MAX_NAME} characters.`)
    const version = await guarded(() => ctx.versions.create(planId, name, claims.name))
    log('info', 'version-saved', { plan: planId, version: version.id, by: claims.name })
    return sendJson(res, 201, { version })
  }
  if (v === undefined) throw new RequestError(405, 'Method not allowed')
  const version = versionOf(ctx.store, planId, v)
  if (action === undefined) {
    if (req.method !== 'GET') throw new RequestError(405, 'Method not allowed')
    const planJson = ctx.store.getVersionPlanJson(planId, version.id)
    if (planJson === null) throw noVersion()
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    return void res.end(`{"version":${JSON.stringify(version)},"plan":${planJson}}`)
  }
  if (action !== 'restore') throw new RequestError(404, 'Unknown plan resource')
  if (req.method !== 'POST') throw new RequestError(405, 'Method not allowed')
  mayChange(claims)
  return sendJson(res, 200, await guarded(() => ctx.versions.restore(planId, version.id, claims.name)))
}
