// Where bench/traces.ts's editor row spends its time, from a `node --cpu-prof`
// profile of it: the samples from the first to the last one under
// `editorPath` (so the garbage collector's samples in between count too),
// sorted into the editor path's parts by what is on the stack.
//   TRACES_DIR=… node --cpu-prof --cpu-prof-dir /tmp/prof --cpu-prof-interval 500 \
//     --expose-gc --import tsx bench/traces.ts --shape plan --no-full --no-floor
//   node bench/profiling/traces-profile.mjs /tmp/prof/<the main thread's>.cpuprofile
// (`--no-floor` leaves the fast row as the only editorPath call.)
import { readFileSync } from 'node:fs'

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const byId = new Map(data.nodes.map((n) => [n.id, n]))
const parent = new Map()
for (const n of data.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const where = (f) => `${f.functionName}@${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/bench\//, 'bench/')}:${f.lineNumber + 1}`
const stack = (id) => {
  const frames = []
  for (let x = id; x !== undefined; x = parent.get(x)) frames.push(where(byId.get(x).callFrame))
  return frames
}
let t = data.startTime
const samples = data.samples.map((id, i) => ({ stack: stack(id), t: (t += data.timeDeltas[i]), dt: data.timeDeltas[i] }))
const under = samples.filter((s) => s.stack.some((f) => f.startsWith('editorPath@')))
const window = samples.filter((s) => s.t >= under[0].t && s.t <= under.at(-1).t)
const total = window.reduce((sum, s) => sum + s.dt, 0)
const has = (frames, re) => frames.some((f) => re.test(f))
// First match wins: the write's parts before the Yjs transaction that holds them.
const parts = [
  ['garbage collector', (st) => st[0].startsWith('(garbage collector)')],
  ['fast write: Y.XmlText delete + insert', (st) => has(st, /^writeEditFast@/) && has(st, /^(delete|insert)@yjs.*:(7375|7325)$/)],
  [
    'fast write: finding the change (changedPath, findDiffStart/End)',
    (st) => has(st, /^writeEditFast@/) && has(st, /^(changedPath|findDiffStart|findDiffEnd)@/)
  ],
  ['fast write: finding the Y elements (mappedPath, XmlFragment.get)', (st) => has(st, /^writeEditFast@/) && has(st, /^mappedPath@/)],
  ['fast write: the rest (mapping, checks)', (st) => has(st, /^writeEditFast@/)],
  ['updateYFragment (splits and joins)', (st) => has(st, /^updateYFragment@/)],
  ['text slots (giveTextblocksTheirText)', (st) => has(st, /^giveTextblocksTheirText@/)],
  ['Yjs transaction: cleanup (merging items, delete set, events)', (st) => has(st, /^cleanupTransactions@/)],
  ['Yjs transaction: the rest (Transaction, state vectors)', (st) => has(st, /^transact@yjs/)],
  ['ProseMirror: insertText', (st) => has(st, /^insertText@prosemirror-state/)],
  ['ProseMirror: delete', (st) => has(st, /^delete@prosemirror-transform/)],
  ['ProseMirror: split, join', (st) => has(st, /^(split|join)@prosemirror-transform/)],
  ['ProseMirror: state.apply', (st) => has(st, /^apply@prosemirror-state/)],
  ['ProseMirror: the rest (selections, resolve)', (st) => has(st, /prosemirror-/)],
  ['the replay itself (finding lines, bookkeeping)', (st) => has(st, /bench\/traces\.ts/)],
  ['other', () => true]
]
const sums = new Map()
for (const s of window) {
  const [name] = parts.find(([, test]) => test(s.stack))
  sums.set(name, (sums.get(name) ?? 0) + s.dt)
}
console.log(`editor row: ${(total / 1e6).toFixed(2)} s sampled`)
for (const [name] of parts) {
  const us = sums.get(name)
  if (us) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} % ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`)
}
