// `npm run import -- --file plan.docx [--plan <id>] [--title "<title>"] [--dry-run]`
// reads a .docx, Markdown or text file, prints what was recognised (focus
// areas, goals, targets beside the sentences they were read from) and creates
// the plan in the server's store (DATA_DIR, default ./data; or STORAGE=postgres
// with DATABASE_URL), printing an admin link.
//
// Safe while the server runs on the same DATA_DIR: SQLite (WAL) lets two
// processes write, and a new plan is one transaction that inserts its record
// and its first update row together. The server never holds a room for a plan
// id that has no record (it refuses such connections), so there is no live
// document for the new plan that the stored one could diverge from.
import { readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { formatPeriod } from '../../schema'
import type { ImportReview } from '../../schema/import'
import { expiryAfterDays, loadSecret, signToken } from '../auth/tokens'
import { HttpError } from '../http/http-error'
import { createImportedPlan, previewImport } from '../import/import-plan'
import { MAX_IMPORT_BYTES } from '../import/read-file'
import { openStore, storageConfigFromEnv } from '../storage/open-store'
import { accessLink, cliBaseUrl } from '../auth/links'

const USAGE = 'usage: npm run import -- --file <plan.docx|plan.md|plan.txt> [--plan <id>] [--title "<title>"] [--dry-run]'
const fail = (message: string, code = 2): never => {
  console.error(`import: ${message}\n${USAGE}`)
  process.exit(code)
}

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    plan: { type: 'string' },
    title: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    days: { type: 'string', default: '30' }
  }
})
const file = values.file ?? fail('--file is required')
let size: number
try {
  size = statSync(file).size
} catch (e) {
  size = fail(`cannot read ${file}: ${(e as Error).message}`)
}
if (size > MAX_IMPORT_BYTES) fail(`${file} is ${size} bytes; the limit is ${MAX_IMPORT_BYTES} bytes`)
const days = Number(values.days)
if (!Number.isFinite(days) || days <= 0 || days > 3650) fail('--days must be a positive number of days')

/** The review as lines a person checks before sharing the link. */
function summary(review: ImportReview): string[] {
  const out = [`Titel: ${review.title}`, `Format: ${review.format}`, `Fokusområder (${review.focusAreas.length}):`, ...review.focusAreas.map((f) => `  - ${f}`)]
  out.push(`Mål (${review.goals.length}):`)
  for (const goal of review.goals) {
    out.push(`  • ${goal.title || '(uden titel)'}${goal.focusArea ? `  [${goal.focusArea}]` : ''}`)
    for (const t of goal.targets) {
      const period = t.target.target.period ? ` ${formatPeriod(t.target.target.period)}` : ''
      out.push(`      ${t.target.kind}: ${t.sentence}`, `        kilde: "${t.source}"${period ? `  (mål${period})` : ''}`)
    }
  }
  for (const f of review.figuresTables) out.push(`Måltalstabel: ${f.caption || '(uden overskrift)'} — ${f.columns.join(' | ')} — ${f.rows} rækker`)
  out.push(`Blokke bevaret som tekst: ${review.keptAsText}`)
  for (const item of review.notReadAsTargets) out.push(`Ikke læst som mål: ${item.source} (${item.reason})`)
  if (review.notes.length) out.push('Bemærkninger:', ...review.notes.map((n) => `  - ${n}`))
  return out
}

const dataDir = process.env.DATA_DIR ?? './data'
try {
  const preview = await previewImport(new Uint8Array(readFileSync(file)), basename(file), values.title ? { title: values.title } : {})
  console.log(summary(preview.review).join('\n'))
  if (values['dry-run']) process.exit(0)
  const store = await openStore(storageConfigFromEnv(process.env, dataDir))
  let planId: string
  try {
    planId = (await createImportedPlan(store, preview, values.plan)).id
  } finally {
    await store.close()
  }
  const secret = loadSecret(dataDir)
  const token = signToken(secret, { plan: planId, role: 'admin', group: 'administration', name: 'Administrator', exp: expiryAfterDays(days) })
  console.log(`\nPlan oprettet: ${planId} (i ${store.engine === 'sqlite' ? resolve(dataDir) : 'PostgreSQL'})\n${accessLink(cliBaseUrl(), planId, token)}`)
} catch (e) {
  if (e instanceof HttpError) fail(`${e.message} (${e.code})`, 1)
  throw e
}
