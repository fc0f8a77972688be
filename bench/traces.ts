// Replays the automerge-paper editing trace (259,778 single-character edits)
// through raw Y.Text and through the editor path — a ProseMirror transaction
// per keystroke written into a plan body, one paragraph per line — both as the
// editor writes it (the fast write, schema/y-fast-write.ts, falling back to
// y-prosemirror's updateYFragment; text slots as the editor gives them) and
// through updateYFragment alone (the write before issue #17), and the
// ProseMirror transactions alone with no write (the floor), and prints ops/s,
// encoded size and memory.
// Run: npx tsx bench/traces.ts [--limit N] [--no-full] (--no-full skips the
// updateYFragment-only row) (TRACES_DIR: where the traces are,
// default ../shared/traces beside the checkout)
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { EditorState, TextSelection } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, giveTextblocksTheirText, planSchema, writeEditFast } from '../schema'
import { mb, report } from './lib/report'

type Patch = [number, number, string]
interface Trace {
  endContent: string
  txns: Array<{ patches: Patch[] }>
}

const here = dirname(fileURLToPath(import.meta.url))
const limitArg = process.argv.indexOf('--limit')
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity
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
    edits: patches.length,
    seconds: +(ms / 1000).toFixed(2),
    'CPU s': cpu,
    'ops/s': Math.round(patches.length / (ms / 1000)),
    'encoded KB': Math.round(size / 1024),
    'heap MB': mb(process.memoryUsage().heapUsed - heap0),
    'matches end': String(ok)
  }
}

// Flat trace offsets count '\n' as one character; in the plan each line is a
// paragraph, whose boundary takes two ProseMirror positions.
function editorPath(write: 'fast' | 'full' | 'none') {
  const fast = write === 'fast'
  gc()
  const heap0 = process.memoryUsage().heapUsed
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
  let state = EditorState.create({ doc: planSchema.node('doc', null, [planSchema.node('paragraph')]) })
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
  // Where the last edit was (line, its offset in the flat text, its position
  // in the document): the next edit is nearly always on or near that line, so
  // the harness walks from there instead of from the top (it walked every
  // line before the edit, O(lines) per keystroke, counted in every path).
  let near = { line: 0, offset: 0, pos: 1 }
  const locate = (offset: number): { line: number; col: number } => {
    while (offset < near.offset) {
      const line = near.line - 1
      near = { line, offset: near.offset - lines[line]! - 1, pos: near.pos - lines[line]! - 2 }
    }
    while (offset > near.offset + lines[near.line]!)
      near = { line: near.line + 1, offset: near.offset + lines[near.line]! + 1, pos: near.pos + lines[near.line]! + 2 }
    return { line: near.line, col: offset - near.offset }
  }
  const pmPos = (line: number, col: number): number => {
    if (line !== near.line) throw new Error(`pmPos(${line}) after locate(${near.line})`)
    return near.pos + col
  }
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  for (const [pos, del, ins] of patches) {
    let tr = state.tr
    for (let i = 0; i < del; i++) {
      const { line, col } = locate(pos)
      if (col === lines[line]) {
        // deleting a newline joins two paragraphs
        tr = tr.join(pmPos(line, col) + 1)
        lines.splice(line, 2, lines[line]! + lines[line + 1]!)
      } else {
        tr = tr.delete(pmPos(line, col), pmPos(line, col) + 1)
        lines[line]!--
      }
    }
    let at = pos
    for (const ch of ins) {
      const { line, col } = locate(at)
      if (ch === '\n') {
        tr = tr.split(pmPos(line, col))
        lines.splice(line, 1, col, lines[line]! - col)
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
  const ok = written && (limit === Infinity ? text === trace.endContent : true)
  return {
    path: {
      fast: 'editor: ProseMirror → fast write → plan body',
      full: 'ProseMirror → updateYFragment only → plan body',
      none: 'ProseMirror alone (no write; the floor)'
    }[write],
    edits: patches.length,
    seconds: +(ms / 1000).toFixed(2),
    'CPU s': cpu,
    'ops/s': Math.round(patches.length / (ms / 1000)),
    'encoded KB': Math.round(size / 1024),
    'heap MB': mb(process.memoryUsage().heapUsed - heap0),
    'matches end': String(ok),
    'fast writes': fastWrites
  }
}

const full = process.argv.includes('--no-full') ? [] : [editorPath('full')]
report('traces-automerge-paper', [rawYText(), editorPath('fast'), ...full, editorPath('none')], {
  trace: 'automerge-paper',
  limit: Number.isFinite(limit) ? limit : null
})
