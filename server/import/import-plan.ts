import type { Node as PMNode } from 'prosemirror-model'
import { capTitle, isValidPlanId } from '../../schema'
import { recognisePlan, restoreIds, restoreOwnExportFrame, unframeOwnExport } from '../../schema/import'
import type { ImportReview, ImportSource } from '../../schema/import'
import { newPlanId, storeNewPlan } from '../plans'
import type { PlanRecord, Store } from '../storage/store'
import { HttpError } from '../http/http-error'
import { readImportFile } from './read-file'

// The one path from an uploaded file to a plan, shared by the REST endpoint
// and the CLI: read → recognise → (optionally) seed a new plan with it.

/** What an import recognised, before anything is stored. */
export interface ImportPreview {
  title: string
  /** Municipality and period, when the file says them (our own .docx export carries them); else ''. */
  municipality: string
  period: string
  review: ImportReview
  doc: PMNode
  source: ImportSource
}

/** Read and recognise a file. Throws HttpError for a file that cannot be read. */
export async function previewImport(bytes: Uint8Array, filename: string, options: { contentType?: string; title?: string } = {}): Promise<ImportPreview> {
  const read = await readImportFile(bytes, filename, options.contentType)
  const { embeddedPlan } = read
  // Our own export: its title, facts line and heading shift are the export's frame, not the plan's content.
  const source = embeddedPlan ? { ...read.source, blocks: unframeOwnExport(read.source.blocks, embeddedPlan) } : read.source
  const title = capTitle(options.title ?? '') || undefined
  const recognised = recognisePlan(source, { ...(title ? { title } : {}), ...(embeddedPlan ? { ownExport: true } : {}) })
  const { review } = recognised
  // The readers' warnings (an image left out, Word styles read as text) belong in the review too.
  const notes = [...review.notes, ...source.warnings.filter((w) => !review.notes.includes(w))]
  let doc = recognised.doc
  if (embeddedPlan) {
    const r = restoreIds(restoreOwnExportFrame(doc), embeddedPlan)
    doc = r.doc
    notes.push(
      `Filen er eksporteret fra Fællesplan: ${r.restored.goals} af ${review.goals.length} mål og ${r.restored.targets} målsætninger har fået deres id'er igen, så opfølgning kan kobles til dem${r.restored.followUps ? `, og ${r.restored.followUps} opfølgninger er læst ind igen` : ''}.`
    )
  }
  // A first heading can be a whole paragraph.
  return {
    title: capTitle(review.title),
    municipality: embeddedPlan?.plan.municipality ?? '',
    period: embeddedPlan?.plan.period ?? '',
    review: { ...review, notes },
    doc,
    source
  }
}

// The REST endpoint stores a preview made in the import worker; the CLI reads and stores in one process.
export { createImportedPlan } from './create-imported-plan'
