// The big plan (≈ 200 pages: 2,000 blocks, 300 goals): how long extraction,
// Markdown export, seeding into Yjs and reading back take, and how large the
// stored state is. Server cold-load and browser timings are measured by
// bench/ceiling.ts and bench/client-open.ts.
// Run: npx tsx bench/big-plan.ts
import * as Y from 'yjs'
import { demoMeta } from '../schema/build'
import { extractPlan, extractPlanFromYDoc, seedPlanDoc, yBodyToPlanNode } from '../schema'
import { planToMarkdown } from '../schema/export'
import { bigPlanDoc } from '../testkit/big-plan'
import { percentile, report } from './lib/report'

const time = (fn: () => void, runs = 7): number => {
  const xs: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    xs.push(performance.now() - t0)
  }
  return +percentile(xs, 50).toFixed(1)
}

const doc = bigPlanDoc()
const meta = demoMeta('big-plan')
let blocks = 0
let goals = 0
doc.descendants((n) => {
  if (n.isBlock && !n.isTextblock && n.type.name !== 'goal_cell') blocks++
  if (n.isTextblock) blocks++
  if (n.type.name === 'goal') goals++
  return true
})
const ydoc = new Y.Doc()
const seedMs = time(() => seedPlanDoc(new Y.Doc(), { meta, doc }))
seedPlanDoc(ydoc, { meta, doc })
const state = Y.encodeStateAsUpdate(ydoc)
const loaded = new Y.Doc()
Y.applyUpdate(loaded, state)
report('big-plan', [
  { measure: 'blocks', value: blocks },
  { measure: 'goals', value: goals },
  { measure: 'characters of text', value: doc.textContent.length },
  { measure: 'extractPlan (ProseMirror doc), ms p50', value: time(() => extractPlan(doc, meta)) },
  { measure: 'extractPlanFromYDoc (server path), ms p50', value: time(() => extractPlanFromYDoc(loaded)) },
  { measure: 'Markdown export, ms p50', value: time(() => planToMarkdown(doc, meta)) },
  { measure: 'seed into a Y.Doc, ms p50', value: seedMs },
  { measure: 'apply stored state to a fresh Y.Doc, ms p50', value: time(() => Y.applyUpdate(new Y.Doc(), state)) },
  { measure: 'Y.Doc → ProseMirror (tolerant read), ms p50', value: time(() => yBodyToPlanNode(loaded)) },
  { measure: 'encoded state, KB', value: Math.round(state.byteLength / 1024) }
])
