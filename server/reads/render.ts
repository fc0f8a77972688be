import type * as Y from 'yjs'
import {
  BODY_FRAGMENT,
  extractPlanFromYDoc,
  readPlanMeta,
  withConflicts,
  yBodyToPlanNode,
  type Conflict,
  type Lang,
  type PlanMeta,
  type Problem
} from '../../schema'
import { commentsReport } from '../../schema/comments'
import { goalsToCsv, planToMarkdown, planToPrintHtml } from '../../schema/export'
import type { Snapshot } from '../versions/snapshot'

// What a REST read makes of a plan's documents. Pure apart from Yjs: it runs
// in a read worker (reads-worker.ts), or on the main thread for a store that
// is not SQLite.

/**
 * The outputs a read can ask for. `plan-node` is the document for the PDF
 * export (Chromium prints it); `plan.docx` is built in the worker itself
 * (reads-worker.ts): zipping a large plan took seconds of main-thread time.
 */
export const READ_OUTPUTS = [
  'meta',
  'plan.json',
  'goals.csv',
  'comments.json',
  'plan.md',
  'plan.md+comments',
  'plan.html',
  'plan-node',
  'plan.docx',
  'version-snapshot',
  'compare'
] as const
export type ReadOutput = (typeof READ_OUTPUTS)[number]

/** A read's result: text (JSON, CSV, Markdown, HTML), or the plan as ProseMirror JSON. */
export type ReadResult =
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'node'; doc: unknown; meta: PlanMeta; problems: Problem[] }
  | ({ kind: 'snapshot' } & Snapshot)

/** Whether the output needs the plan's comments room too. */
export const needsComments = (output: ReadOutput): boolean => output === 'comments.json' || output === 'plan.md+comments'

/** Whether the output lists the plan's open conflicts (plan.json) or marks their rows (goals.csv). */
export const showsConflicts = (output: ReadOutput): boolean => output === 'plan.json' || output === 'goals.csv'

/**
 * Render `output` from the plan's body document (and its comments document
 * when needsComments). `conflicts` are the live plan's (showsConflicts); a
 * stored version has none of its own, so its plan.json is the one stored
 * with it, without the key.
 */
export function renderRead(output: ReadOutput, planId: string, lang: Lang, body: Y.Doc, comments: Y.Doc | null, conflicts?: readonly Conflict[]): ReadResult {
  const text = (t: string): ReadResult => ({ kind: 'text', text: t })
  const threads = () => commentsReport(body.getXmlFragment(BODY_FRAGMENT), comments!)
  switch (output) {
    case 'meta':
      return text(JSON.stringify({ plan: readPlanMeta(body, planId) }))
    case 'plan.json':
      return text(JSON.stringify(conflicts ? withConflicts(extractPlanFromYDoc(body, planId), conflicts) : extractPlanFromYDoc(body, planId)))
    case 'goals.csv':
      return text(goalsToCsv(withConflicts(extractPlanFromYDoc(body, planId), conflicts ?? [])))
    case 'comments.json':
      return text(JSON.stringify({ threads: threads() }))
    case 'plan.md':
    case 'plan.md+comments': {
      const footnotes =
        output === 'plan.md'
          ? []
          : threads()
              .filter((t) => t.status === 'open' && t.attached && !t.hidden)
              .map((t) => ({
                offset: t.end,
                text: t.comments
                  .filter((c) => !c.deleted)
                  .map((c) => `${c.author.name}: ${c.text}`)
                  .join(' / ')
              }))
      return text(planToMarkdown(yBodyToPlanNode(body).doc, readPlanMeta(body, planId), 'da', { footnotes }))
    }
    case 'plan.html':
      return text(planToPrintHtml(yBodyToPlanNode(body).doc, readPlanMeta(body, planId), { lang }))
    case 'version-snapshot':
    case 'compare':
      // They need a second document: readVersions, in the worker.
      throw new RangeError(`${output} is rendered by renderVersionRead`)
    case 'plan.docx':
      // Asynchronous (the docx package zips): renderDocx, in the worker.
      throw new RangeError('plan.docx is rendered by renderDocx')
    case 'plan-node': {
      const { doc, problems } = yBodyToPlanNode(body)
      return { kind: 'node', doc: doc.toJSON(), meta: readPlanMeta(body, planId), problems }
    }
  }
}
