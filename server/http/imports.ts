import type { IncomingMessage } from 'node:http'
import { signToken } from '../auth/tokens'
import { createImportedPlan } from '../import/create-imported-plan'
import { previewInWorker } from '../import/preview-worker'
import { MAX_IMPORT_BYTES, tooLarge } from '../import/size-limit'
import { log } from '../log'
import { tokenOf } from './api-auth'
import type { SignedInCall } from './api-context'
import { HttpError } from './http-error'
import { planLink } from './plans-api'
import { sendJson } from './respond'

// POST /api/imports: preview an import, or with create=1 make a plan from it.

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

/** POST `?filename=…[&title=…][&create=1[&plan=…]]` with the file as the body. Administrators only. */
export async function importPlan({ ctx, req, res, url, claims }: SignedInCall): Promise<void> {
  if (claims.role !== 'admin') throw new HttpError('admin-only', { action: 'import plans' })
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_IMPORT_BYTES) {
    res.setHeader('connection', 'close')
    req.resume() // drain without keeping it
    throw tooLarge()
  }
  const filename = url.searchParams.get('filename')?.trim() ?? ''
  if (!filename) throw new HttpError('invalid-field', { field: 'filename' })
  const bytes = await readRawBody(req, MAX_IMPORT_BYTES)
  const title = url.searchParams.get('title') ?? undefined
  const preview = await previewInWorker(bytes, filename, {
    heapMb: ctx.importHeapMb,
    ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
    ...(title ? { title } : {})
  })
  if (url.searchParams.get('create') !== '1') return sendJson(res, 200, { title: preview.title, review: preview.review })
  const planParam = url.searchParams.get('plan')?.trim()
  const plan = await createImportedPlan(ctx.store, preview, planParam || undefined)
  log('info', 'plan-imported', { plan: plan.id, format: preview.source.format, goals: preview.review.goals.length, by: claims.name })
  const token = claims.plan === '*' ? null : signToken(ctx.secret, { ...claims, plan: plan.id })
  sendJson(res, 201, { plan, token, url: planLink(ctx, token ?? tokenOf(req, url), plan.id), review: preview.review })
}
