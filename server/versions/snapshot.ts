import * as Y from 'yjs'
import { comparePlans, compareText, summarizeChanges, type BlockChange, type ChangeSummary, type GoalChange, type PmJson } from '../../schema/history'
import { extractPlan, readPlanMeta, yBodyToPlanNode, type PlanExport, type PlanStatus } from '../../schema'

// What a version is made of and how two are compared, from the body's Y.Doc.
// Decoding a large plan takes hundreds of milliseconds, so these run in a
// read worker (reads-worker.ts), never on the thread that runs sync.

/** A plan's body read once: its ProseMirror JSON and its extracted plan. */
export interface ReadBody {
  doc: PmJson
  plan: PlanExport
}

/** Read a body document into ProseMirror JSON and plan.json. */
export function readBody(planId: string, body: Y.Doc): ReadBody {
  const { doc, problems } = yBodyToPlanNode(body)
  return { doc: doc.toJSON() as PmJson, plan: extractPlan(doc, readPlanMeta(body, planId), problems) }
}

/** What a version stores besides its listing: the state (v2), plan.json, stage and the summary against the previous version. */
export interface Snapshot {
  state: Uint8Array
  planJson: string
  stage: PlanStatus
  summary: ChangeSummary
}

/** A version of `body`, summarised against `previous` (null: the first version, all counted as added). */
export function snapshotOf(planId: string, body: Y.Doc, previous: Y.Doc | null): Snapshot {
  const now = readBody(planId, body)
  const was = previous ? readBody(planId, previous) : null
  const summary = compareRead(was ?? { doc: { type: 'doc' }, plan: { ...now.plan, focusAreas: [], goals: [], vision: '', figures: [] } }, now).summary
  return { state: Y.encodeStateAsUpdateV2(body), planJson: JSON.stringify(now.plan), stage: now.plan.plan.status, summary }
}

/** The comparison of two read bodies. */
export interface Comparison {
  goals: GoalChange[]
  text: BlockChange[]
  summary: ChangeSummary
}

/** Compare two read bodies: goal-level changes, text changes and their summary. */
export function compareRead(from: ReadBody, to: ReadBody): Comparison {
  const goals = comparePlans(from.plan, to.plan)
  const text = compareText(from.doc, to.doc)
  return { goals, text, summary: summarizeChanges(goals, text) }
}

/** Compare two body documents of plan `planId`. */
export const compareDocs = (planId: string, from: Y.Doc, to: Y.Doc): Comparison => compareRead(readBody(planId, from), readBody(planId, to))
