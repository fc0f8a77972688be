// Replays the automerge-paper editing trace (259,778 single-character edits)
// through raw Y.Text and through the editor path — a ProseMirror transaction
// per keystroke written into a plan body, one paragraph per line — both as the
// editor writes it (the fast write, schema/y-fast-write.ts, falling back to
// y-prosemirror's updateYFragment; text slots as the editor gives them) and
// through updateYFragment alone (the write before issue #17), and the
// ProseMirror transactions alone with no write (the floor), and prints ops/s,
// encoded size and memory.
// Two shapes of the body: "flat", each line a top-level paragraph (thousands
// of them), and "plan", the paper as a plan: the body holds focus areas, each
// a run of consecutive paragraphs (a newline typed in a focus area that
// already holds --area-size paragraphs splits the focus area there too; a
// newline deleted between two focus areas merges them, as Delete does).
// Run: npx tsx bench/traces.ts [--limit N] [--no-full] [--no-floor]
// [--shape flat|plan|both] [--area-size K] [--runs N] (--no-full skips the
// updateYFragment-only rows, --no-floor the ProseMirror-alone ones; default
// both shapes, K = 40; --runs: measure every row N times in turn, medians) (TRACES_DIR: where the traces are, default ../shared/traces
// beside the checkout). Results: bench/results/traces-automerge-paper.json
// for --shape flat, traces-automerge-paper-plan.json / -shapes.json otherwise.
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { EditorState, TextSelection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, giveTextblocksTheirText, planSchema, writeEditFast } from '../schema'
import { mb, report, type Rows } from './lib/report'

type Patch = [number, number, string]
interface Trace {
  endContent: string
  txns: Array<{ patches: Patch[] }>
}

const here = dirname(fileURLToPath(import.meta.url))
const limitArg = process.argv.indexOf('--limit')
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity
const shapeArg = process.argv.indexOf('--shape')
const shapes = shapeArg > 0 ? process.argv[shapeArg + 1]! : 'both'
if (!['flat', 'plan', 'both'].includes(shapes)) throw new Error(`--shape ${shapes}: flat, plan or both`)
const areaArg = process.argv.indexOf('--area-size')
const areaSize = areaArg > 0 ? Number(process.argv[areaArg + 1]) : 40
if (!(areaSize >= 1)) throw new Error(`--area-size ${areaSize}: a number of paragraphs ≥ 1`)
const tracesDir = process.env.TRACES_DIR ?? join(here, '..', '..', 'shared', 'traces')
const trace = JSON.parse(gunzipSync(readFileSync(join(tracesDir, 'automerge-paper.json.gz'))).toString('utf8')) as Trace
const patches = trace.txns.flatMap((t) => t.patches).slice(0, limit)

// CPU time, not only wall time: the machine is shared, and a busy neighbour must not count as our cost.
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since)
  return +((user + system) / 1e6).toFixed(2)
}

const gc = () => (globalThis as { gc?: () => void }).gc?.()

function rawYText() {
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const doc = new Y.Doc()
  const text = doc.getText('t')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (const [pos, del, ins] of patches) {
    if (del) text.delete(pos, del)
    if (ins) text.insert(pos, ins)
  }
  const ms = performance.now() - t0
  const cpu = cpuSeconds(cpu0)
  const size = Y.encodeStateAsUpdate(doc).byteLength
  gc()
  const ok = limit === Infinity ? text.toString() === trace.endContent : true
  return {
    path: 'raw Y.Text',
    shape: 'one Y.Text',
    edits: patches.length,
    seconds: +(ms / 1000).toFixed(2),
    'CPU s': cpu,
    'ops/s': Math.round(patches.length / (ms / 1000)),
    'encoded KB': Math.round(size / 1024),
    'heap MB': mb(process.memoryUsage().heapUsed - heap0),
    'matches end': String(ok)
  }
}

type Shape = 'flat' | 'plan'

// Flat trace offsets count '\n' as one character; in the plan each line is a
// paragraph, whose boundary takes two ProseMirror positions (four where the
// next paragraph begins a new focus area: the focus areas' own boundary).
function editorPath(write: 'fast' | 'full' | 'none', shape: Shape = 'flat') {
  const fast = write === 'fast'
  const plan = shape === 'plan'
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
  const first = planSchema.node('paragraph')
  let state = EditorState.create({ doc: planSchema.node('doc', null, [plan ? planSchema.node('focus_area', null, [first]) : first]) })
  const binding = { mapping: new Map(), isOMark: new Map() }
  let fastWrites = 0
  // What the editor's binding does (client/src/editor/fast-write.ts, text-slots.ts).
  const writeBody = (prev: PMNode, next: PMNode) =>
    ydoc.transact((tr) => {
      if (write === 'none') return
      if (fast && writeEditFast({ root: fragment, mapping: binding.mapping, prev, next })) fastWrites++
      else updateYFragment(ydoc, fragment, next, binding)
      if (fast) giveTextblocksTheirText(tr)
    })
  ydoc.transact(() => updateYFragment(ydoc, fragment, state.doc, binding))
  const lines = [0] // lengths of each paragraph's text
  // Whether each line's paragraph begins a focus area (plan shape; all false
  // but the first in the flat one, where it is never read).
  const opens = [plan]
  // ProseMirror positions from the end of line l's text to the start of line l + 1's.
  const gap = (l: number): number => (opens[l + 1] ? 4 : 2)
  // Where the last edit was (line, its offset in the flat text, its position
  // in the document): the next edit is nearly always on or near that line, so
  // the harness walks from there instead of from the top (it walked every
  // line before the edit, O(lines) per keystroke, counted in every path).
  let near = { line: 0, offset: 0, pos: plan ? 2 : 1 }
  const locate = (offset: number): { line: number; col: number } => {
    while (offset < near.offset) {
      const line = near.line - 1
      near = { line, offset: near.offset - lines[line]! - 1, pos: near.pos - lines[line]! - gap(line) }
    }
    while (offset > near.offset + lines[near.line]!)
      near = { line: near.line + 1, offset: near.offset + lines[near.line]! + 1, pos: near.pos + lines[near.line]! + gap(near.line) }
    return { line: near.line, col: offset - near.offset }
  }
  const pmPos = (line: number, col: number): number => {
    if (line !== near.line) throw new Error(`pmPos(${line}) after locate(${near.line})`)
    return near.pos + col
  }
  // How many paragraphs the focus area of a line holds (plan shape).
  const areaLength = (line: number): number => {
    let a = line
    while (!opens[a]) a--
    let b = line + 1
    while (b < lines.length && !opens[b]) b++
    return b - a
  }
  let areaSplits = 0
  let areaJoins = 0
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (const [pos, del, ins] of patches) {
    let tr = state.tr
    for (let i = 0; i < del; i++) {
      const { line, col } = locate(pos)
      if (col === lines[line]) {
        // deleting a newline joins two paragraphs; between two focus areas
        // it first joins the focus areas (what Delete at the end of a focus
        // area's last paragraph does: joinForward joins the two sections),
        // then the paragraphs, now neighbours in the one focus area
        const end = pmPos(line, col)
        if (opens[line + 1]) {
          tr = tr.join(end + 2)
          areaJoins++
        }
        tr = tr.join(end + 1)
        lines.splice(line, 2, lines[line]! + lines[line + 1]!)
        opens.splice(line + 1, 1)
      } else {
        tr = tr.delete(pmPos(line, col), pmPos(line, col) + 1)
        lines[line]!--
      }
    }
    let at = pos
    for (const ch of ins) {
      const { line, col } = locate(at)
      if (ch === '\n') {
        // a newline splits the paragraph; in a focus area already holding
        // --area-size paragraphs it splits the focus area there too, so the
        // runs stay about that long as the paper grows (decided from the
        // document as it is, so every run of the replay makes the same ones)
        const deep = plan && areaLength(line) >= areaSize
        tr = tr.split(pmPos(line, col), deep ? 2 : 1)
        if (deep) areaSplits++
        lines.splice(line, 1, col, lines[line]! - col)
        opens.splice(line + 1, 0, deep)
      } else {
        tr = tr.setSelection(TextSelection.create(tr.doc, pmPos(line, col))).insertText(ch)
        lines[line]!++
      }
      at++
    }
    const prev = state.doc
    state = state.apply(tr)
    writeBody(prev, state.doc)
  }
  const ms = performance.now() - t0
  const cpu = cpuSeconds(cpu0)
  const size = Y.encodeStateAsUpdate(ydoc).byteLength
  const text = state.doc.textBetween(0, state.doc.content.size, '\n')
  gc()
  // The Y body must read back as the editor's document, whichever way it was written.
  const written = write === 'none' || yXmlFragmentToProseMirrorRootNode(fragment, planSchema).eq(state.doc)
  // The harness's bookkeeping must describe the document it built.
  const shaped =
    state.doc.childCount === (plan ? opens.filter(Boolean).length : lines.length) &&
    (!plan || state.doc.content.content.every((area) => area.type.name === 'focus_area'))
  const ok = written && shaped && (limit === Infinity ? text === trace.endContent : true)
  const row: Record<string, string | number> = {
    path: {
      fast: 'editor: ProseMirror → fast write → plan body',
      full: 'ProseMirror → updateYFragment only → plan body',
      none: 'ProseMirror alone (no write; the floor)'
    }[write],
    shape: plan ? `plan (focus areas, runs of ~${areaSize} paragraphs)` : 'flat (each line a top-level paragraph)',
    edits: patches.length,
    seconds: +(ms / 1000).toFixed(2),
    'CPU s': cpu,
    'ops/s': Math.round(patches.length / (ms / 1000)),
    'encoded KB': Math.round(size / 1024),
    'heap MB': mb(process.memoryUsage().heapUsed - heap0),
    'matches end': String(ok),
    'fast writes': fastWrites,
    'top-level nodes': state.doc.childCount,
    paragraphs: lines.length
  }
  if (plan)
    Object.assign(row, {
      'focus-area splits': areaSplits,
      'focus-area joins': areaJoins,
      'largest focus area': Math.max(...state.doc.content.content.map((area) => area.childCount))
    })
  return row
}

// CPU × raw, beside each row: the goal (≤ 3× raw Yjs) in the run's
// own terms. With --runs N the rows are measured N times in turn (each run's
// raw row against its own editor rows: a neighbour's load moves both), and
// each row reports the medians of its seconds and CPU seconds and the median
// and range of its per-run ratio.
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const combine = (runs: Rows[]): Rows =>
  runs[0]!.map((_, i) => {
    const of = (key: string) => runs.map((rows) => Number(rows[i]![key]))
    const ratios = runs.map((rows) => Number(rows[i]!['CPU s']) / Number(rows[0]!['CPU s']))
    const seconds = median(of('seconds'))
    const row: Record<string, string | number> = {
      ...runs.at(-1)![i]!,
      seconds: +seconds.toFixed(2),
      'CPU s': +median(of('CPU s')).toFixed(2),
      'ops/s': Math.round(patches.length / seconds),
      'matches end': String(runs.every((rows) => rows[i]!['matches end'] === 'true')),
      'CPU × raw': +median(ratios).toFixed(1)
    }
    if (runs.length > 1) row['CPU × raw, runs'] = `${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}`
    return row
  })

const noFull = process.argv.includes('--no-full')
const noFloor = process.argv.includes('--no-floor')
const runsArg = process.argv.indexOf('--runs')
const runCount = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 1
if (!(runCount >= 1)) throw new Error(`--runs ${runCount}: a number ≥ 1`)
const runs: Rows[] = []
for (let r = 0; r < runCount; r++) {
  const rows: Rows = [rawYText()]
  for (const shape of shapes === 'both' ? (['flat', 'plan'] as const) : [shapes as Shape]) {
    rows.push(editorPath('fast', shape))
    if (!noFull) rows.push(editorPath('full', shape))
    if (!noFloor) rows.push(editorPath('none', shape))
  }
  runs.push(rows)
}
report(`traces-automerge-paper${shapes === 'flat' ? '' : shapes === 'plan' ? '-plan' : '-shapes'}`, combine(runs), {
  trace: 'automerge-paper',
  limit: Number.isFinite(limit) ? limit : null,
  shapes,
  areaSize: shapes === 'flat' ? null : areaSize,
  runs: runs.length,
  // Every run's own rows, for the medians above.
  perRun: runs.map((rows) => rows.map((row) => ({ path: row.path, shape: row.shape, seconds: row.seconds, 'CPU s': row['CPU s'] })))
})
