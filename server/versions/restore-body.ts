import * as Y from 'yjs'

/** What a transaction deleted (Yjs exports the type only through `Transaction`). */
type DeleteSet = Y.Transaction['deleteSet']
import { BODY_FRAGMENT, giveTextblocksTheirText } from '../../schema'
import { alignSequences, type PmJson } from '../../schema/history'

// Restoring a version is a forward edit of the live body (never a rewind of
// the log): the old content is written into the Y.Doc by a small structural
// diff, on the server and without a view (no y-prosemirror binding). What is
// the same in both is left alone: elements with an `id` attribute are
// matched by it, others by their content, and elements of the same type in
// the same place are updated in place (attributes, then children; text by
// its changed middle). So an editor typing meanwhile in a block the restore
// does not touch keeps their text, and typing in a block it edits in place
// lands in the edited block. Only blocks the restore removes lose what is
// typed into them concurrently (it is in the "før gendannelse" version if it
// reached the server before the restore).

type Delta = Array<{ insert: string; attributes?: Record<string, unknown> }>
/** An element or a run of text, in one shape for both sides. */
type Norm = { el: string; attrs: Record<string, unknown>; children: Norm[] } | { text: Delta }

const withoutNulls = (attrs: Record<string, unknown> | undefined): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined && k !== 'ychange') out[k] = v
  return out
}

/** ProseMirror JSON children as y-prosemirror stores them: consecutive text nodes are one XmlText, marks its attributes. */
function normChildren(content: readonly PmJson[] | undefined): Norm[] {
  const out: Norm[] = []
  let run: Delta | null = null
  for (const c of content ?? []) {
    if (c.type === 'text') {
      const marks = (c as PmJson & { marks?: Array<{ type: string; attrs?: Record<string, unknown> }> }).marks ?? []
      const attributes: Record<string, unknown> = {}
      for (const m of marks) attributes[m.type] = m.attrs ?? {}
      const piece = marks.length ? { insert: c.text ?? '', attributes } : { insert: c.text ?? '' }
      if (run) run.push(piece)
      else out.push({ text: (run = [piece]) })
      continue
    }
    run = null
    out.push({ el: c.type, attrs: withoutNulls(c.attrs), children: normChildren(c.content) })
  }
  return out
}

type YChild = Y.XmlElement | Y.XmlText

function normOf(y: YChild): Norm {
  if (y instanceof Y.XmlText)
    return {
      text: (y.toDelta() as Delta).map((d) =>
        d.attributes && Object.keys(d.attributes).length ? { insert: d.insert, attributes: d.attributes } : { insert: d.insert }
      )
    }
  return { el: y.nodeName, attrs: withoutNulls(y.getAttributes() as Record<string, unknown>), children: y.toArray().map((c) => normOf(c as YChild)) }
}

const canonical = (n: Norm): string =>
  JSON.stringify(n, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v
  )

/** How an element is matched: by its id where it has one, else by what it holds. */
const keyOf = (n: Norm, text: string): string => ('el' in n && typeof n.attrs.id === 'string' && n.attrs.id !== '' ? `id:${n.el}:${n.attrs.id}` : `c:${text}`)

/** Whether two unmatched nodes in the same place may be updated in place (same type, and neither names a different thing by id). */
const samePlace = (a: Norm, b: Norm): boolean => {
  if ('text' in a || 'text' in b) return 'text' in a && 'text' in b
  return a.el === b.el && (typeof a.attrs.id !== 'string' || a.attrs.id === b.attrs.id)
}

function create(n: Norm): YChild {
  if ('text' in n) {
    const t = new Y.XmlText()
    t.applyDelta(n.text)
    return t
  }
  const el = new Y.XmlElement(n.el)
  for (const [k, v] of Object.entries(n.attrs)) el.setAttribute(k, v as string)
  el.insert(0, n.children.map(create))
  return el
}

function updateText(y: Y.XmlText, target: Delta): void {
  const now = y.toString()
  const want = target.map((d) => d.insert).join('')
  let start = 0
  while (start < now.length && start < want.length && now[start] === want[start]) start++
  let end = 0
  while (end < now.length - start && end < want.length - start && now[now.length - 1 - end] === want[want.length - 1 - end]) end++
  if (now.length - start - end > 0) y.delete(start, now.length - start - end)
  // Insert the new middle run by run, with its marks.
  let at = 0
  for (const d of target) {
    const from = Math.max(start, at)
    const to = Math.min(want.length - end, at + d.insert.length)
    if (to > from) y.insert(from, d.insert.slice(from - at, to - at), d.attributes ?? {})
    at += d.insert.length
  }
  // Marks on the kept text: set each run's marks, clearing those it lacks.
  const current = normOf(y)
  if (canonical(current) === canonical({ text: target })) return
  const names = new Set<string>()
  for (const d of [...(current as { text: Delta }).text, ...target]) for (const k of Object.keys(d.attributes ?? {})) names.add(k)
  at = 0
  for (const d of target) {
    const attrs: Record<string, unknown> = {}
    for (const k of names) attrs[k] = d.attributes?.[k] ?? null
    y.format(at, d.insert.length, attrs)
    at += d.insert.length
  }
}

function updateElement(y: Y.XmlElement, target: Extract<Norm, { el: string }>): void {
  const attrs = withoutNulls(y.getAttributes() as Record<string, unknown>)
  for (const [k, v] of Object.entries(target.attrs)) if (JSON.stringify(attrs[k]) !== JSON.stringify(v)) y.setAttribute(k, v as string)
  for (const k of Object.keys(attrs)) if (!(k in target.attrs)) y.removeAttribute(k)
  syncChildren(y, target.children)
}

function update(y: YChild, target: Norm): void {
  if (y instanceof Y.XmlText) updateText(y, (target as { text: Delta }).text)
  else updateElement(y, target as Extract<Norm, { el: string }>)
}

/** Make `parent`'s children hold `target`, touching only what differs. */
function syncChildren(parent: Y.XmlFragment | Y.XmlElement, target: Norm[]): void {
  const current = parent.toArray() as YChild[]
  // An empty textblock keeps its one empty text (schema/y-text-slots.ts):
  // someone may be typing into it right now.
  if (target.length === 0 && current.length === 1 && current[0] instanceof Y.XmlText && current[0].length === 0) return
  const curNorm = current.map(normOf)
  const curText = curNorm.map(canonical)
  const wantText = target.map(canonical)
  const steps = alignSequences(
    curNorm.map((n, i) => keyOf(n, curText[i]!)),
    target.map((n, i) => keyOf(n, wantText[i]!))
  )
  let index = 0
  let gone: number[] = []
  let come: number[] = []
  const flush = () => {
    let k = 0
    for (; k < gone.length && k < come.length && samePlace(curNorm[gone[k]!]!, target[come[k]!]!); k++) {
      update(current[gone[k]!]!, target[come[k]!]!)
      index++
    }
    if (gone.length > k) parent.delete(index, gone.length - k)
    const added = come.slice(k).map((j) => create(target[j]!))
    if (added.length) parent.insert(index, added)
    index += added.length
    gone = []
    come = []
  }
  for (const s of steps) {
    if (s.a !== null && s.b !== null) {
      flush()
      // Same id, different content: update inside, so what is unchanged in it stays.
      if (curText[s.a] !== wantText[s.b]) update(current[s.a]!, target[s.b]!)
      index++
    } else if (s.a !== null) gone.push(s.a)
    else come.push(s.b!)
  }
  flush()
}

/** Write `target` (a ProseMirror document as JSON) into the body of `doc` as one transaction with `origin`; returns what it deleted. */
export function restoreBody(doc: Y.Doc, target: PmJson, origin: unknown): DeleteSet {
  let deleted: DeleteSet | null = null
  doc.transact((tr) => {
    syncChildren(doc.getXmlFragment(BODY_FRAGMENT), normChildren(target.content))
    // Restored empty cells get their one text, as the editor's do (schema/y-text-slots.ts).
    giveTextblocksTheirText(tr)
    deleted = tr.deleteSet
  }, origin)
  // Sorted and merged by the end of the transaction, as Y.isDeleted needs.
  return deleted!
}
