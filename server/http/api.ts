import type { IncomingMessage, ServerResponse } from 'node:http'
import { Node as PMNode } from 'prosemirror-model'
import { GROUPS, ROLES, isOneOf, isValidPlanId, planSchema, PRINT_HTML_CSP, type Lang, type TokenClaims } from '../../schema'
import { exportFilename } from '../../schema/export'
import { signToken } from '../auth/tokens'
import { issueInvite, publicInvite, verifyAccess } from '../auth/access'
import { changeInvite } from './invite-changes'
import { clearedCookie, openSession, sessionCookie, sessionOf } from '../auth/sessions'
import { claimsForPlan } from '../auth/plan-access'
import { handleApiTokens } from './api-tokens'
import { handleMembers } from './members'
import { RequestError } from './request-error'
import { log } from '../log'
import { metrics } from '../metrics'
import { ImportFileError } from '../import/errors'
import { createImportedPlan, ImportPlanError } from '../import/import-plan'
import { previewInWorker } from '../import/preview-worker'
import { handlePlanAdmin, planAdminAction, PlanAdminError, restorablePlans } from './plan-admin'
import { MAX_IMPORT_BYTES, tooLarge } from '../import/read-file'
import { createPlan, planIsOpen, type PlanTemplate } from '../plans'
import type { Store } from '../storage/store'
import type { Rooms } from '../sync/rooms'
import { ReadFailedError, ReadsBusyError } from '../reads/read-pool'
import type { ReadOutput } from '../reads/render'
import type { RoomReads } from '../reads/room-reads'
import { PdfBusyError, type PdfExporter } from '../export/pdf'

/** What the REST handlers need from the server. */
export interface ApiContext {
  store: Store
  /** The rooms in memory (plan settings are written through the plan's room). */
  rooms: Rooms
  /** Plan reads and exports, off the main thread and bounded. */
  reads: RoomReads
  secret: Buffer
  pdf: PdfExporter
  /** Heap cap of the import worker, in MiB. */
  importHeapMb: number
  publicUrl: () => string
  /** An invitation was revoked or changed: close its open sockets now rather than at the next sweep. */
  revoked: () => void
  /** An invitation was used (for "last seen"; written at most once a minute). */
  seen: (inviteId: string | undefined) => void
  /** How long a deleted plan can be restored. */
  deletedPlanDays: number
}

/** Send a whole file with its length, so the client can show download progress. */
const sendFile = (res: ServerResponse, headers: Record<string, string>, body: string | Uint8Array) => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(200, { ...headers, 'content-length': String(bytes.byteLength) })
  res.end(bytes)
}

/** A 200 JSON answer whose body is already JSON text (rendered by a read worker). */
const jsonText = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text)
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function tokenOf(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim()
  return url.searchParams.get('token')
}

const REFUSED: Record<string, string> = {
  missing: 'Adgang kræver et link med en gyldig nøgle (token). / A valid token is required.',
  expired: 'Linket er udløbet. Bed om et nyt. / The link has expired.',
  revoked: 'Adgangen er trukket tilbage. Bed en administrator om et nyt link. / Access was revoked.'
}

/** Who is asking: a bearer token (scripts, and the one exchange for a session), else the session cookie. */
function authenticate(ctx: ApiContext, req: IncomingMessage, url: URL): TokenClaims {
  const token = tokenOf(req, url)
  if (token === null && sessionCookie(req) !== null) {
    const s = sessionOf(ctx.store, req)
    if ('error' in s) throw new RequestError(401, REFUSED[s.error]!)
    ctx.seen(s.claims.sub)
    return s.claims
  }
  const r = verifyAccess(ctx.store, ctx.secret, token)
  if ('error' in r) throw new RequestError(401, REFUSED[r.error] ?? 'Nøglen (token) er ugyldig. / The token is invalid.')
  ctx.seen(r.claims.sub)
  return r.claims
}

/** `/api/session`: exchange a link's token for a cookie (POST), read who I am (GET), sign out (DELETE). */
function handleSession(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const secure = ctx.publicUrl().startsWith('https:')
  if (req.method === 'DELETE') {
    const s = sessionOf(ctx.store, req)
    if (!('error' in s)) {
      ctx.store.revokeSession(s.id, new Date().toISOString())
      ctx.revoked()
    }
    res.writeHead(204, { 'set-cookie': clearedCookie(secure), 'cache-control': 'no-store' })
    return void res.end()
  }
  if (req.method === 'POST') {
    const token = tokenOf(req, url)
    if (token === null) throw new RequestError(400, 'Send linkets nøgle som Authorization: Bearer. / Send the link token as a bearer token.')
    const r = verifyAccess(ctx.store, ctx.secret, token)
    if ('error' in r) throw new RequestError(401, REFUSED[r.error] ?? 'Nøglen (token) er ugyldig. / The token is invalid.')
    const { cookie } = openSession(ctx.store, r.claims, secure)
    res.writeHead(201, { 'set-cookie': cookie, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    return void res.end(JSON.stringify({ me: publicClaims(r.claims) }))
  }
  if (req.method === 'GET') {
    const claims = authenticate(ctx, req, url)
    // ?plan=: who I am in that plan (a signed-in person's role there is their member row).
    const plan = url.searchParams.get('plan')
    return json(res, 200, { me: publicClaims(plan === null ? claims : planAccess(ctx, claims, plan)) })
  }
  throw new RequestError(405, 'Method not allowed')
}

/** What the page may know about its own access (everything but the signature). */
const publicClaims = (c: TokenClaims) => ({ plan: c.plan, role: c.role, group: c.group, name: c.name, exp: c.exp, ...(c.sub !== undefined ? { sub: c.sub } : {}), ...(c.user !== undefined ? { signedIn: true } : {}) })

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new RequestError(413, 'Request body too large')
    chunks.push(chunk as Buffer)
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
  } catch {
    throw new RequestError(400, 'Request body is not valid JSON')
  }
}

/**
 * A raw request body up to `limit` bytes. Past the limit the rest is read and
 * thrown away before the 413 goes out, so the client gets the answer instead
 * of a reset connection; nothing past the limit is kept in memory.
 */
async function readRawBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  let size = 0
  let over = false
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) over = true
    if (!over) chunks.push(chunk as Buffer)
    else chunks.length = 0
  }
  if (over) throw tooLarge()
  return new Uint8Array(Buffer.concat(chunks))
}

/** POST /api/imports: preview an import, or with create=1 make a plan from it. Admins only. */
async function handleImport(ctx: ApiContext, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'POST') throw new RequestError(405, 'Method not allowed')
  if (claims.role !== 'admin') throw new RequestError(403, 'Kun administratorer kan importere planer. / Only administrators can import plans.')
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) {
    res.setHeader('connection', 'close')
    req.resume() // drain without keeping it
    throw tooLarge()
  }
  const filename = url.searchParams.get('filename')?.trim() ?? ''
  if (!filename) throw new RequestError(400, 'Angiv filens navn (?filename=plan.docx). / The filename query parameter is required.')
  const bytes = await readRawBody(req, MAX_IMPORT_BYTES)
  const title = url.searchParams.get('title') ?? undefined
  const preview = await previewInWorker(bytes, filename, { heapMb: ctx.importHeapMb, ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}), ...(title ? { title } : {}) })
  if (url.searchParams.get('create') !== '1') return json(res, 200, { title: preview.title, review: preview.review })
  const planParam = url.searchParams.get('plan')?.trim()
  const plan = createImportedPlan(ctx.store, preview, planParam || undefined)
  log('info', 'plan-imported', { plan: plan.id, format: preview.source.format, goals: preview.review.goals.length, by: claims.name })
  const token = claims.plan === '*' ? null : signToken(ctx.secret, { ...claims, plan: plan.id })
  return json(res, 201, { plan, token, url: planLink(ctx, token ?? tokenOf(req, url), plan.id), review: preview.review })
}

/** What each GET resource of a plan reads (plan.md with ?comments=open reads the comments too). */
// A Map, not an object literal: `constructor` or `__proto__` in the URL must not find anything.
const RESOURCE_OUTPUTS = new Map<string, ReadOutput>([
  ['', 'meta'], ['plan.json', 'plan.json'], ['goals.csv', 'goals.csv'], ['comments.json', 'comments.json'], ['plan.md', 'plan.md'],
  ['plan.html', 'plan.html'], ['plan.docx', 'plan.docx'], ['plan.pdf', 'plan-node']
])

/** Seconds a client is asked to wait when the reads are busy. */
const READS_RETRY_AFTER_S = 2

/** The asker's claims in this plan (403 when they have none there, 404 when it does not exist). */
function planAccess(ctx: ApiContext, claims: TokenClaims, id: string): TokenClaims {
  if (!isValidPlanId(id)) throw new RequestError(400, `"${id}" is not a valid plan id`)
  const inPlan = claimsForPlan(ctx.store, claims, id)
  if (!inPlan) throw new RequestError(403, 'Nøglen (token) giver ikke adgang til denne plan. / This token does not open this plan.')
  if (!planIsOpen(ctx.store, id)) throw new RequestError(404, `Planen ${id} findes ikke. / No plan ${id}.`)
  return inPlan
}

const renderFailed = (format: string, id: string, e: unknown): RequestError => {
  if (e instanceof PdfBusyError) return new RequestError(503, 'Der laves mange PDF-filer lige nu. Prøv igen om lidt. / Too many PDF exports are running; try again shortly.')
  log('error', 'export-failed', { plan: id, format, error: (e as Error).message })
  // The first line says what went wrong; Playwright appends a call log below it.
  const reason = String((e as Error).message).split('\n')[0]!.slice(0, 300)
  return new RequestError(500, `Eksporten til ${format.toUpperCase()} mislykkedes: ${reason} / The ${format} export of plan ${id} failed.`)
}

/** Run an export; a failure becomes a 500 that says which export failed (and is logged). */
async function renderAsync<T>(format: string, id: string, make: () => Promise<T>): Promise<T> {
  try {
    return await make()
  } catch (e) {
    throw renderFailed(format, id, e)
  }
}

/** Where a new plan opens: with a token when the asker needs a new one (or is a script), else plainly (the session opens it). */
const planLink = (ctx: ApiContext, token: string | null, planId: string) => (token === null ? `${ctx.publicUrl()}/plan/${planId}` : inviteLink(ctx, token, planId))

const inviteLink = (ctx: ApiContext, token: string, planId: string) =>
  planId === '*' ? `${ctx.publicUrl()}/?token=${token}` : `${ctx.publicUrl()}/plan/${planId}?token=${token}`

/** `/api/plans/:id/invites[/:invite]`: administrators invite, list and revoke. */
async function handleInvites(ctx: ApiContext, claims: TokenClaims, req: IncomingMessage, res: ServerResponse, planId: string, inviteId: string | undefined): Promise<void> {
  if (claims.role !== 'admin') throw new RequestError(403, 'Kun administratorer kan invitere og se, hvem der har adgang. / Only administrators manage access.')
  if (inviteId === undefined && req.method === 'POST') {
    const b = (await readBody(req)) as { role?: unknown; name?: unknown; group?: unknown; days?: unknown }
    if (!isOneOf(ROLES, b.role) || !isOneOf(GROUPS, b.group) || typeof b.name !== 'string' || !b.name.trim()) throw new RequestError(400, 'Invitation needs role, group and name')
    const days = typeof b.days === 'number' && b.days > 0 && b.days <= 365 ? b.days : 30
    const { token, invite } = issueInvite(ctx.store, ctx.secret, { plan: planId, role: b.role, group: b.group, name: b.name.trim().slice(0, 100), days, createdBy: claims.name })
    log('info', 'invite-created', { plan: planId, invite: invite.id, role: invite.role, by: claims.name })
    // The link is shown once, here; the list never shows it again.
    return json(res, 201, { url: inviteLink(ctx, token, planId), token, invite: publicInvite(invite) })
  }
  if (inviteId === undefined && req.method === 'GET') return json(res, 200, { invites: ctx.store.listInvites(planId).map((i) => publicInvite(i)) })
  if (inviteId !== undefined && req.method === 'PATCH') {
    const r = changeInvite(ctx.store, claims, planId, inviteId, await readBody(req))
    if ('error' in r) throw new RequestError(r.status, r.error)
    log('info', 'invite-changed', { plan: planId, invite: inviteId, role: r.invite.role, group: r.invite.group, by: claims.name })
    ctx.revoked()
    return json(res, 200, { invite: publicInvite(r.invite) })
  }
  if (inviteId !== undefined && req.method === 'DELETE') {
    const invite = ctx.store.getInvite(inviteId)
    if (!invite || invite.plan !== planId) throw new RequestError(404, 'Invitationen findes ikke for denne plan. / No such invitation for this plan.')
    if (ctx.store.revokeInvite(inviteId, new Date().toISOString())) {
      log('info', 'invite-revoked', { plan: planId, invite: inviteId, by: claims.name })
      ctx.revoked()
    }
    res.writeHead(204, { 'cache-control': 'no-store' })
    return void res.end()
  }
  throw new RequestError(405, 'Method not allowed')
}

/** Handle /api/*. Every request is authenticated with the same tokens as the socket. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    if (url.pathname === '/api/session') return handleSession(ctx, req, res, url)
    const claims = authenticate(ctx, req, url)
    const parts = url.pathname.split('/').filter(Boolean).slice(1) // after 'api'
    if (parts[0] === 'imports' && parts.length === 1) return await handleImport(ctx, claims, req, res, url)
    if (parts[0] === 'tokens' && parts.length <= 2) return await handleApiTokens(ctx.store, ctx.secret, claims, req, res, parts[1], ctx.revoked)
    if (parts[0] !== 'plans') throw new RequestError(404, 'Unknown API path')

    if (parts.length === 1 && req.method === 'GET') {
      const opens = (id: string) => claimsForPlan(ctx.store, claims, id) !== null
      const plans = ctx.store.listPlans().filter((p) => opens(p.id))
      const deleted = claims.role === 'admin' ? restorablePlans(ctx.store, ctx.deletedPlanDays).filter((p) => opens(p.id)) : []
      return json(res, 200, { plans, deleted, deletedPlanDays: ctx.deletedPlanDays, canCreate: claims.role === 'admin', me: { name: claims.name, role: claims.role, group: claims.group, plan: claims.plan, signedIn: claims.user !== undefined } })
    }
    if (parts.length === 1 && req.method === 'POST') {
      if (claims.role !== 'admin') throw new RequestError(403, 'Kun administratorer kan oprette planer. / Only administrators can create plans.')
      const body = (await readBody(req)) as { template?: unknown; title?: unknown }
      const template: PlanTemplate = body.template === 'empty' ? 'empty' : 'demo'
      const title = typeof body.title === 'string' && body.title.trim() ? body.title.trim().slice(0, 200) : 'Ny plan'
      const plan = createPlan(ctx.store, template, title)
      log('info', 'plan-created', { plan: plan.id, template, by: claims.name })
      // A token for one plan does not open the new one: hand back one that does.
      const token = claims.plan === '*' ? null : signToken(ctx.secret, { ...claims, plan: plan.id })
      return json(res, 201, { plan, token, url: planLink(ctx, token ?? tokenOf(req, url), plan.id) })
    }

    const id = parts[1] ?? ''
    const adminAction = parts.length <= 3 ? planAdminAction(req.method, parts[2]) : null
    if (adminAction) {
      // Not planAccess: a deleted plan must still be found to be restored.
      if (!isValidPlanId(id)) throw new RequestError(400, `"${id}" is not a valid plan id`)
      const asAdmin = claimsForPlan(ctx.store, claims, id)
      if (!asAdmin) throw new RequestError(403, 'Nøglen (token) giver ikke adgang til denne plan. / This token does not open this plan.')
      const r = await handlePlanAdmin(ctx, asAdmin, req, adminAction, id, req.method === 'DELETE' ? {} : await readBody(req))
      return json(res, r.status, r.body)
    }
    const inPlan = planAccess(ctx, claims, id)
    const resource = parts[2] ?? ''
    if (resource === 'invites') return await handleInvites(ctx, inPlan, req, res, id, parts[3])
    if (resource === 'members') return await handleMembers(ctx.store, inPlan, req, res, id, parts[3], ctx.revoked)
    if (req.method !== 'GET') throw new RequestError(405, 'Method not allowed')
    const filename = (ext: string) => `attachment; filename="${exportFilename(ctx.store.getPlan(id)?.title ?? id, new Date(), ext)}"`
    // Exports are Danish; ?lang=en gives the fixed words (column headers, statuses, sentences) in English.
    const lang: Lang = url.searchParams.get('lang') === 'en' ? 'en' : 'da'
    const output = RESOURCE_OUTPUTS.get(resource)
    if (output === undefined) throw new RequestError(404, 'Unknown plan resource')
    const read = async (o: ReadOutput) => {
      const result = await ctx.reads.read(id, o, lang)
      if (result.kind === 'text') return { text: result.text, node: null, bytes: null }
      if (result.kind === 'bytes') return { text: '', node: null, bytes: result.bytes }
      return { text: '', node: { doc: PMNode.fromJSON(planSchema, result.doc), meta: result.meta, problems: result.problems }, bytes: null }
    }
    switch (resource) {
      case '':
      case 'plan.json':
      case 'comments.json':
        return jsonText(res, (await read(output)).text)
      case 'goals.csv':
        return sendFile(res, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': filename('csv') }, (await read(output)).text)
      case 'plan.md': {
        const md = (await read(url.searchParams.get('comments') === 'open' ? 'plan.md+comments' : 'plan.md')).text
        return sendFile(res, { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': filename('md') }, md)
      }
      case 'plan.html': {
        const html = (await read(output)).text
        return sendFile(res, {
          'content-type': 'text/html; charset=utf-8',
          // inline: the page is meant to be read and printed in the browser.
          'content-disposition': `inline; filename="${id}.html"`,
          'content-security-policy': PRINT_HTML_CSP,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-store'
        }, html)
      }
      case 'plan.docx': {
        const bytes = (await read(output)).bytes!
        return sendFile(res, { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': filename('docx'), 'cache-control': 'no-store' }, bytes)
      }
      case 'plan.pdf': {
        const { node } = await read(output)
        const { bytes, renderer } = await renderAsync('pdf', id, () => ctx.pdf.render(node!.doc, node!.meta, lang))
        return sendFile(res, { 'content-type': 'application/pdf', 'content-disposition': filename('pdf'), 'x-pdf-renderer': renderer, 'cache-control': 'no-store' }, bytes)
      }
      default:
        throw new RequestError(404, 'Unknown plan resource')
    }
  } catch (e) {
    if (e instanceof RequestError || e instanceof ImportFileError || e instanceof ImportPlanError || e instanceof PlanAdminError) return json(res, e.status, { error: e.message })
    if (e instanceof ReadsBusyError) {
      metrics.reads_refused_total++
      res.setHeader('retry-after', String(READS_RETRY_AFTER_S))
      return json(res, 503, { error: e.message })
    }
    if (e instanceof ReadFailedError) {
      log('error', 'room-read-failed', { path: url.pathname, error: e.message })
      return json(res, 500, { error: e.corrupt ? 'Planens gemte data kan ikke læses. / The stored state of this plan cannot be read.' : 'Planen kunne ikke læses. Prøv igen. / The plan could not be read; try again.' })
    }
    log('error', 'api-error', { path: url.pathname, error: (e as Error).message })
    return json(res, 500, { error: 'Internal error' })
  }
}
