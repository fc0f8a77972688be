import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import { CONFLICT_NODE_TYPES, type Conflict } from '../../../schema'

// Open conflicts reach the target and follow-up node views as node
// decorations: a changed decoration is what makes ProseMirror call a node
// view's `update`, so a badge appears and goes without redrawing the plan.

/** What the node views need to draw and act on a conflict badge. */
export interface ConflictContext {
  /** Open conflicts of the plan. */
  conflicts: readonly Conflict[]
  /** Whether this person may choose a value (editors and administrators). */
  mayPick: boolean
  /** Keep the value the document holds now (a POST: nothing in the document changes). */
  keep: (conflict: Conflict, value: Conflict['kept']['value']) => void
  /** Tell the page a value was set by a pick, so it can say so and look again soon. */
  picked: (conflict: Conflict, value: Conflict['kept']['value']) => void
}

interface ConflictPluginState {
  context: ConflictContext
  decorations: DecorationSet
}

/** The key of the conflict plugin; `tr.setMeta(conflictKey, context)` replaces its context. */
export const conflictKey = new PluginKey<ConflictPluginState>('conflicts')

/** The spec of a conflict decoration: the open conflicts of that node. */
export interface ConflictDecorationSpec {
  conflicts: Conflict[]
}

const WATCHED = new Set<string>(CONFLICT_NODE_TYPES)

function decorate(doc: PMNode, conflicts: readonly Conflict[]): DecorationSet {
  if (conflicts.length === 0) return DecorationSet.empty
  const byNode = new Map<string, Conflict[]>()
  for (const c of conflicts) byNode.set(c.nodeId, [...(byNode.get(c.nodeId) ?? []), c])
  const decos: Decoration[] = []
  doc.descendants((node, pos) => {
    if (WATCHED.has(node.type.name)) {
      const list = typeof node.attrs.id === 'string' ? byNode.get(node.attrs.id) : undefined
      if (list) decos.push(Decoration.node(pos, pos + node.nodeSize, { class: 'has-conflict' }, { conflicts: list } satisfies ConflictDecorationSpec))
      return false
    }
    // Targets and follow-ups live in blocks, never in text.
    return !node.isTextblock
  })
  return DecorationSet.create(doc, decos)
}

/** The conflicts a node view's decorations carry (none when it has no open conflict). */
export function conflictsIn(decorations: readonly Decoration[]): Conflict[] {
  for (const d of decorations) {
    const spec = d.spec as Partial<ConflictDecorationSpec>
    if (spec.conflicts) return spec.conflicts
  }
  return []
}

/** The conflict context of an editor state (null before the plugin has one). */
export const conflictContext = (state: EditorState): ConflictContext | null => conflictKey.getState(state)?.context ?? null

/**
 * Mark targets and follow-ups with open conflicts. Without conflicts it costs
 * nothing per keystroke; with some, a changed document is searched again for
 * their nodes (y-prosemirror replaces the document on remote changes, so
 * mapping the old decorations would lose them).
 */
export function conflictPlugin(initial: ConflictContext): Plugin<ConflictPluginState> {
  return new Plugin<ConflictPluginState>({
    key: conflictKey,
    state: {
      init: (_config, state) => ({ context: initial, decorations: decorate(state.doc, initial.conflicts) }),
      apply(tr: Transaction, prev: ConflictPluginState): ConflictPluginState {
        const context = tr.getMeta(conflictKey) as ConflictContext | undefined
        if (context) return { context, decorations: decorate(tr.doc, context.conflicts) }
        if (!tr.docChanged || prev.context.conflicts.length === 0) return prev
        return { context: prev.context, decorations: decorate(tr.doc, prev.context.conflicts) }
      }
    },
    props: {
      decorations: (state) => conflictKey.getState(state)?.decorations
    }
  })
}
