// The editor's write of one keystroke into the Y body of the ≈ 200-page plan
// (issue #17): typing 300 characters at the end of a goal cell's paragraph in
// the middle of the plan and in a prose paragraph near its end, each
// keystroke a ProseMirror transaction written into the Y.Doc as the editor
// writes it (the fast write, schema/y-fast-write.ts, else updateYFragment;
// text slots) and through y-prosemirror's updateYFragment alone (the write
// before issue #17). Prints the write's time per keystroke (p50, p95, max),
// not the ProseMirror transaction's.
// Run: npx tsx bench/editor-write.ts
import * as Y from 'yjs'
import { initProseMirrorDoc, updateYFragment } from 'y-prosemirror'
import { EditorState } from 'prosemirror-state'
import type { Node as PMNode } from 'prosemirror-model'
import { BODY_FRAGMENT, giveTextblocksTheirText, planSchema, seedPlanDoc, writeEditFast } from '../schema'
import { demoMeta } from '../schema/build'
import { bigPlanDoc } from '../testkit/big-plan'
import { percentile, report } from './lib/report'

const KEYS = 300
const plan = bigPlanDoc(30, 10, 30)

// The end of the text of the n-th textblock whose text starts with `prefix`.
function endOfBlock(doc: PMNode, prefix: string, n: number): number {
  let seen = 0
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (node.isTextblock && node.textContent.startsWith(prefix) && seen++ === n) found = pos + 1 + node.content.size
    return !node.isTextblock
  })
  if (found < 0) throw new RangeError(`No textblock ${n} starting with "${prefix}"`)
  return found
}

function typeInto(where: string, at: (doc: PMNode) => number, fast: boolean) {
  const ydoc = new Y.Doc()
  seedPlanDoc(ydoc, { meta: demoMeta('bench'), doc: plan })
  const fragment = ydoc.getXmlFragment(BODY_FRAGMENT)
  // What the editor's binding holds after opening the plan: the read mapping, the root mapped to what was read.
  const { doc, meta } = initProseMirrorDoc(fragment, planSchema)
  meta.mapping.set(fragment, doc)
  let state = EditorState.create({ doc })
  let pos = at(doc)
  const times: number[] = []
  let fastWrites = 0
  for (let i = 0; i < KEYS; i++) {
    const prev = state.doc
    state = state.apply(state.tr.insertText(String.fromCharCode(97 + (i % 26)), pos))
    pos++
    const t0 = performance.now()
    ydoc.transact((tr) => {
      if (fast && writeEditFast({ root: fragment, mapping: meta.mapping, prev, next: state.doc })) fastWrites++
      else updateYFragment(ydoc, fragment, state.doc, meta)
      giveTextblocksTheirText(tr)
    })
    times.push(performance.now() - t0)
  }
  return {
    where,
    write: fast ? 'editor (fast write)' : 'updateYFragment only',
    keystrokes: KEYS,
    'fast writes': fastWrites,
    'p50 ms': +percentile(times, 50).toFixed(3),
    'p95 ms': +percentile(times, 95).toFixed(3),
    'max ms': +Math.max(...times).toFixed(3)
  }
}

const cell = (doc: PMNode) => endOfBlock(doc, 'Virksomhedspraktik', 150)
const prose = (doc: PMNode) => endOfBlock(doc, 'Afsnit', 850)
const rows = [
  typeInto('goal cell, mid-plan', cell, false),
  typeInto('goal cell, mid-plan', cell, true),
  typeInto('prose paragraph, near the end', prose, false),
  typeInto('prose paragraph, near the end', prose, true)
]
report('editor-write', rows, { plan: '≈ 200 pages (bigPlanDoc(30, 10, 30))', characters: plan.textContent.length })
