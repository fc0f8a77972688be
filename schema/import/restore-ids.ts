import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { extractPlan } from '../extract'
import { followUpLine } from '../export'
import type { FollowUpExport, PlanExport } from '../plan-export'
import { planSchema } from '../plan-schema'

// Ids across an export/import round trip. Word's text has no ids, but our
// .docx export carries the plan JSON (schema/export/docx-plan-part.ts). Ids
// are given back by what a reader sees, not by position: a focus area and a
// goal by title, a target by its rendered sentence. Whatever was changed in
// Word since the export no longer matches and keeps the fresh id the
// recogniser gave it, so an id never moves to content it did not belong to.
// Follow-up entries, which Word holds only as lines of text, become entries
// again where a line in a restored goal's Opfølgning cell still reads exactly
// as the export wrote it; an edited line stays text.

/** How many ids came back, for the review. */
export interface RestoredIds {
  focusAreas: number
  goals: number
  targets: number
  followUps: number
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
  const focusIds = queues(
    exported.focusAreas,
    (f) => f.title,
    (f) => f.id
  )
  const goalIds = queues(
    exported.goals,
    (g) => g.title,
    (g) => g.id
  )
  const targetIds = queues(
    exported.goals.flatMap((g) => g.targets),
    (t) => t.sentence,
    (t) => t.id
  )
  // A target found by its sentence is the exported one: what the sentence does not show (its source
  // sentence, the minister's goal) comes back too.
  const hidden = new Map(
    exported.goals
      .flatMap((g) => g.targets)
      .filter((t) => t.id)
      .map((t) => [t.id!, { source: t.source, ministerGoal: t.ministerGoal }])
  )
  // Figures tables in document order, with the ids their rows were exported under.
  const figureTableIds = [...new Set(exported.figures.map((f) => f.tableId).filter((id): id is string => id !== null))]
  const take = (q: Map<string, string[]>, key: string): string | undefined => q.get(squash(key))?.shift()
  const replace = new Map<string, string>()
  const restored: RestoredIds = { focusAreas: 0, goals: 0, targets: 0, followUps: 0 }
  for (const f of now.focusAreas) {
    const id = take(focusIds, f.title)
    if (id && f.id) {
      replace.set(f.id, id)
      restored.focusAreas++
    }
  }
  for (const g of now.goals) {
    const id = take(goalIds, g.title)
    if (id && g.id) {
      replace.set(g.id, id)
      restored.goals++
    }
    for (const t of g.targets) {
      const tid = take(targetIds, t.sentence)
      if (tid && t.id) {
        replace.set(t.id, tid)
        restored.targets++
      }
    }
  }
  const figureTables: string[] = []
  doc.descendants((n) => {
    if (n.type.name === 'figures_table' && typeof n.attrs.id === 'string') figureTables.push(n.attrs.id)
    return true
  })
  if (figureTables.length === figureTableIds.length) figureTables.forEach((id, i) => replace.set(id, figureTableIds[i]!))
  if (replace.size === 0) return { doc, restored }
  const used = new Set<PMNode>()
  const followUpsOf = new Map(exported.goals.filter((g) => g.id && g.followUps.length).map((g) => [g.id!, followUpLines(g.followUps)]))
  const rebuild = (node: PMNode, goalId: string | null): PMNode => {
    if (node.isText) return node
    const id = typeof node.attrs.id === 'string' ? replace.get(node.attrs.id) : undefined
    const inGoal = node.type.name === 'goal' ? (id ?? null) : goalId
    const lines = node.type.name === 'goal_cell' && node.attrs.column === 'followUp' && inGoal ? followUpsOf.get(inGoal) : undefined
    const children: PMNode[] = []
    node.forEach((child) => {
      // An entry is queued under its Danish and its English line; take each once.
      const entry = lines && child.type.name === 'paragraph' ? lines.get(squash(child.textContent))?.find((n) => !used.has(n)) : undefined
      if (entry) {
        used.add(entry)
        children.push(entry)
        restored.followUps++
      } else children.push(rebuild(child, inGoal))
    })
    const extra = id && node.type.name === 'target' ? hidden.get(id) : undefined
    return id ? node.type.create({ ...node.attrs, id, ...extra }, Fragment.from(children), node.marks) : node.copy(Fragment.from(children))
  }
  return { doc: rebuild(doc, null), restored }
}

/** Each exported follow-up as a node, queued under the line the export wrote for it (either language). */
function followUpLines(entries: readonly FollowUpExport[]): Map<string, PMNode[]> {
  const out = new Map<string, PMNode[]>()
  for (const f of entries) {
    const node = planSchema.nodes.follow_up!.create({
      id: f.id,
      targetId: f.targetId,
      date: f.date,
      value: f.value,
      status: f.status ?? 'onTrack',
      note: f.note
    })
    for (const line of new Set([followUpLine(node, 'da'), followUpLine(node, 'en')])) out.set(squash(line), [...(out.get(squash(line)) ?? []), node])
  }
  return out
}
