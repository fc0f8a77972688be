import type { ServerResponse } from 'node:http'
import { Node as PMNode } from 'prosemirror-model'
import { planSchema, type Lang } from '../../schema'
import { exportFilename, PRINT_HTML_CSP } from '../../schema/export'
import { PdfBusyError } from '../export/pdf'
import { log } from '../log'
import type { ReadOutput } from '../reads/render'
import type { PlanCall } from './api-context'
import { HttpError } from './http-error'
import { exportVersion } from './versions'

// GET `/api/plans/:plan[/<resource>]`: the plan's meta, its JSON, comments
// and exports, each derived from the stored document at request time by a
// read worker (server/reads/), never stored. Exports are Danish; `?lang=en`
// gives the fixed words (column headers, statuses, sentences) in English.

/** Send a whole file with its length, so the client can show download progress. */
function sendFile(res: ServerResponse, headers: Record<string, string>, body: string | Uint8Array): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(200, { ...headers, 'content-length': String(bytes.byteLength) })
  res.end(bytes)
}

const langOf = (url: URL): Lang => (url.searchParams.get('lang') === 'en' ? 'en' : 'da')

/** Downloads are named after the plan's title and today's date in Denmark ("Beskaeftigelsesplan-2027-2026-11-30.docx"). */
const attachment = async (call: PlanCall, ext: string): Promise<string> =>
  `attachment; filename="${exportFilename((await call.ctx.store.getPlan(call.plan))?.title ?? call.plan, new Date(), ext)}"`

/**
 * Read one output of the plan: the live plan, or with `?version=` a stored
 * version of it (404 `version-not-found` for any id that is not one of this
 * plan's). Comments are not versioned: comments.json is always live.
 */
async function read(call: PlanCall, output: ReadOutput, lang: Lang = langOf(call.url)) {
  const version = output === 'comments.json' ? undefined : await exportVersion(call.ctx.store, call.plan, call.url)
  return call.ctx.reads.read(call.plan, output, lang, version)
}

async function readText(call: PlanCall, output: ReadOutput): Promise<string> {
  const result = await read(call, output)
  return result.kind === 'text' ? result.text : ''
}

/** A resource whose body is JSON text rendered by a read worker (meta, plan.json, comments.json). */
export const jsonResource =
  (output: ReadOutput) =>
  async (call: PlanCall): Promise<void> => {
    const text = await readText(call, output)
    call.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    call.res.end(text)
  }

/** GET goals.csv. */
export async function goalsCsv(call: PlanCall): Promise<void> {
  const text = await readText(call, 'goals.csv')
  sendFile(call.res, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': await attachment(call, 'csv') }, text)
}

/** GET plan.md (`?comments=open`: with the open comments as footnotes). */
export async function planMarkdown(call: PlanCall): Promise<void> {
  const md = await readText(call, call.url.searchParams.get('comments') === 'open' ? 'plan.md+comments' : 'plan.md')
  sendFile(call.res, { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': await attachment(call, 'md') }, md)
}

/** GET plan.html: the print page, under a CSP that runs no script. */
export async function printHtml(call: PlanCall): Promise<void> {
  sendFile(
    call.res,
    {
      'content-type': 'text/html; charset=utf-8',
      // inline: the page is meant to be read and printed in the browser.
      'content-disposition': `inline; filename="${call.plan}.html"`,
      'content-security-policy': PRINT_HTML_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store'
    },
    await readText(call, 'plan.html')
  )
}

/** GET plan.docx (built in the read worker too). */
export async function planDocx(call: PlanCall): Promise<void> {
  const result = await read(call, 'plan.docx')
  const bytes = result.kind === 'bytes' ? result.bytes : new Uint8Array()
  sendFile(
    call.res,
    {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': await attachment(call, 'docx'),
      'cache-control': 'no-store'
    },
    bytes
  )
}

/** GET plan.pdf: the worker gives the document back, Chromium (or pdf-lib) prints it here. A failure is a logged `export-failed`. */
export async function planPdf(call: PlanCall): Promise<void> {
  const lang = langOf(call.url)
  const result = await read(call, 'plan-node', lang)
  if (result.kind !== 'node') throw new Error(`read worker answered ${result.kind} for plan-node`)
  const doc = PMNode.fromJSON(planSchema, result.doc)
  let rendered
  try {
    rendered = await call.ctx.pdf.render(doc, result.meta, lang)
  } catch (e) {
    if (e instanceof PdfBusyError) throw e // a 503 with retry-after (error-response.ts)
    log('error', 'export-failed', { plan: call.plan, format: 'pdf', error: (e as Error).message })
    // The first line says what went wrong; Playwright appends a call log below it.
    throw new HttpError('export-failed', {
      format: 'pdf',
      reason: String((e as Error).message)
        .split('\n')[0]!
        .slice(0, 300)
    })
  }
  sendFile(
    call.res,
    {
      'content-type': 'application/pdf',
      'content-disposition': await attachment(call, 'pdf'),
      'x-pdf-renderer': rendered.renderer,
      'cache-control': 'no-store'
    },
    rendered.bytes
  )
}
