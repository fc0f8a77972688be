import type { Node as PMNode } from 'prosemirror-model'
import { NodeSelection, TextSelection, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { extractPlan, type Lang, type PlanMeta } from '../../../schema'
import type { TextChange } from '../../../schema/editing'
import type { Strings } from '../i18n/strings'
import { scrollIntoViewSteadily } from '../editor/lazy-areas'

// The editor's list of what plan.json reports as problems (issue #15): the
// same extractPlan, so the list and the export never disagree.

/** One entry of the problems list. */
export interface ProblemItem {
  /** Stable while the problem lasts: its path and message. */
  key: string
  message: string
  /** Which part of the plan it is about ("Målsætning: Langtidsledigheden"), or '' when unknown. */
  where: string
  /** The node to jump to; null when the problem names none. */
  nodeId: string | null
}

/** The name of a structured node for the list, in the reader's words. */
function whereOf(node: PMNode, s: Strings): string {
  const p = s.problems
  const a = node.attrs
  switch (node.type.name) {
    case 'target':
      return p.target(String(a.indicator ?? '').trim() || p.untitled)
    case 'follow_up':
      return p.followUp
    case 'goal': {
      let title = ''
      node.forEach((cell) => {
        if (cell.attrs.column === 'title' && !title) title = cell.textContent.trim()
      })
      return p.goal(title || p.untitled)
    }
    case 'focus_area': {
      let title = ''
      node.forEach((c) => {
        if (c.type.name === 'focus_title' && !title) title = c.textContent.trim()
      })
      return p.focusArea(title || p.untitled)
    }
    case 'figures_table':
      return p.figures
    default:
      return ''
  }
}

/** The nodes with an id, first occurrence kept (textblocks hold none, so they are not entered). */
function nodesById(doc: PMNode): Map<string, { node: PMNode; pos: number }> {
  const found = new Map<string, { node: PMNode; pos: number }>()
  doc.descendants((node, pos) => {
    const id = node.attrs.id
    if (typeof id === 'string' && id !== '' && !found.has(id)) found.set(id, { node, pos })
    return !node.isTextblock
  })
  return found
}

/** The problems of the document in the editor, each with the part of the plan it is about. */
export function problemItems(doc: PMNode, meta: PlanMeta, lang: Lang, s: Strings): ProblemItem[] {
  const nodes = nodesById(doc)
  return extractPlan(doc, meta, [], lang).problems.map((p) => {
    const hit = p.nodeId ? nodes.get(p.nodeId) : undefined
    return { key: `${p.path} ${p.message}`, message: p.message, where: hit ? whereOf(hit.node, s) : '', nodeId: hit ? p.nodeId! : null }
  })
}

/** The goal or focus area whose title the changed textblock is part of, if any. */
function titleOwner(change: TextChange): PMNode | undefined {
  const { ancestors } = change
  const parent = ancestors[ancestors.length - 1]
  if (change.after.type.name === 'focus_title') return parent?.type.name === 'focus_area' ? parent : undefined
  for (let i = ancestors.length - 1; i > 0; i--) {
    const n = ancestors[i]!
    if (n.type.name === 'goal_cell' && n.attrs.column === 'title') return ancestors[i - 1]!.type.name === 'goal' ? ancestors[i - 1] : undefined
  }
  return undefined
}

/**
 * The list after a change of one textblock's text, without reading the plan
 * again (extractPlan takes 7–12 ms in a 200-page plan in a loaded browser;
 * twice a second while typing, it cost frames), or null when only reading
 * it again can tell. Text matters to problems in two places only: a goal's
 * title and a focus area's title, whose emptiness is a problem and whose
 * words name the part a problem is about ("Mål: …"). Any other text changes
 * nothing in the list.
 */
export function problemsAfterTextChange(items: ProblemItem[], doc: PMNode, change: TextChange, s: Strings): ProblemItem[] | null {
  const owner = titleOwner(change)
  if (!owner) return items
  // An empty title is a problem of its own: whether there is one now, only a new reading says.
  if ((change.before.textContent.trim() === '') !== (change.after.textContent.trim() === '')) return null
  const id = owner.attrs.id
  if (typeof id !== 'string' || !items.some((i) => i.nodeId === id)) return items
  const named = nodesById(doc).get(id)
  if (!named) return null
  const where = whereOf(named.node, s)
  return items.some((i) => i.nodeId === id && i.where !== where) ? items.map((i) => (i.nodeId === id ? { ...i, where } : i)) : items
}

/** Whether two lists say the same (so a keystroke that changes no problem does not redraw the list). */
export const sameItems = (a: readonly ProblemItem[], b: readonly ProblemItem[]): boolean =>
  a.length === b.length && a.every((x, i) => x.key === b[i]!.key && x.where === b[i]!.where && x.nodeId === b[i]!.nodeId)

/**
 * Select the node with this id and scroll it into view. A target or
 * follow-up is selected as a whole; any other node gets the cursor at its
 * start, so a keyboard user goes on from there. Returns false when the node
 * is gone (another person deleted it meanwhile).
 */
export function jumpToNode(view: EditorView, nodeId: string): boolean {
  const hit = nodesById(view.state.doc).get(nodeId)
  if (!hit) return false
  const state: EditorState = view.state
  const selection =
    hit.node.type.spec.selectable && hit.node.isAtom ? NodeSelection.create(state.doc, hit.pos) : TextSelection.near(state.doc.resolve(hit.pos + 1))
  view.dispatch(state.tr.setSelection(selection))
  view.focus()
  const dom = view.nodeDOM(hit.pos) as HTMLElement | null
  // A node taller than the window (a target with its form open) is shown from its top.
  if (dom) scrollIntoViewSteadily(dom, dom.getBoundingClientRect().height > window.innerHeight * 0.6 ? 'start' : 'center')
  return true
}
