import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { extractPlan } from '../extract'
import type { PlanExport } from '../plan-export'

// Ids across an export/import round trip. Word's text has no ids, but our
// .docx export carries the plan JSON (schema/export/docx-plan-part.ts). Ids
// are given back by what a reader sees, not by position: a focus area and a
// goal by title, a target by its rendered sentence. Whatever was changed in
// Word since the export no longer matches and keeps the fresh id the
// recogniser gave it, so an id never moves to content it did not belong to.

/** How many ids came back, for the review. */
export interface RestoredIds {
  focusAreas: number
  goals: number
  targets: number
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

/** A queue per key: a title used twice gives its two ids in document order. */
function queues<T>(items: readonly T[], key: (item: T) => string, id: (item: T) => string | null): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const item of items) {
    const value = id(item)
    if (!value) continue
    const k = squash(key(item))
    out.set(k, [...(out.get(k) ?? []), value])
  }
  return out
}

/**
 * Give the recognised document's focus areas, goals and targets the ids they
 * had in the exported plan, where title or sentence still match.
 */
export function restoreIds(doc: PMNode, exported: PlanExport): { doc: PMNode; restored: RestoredIds } {
  const now = extractPlan(doc, { id: '', title: '', municipality: '', period: '', status: 'draft' })
  const focusIds = queues(exported.focusAreas, (f) => f.title, (f) => f.id)
  const goalIds = queues(exported.goals, (g) => g.title, (g) => g.id)
  const targetIds = queues(exported.goals.flatMap((g) => g.targets), (t) => t.sentence, (t) => t.id)
  const take = (q: Map<string, string[]>, key: string): string | undefined => q.get(squash(key))?.shift()
  const replace = new Map<string, string>()
  const restored: RestoredIds = { focusAreas: 0, goals: 0, targets: 0 }
  for (const f of now.focusAreas) {
    const id = take(focusIds, f.title)
    if (id && f.id) { replace.set(f.id, id); restored.focusAreas++ }
  }
  for (const g of now.goals) {
    const id = take(goalIds, g.title)
    if (id && g.id) { replace.set(g.id, id); restored.goals++ }
    for (const t of g.targets) {
      const tid = take(targetIds, t.sentence)
      if (tid && t.id) { replace.set(t.id, tid); restored.targets++ }
    }
  }
  if (replace.size === 0) return { doc, restored }
  const rebuild = (node: PMNode): PMNode => {
    if (node.isText) return node
    const children: PMNode[] = []
    node.forEach((child) => children.push(rebuild(child)))
    const id = typeof node.attrs.id === 'string' ? replace.get(node.attrs.id) : undefined
    return id ? node.type.create({ ...node.attrs, id }, Fragment.from(children), node.marks) : node.copy(Fragment.from(children))
  }
  return { doc: rebuild(doc), restored }
}
