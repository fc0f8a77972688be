import type { Node as PMNode } from 'prosemirror-model'
import { onlyTextEdits } from './text-edits'
import { derivedId, newId } from '../ids'
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import type { NodeName } from '../plan-schema'

/** Node types whose `id` attribute must be present and unique in a plan. */
export const ID_NODE_TYPES: ReadonlySet<string> = new Set<NodeName>(['focus_area', 'goal_table', 'goal', 'target', 'follow_up', 'figures_table'])

/** One id to change: the node at `pos` gets `id`. */
export interface IdFix {
  pos: number
  id: string
}

/**
 * Find every structured node whose id is missing or repeats an earlier one in
 * document order. The first occurrence keeps its id; the n-th duplicate gets
 * `derivedId(id + '#' + n)`, skipping any value already taken. Missing ids get
 * a random one (a race there is harmless: Yjs keeps one of the values).
 */
export function findIdFixes(doc: PMNode): IdFix[] {
  const seen = new Set<string>()
  const dupCount = new Map<string, number>()
  const fixes: IdFix[] = []
  doc.descendants((node, pos) => {
    if (!ID_NODE_TYPES.has(node.type.name)) return true
    const id = node.attrs.id
    if (typeof id !== 'string' || id === '') {
      const fresh = newId()
      seen.add(fresh)
      fixes.push({ pos, id: fresh })
    } else if (seen.has(id)) {
      let n = dupCount.get(id) ?? 0
      let candidate: string
      do {
        n += 1
        candidate = derivedId(`${id}#${n}`)
      } while (seen.has(candidate))
      dupCount.set(id, n)
      seen.add(candidate)
      fixes.push({ pos, id: candidate })
    } else {
      seen.add(id)
    }
    return true
  })
  return fixes
}

/** Apply id fixes to a transaction (attribute steps only: positions do not move). */
export function applyIdFixes(tr: Transaction, fixes: readonly IdFix[]): Transaction {
  for (const fix of fixes) tr.setNodeAttribute(fix.pos, 'id', fix.id)
  return tr
}

/** Give every structured node in a detached document a fresh id (used for pasted slices). */
export function withFreshIds(node: PMNode): PMNode {
  type Json = { type: string; attrs?: Record<string, unknown>; content?: Json[] }
  // toJSON shares attrs objects with the live node: copy, never mutate.
  const walk = (n: Json): Json => ({
    ...n,
    ...(n.attrs ? { attrs: ID_NODE_TYPES.has(n.type) ? { ...n.attrs, id: newId() } : { ...n.attrs } } : {}),
    ...(n.content ? { content: n.content.map(walk) } : {})
  })
  return node.type.schema.nodeFromJSON(walk(node.toJSON() as Json))
}

export const uniqueIdsKey = new PluginKey('uniqueIds')

/**
 * Keep ids present and unique after any change: paste, split, undo, or a
 * concurrent insert merged in by Yjs. Runs as appendTransaction so the fix is
 * part of the same update the peers receive.
 */
export function uniqueIdsPlugin(): Plugin {
  return new Plugin({
    key: uniqueIdsKey,
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged) || transactions.every((tr) => !tr.docChanged || onlyTextEdits(tr))) return null
      const fixes = findIdFixes(state.doc)
      if (fixes.length === 0) return null
      return applyIdFixes(state.tr, fixes).setMeta('addToHistory', false)
    }
  })
}
