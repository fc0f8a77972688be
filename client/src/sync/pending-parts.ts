import * as Y from 'yjs'

// The offline counter used to count Yjs updates, one per keystroke ("Offline
// – 57 ændringer venter" after one sentence). People think in the parts of
// the plan they changed: "3 afsnit og 1 mål ændret" (issue #15). Each local
// transaction names the Yjs types it changed; each is counted once under the
// goal row it lies in, or else under its nearest block.

/** What local changes not yet stored on the server touched. */
export interface PendingParts {
  /** Goal rows (with their targets and follow-ups). */
  goals: number
  /** Paragraphs, headings, focus-area titles, the vision, figures tables and other blocks outside goal rows. */
  blocks: number
  /** Other changes: the plan's title and settings, comment threads. */
  other: number
}

/** Elements counted as one block each when no goal row holds them. */
const BLOCKS = new Set(['paragraph', 'heading', 'focus_title', 'vision', 'figures_table', 'target', 'follow_up', 'list_item', 'blockquote', 'code_block'])

type Part = { kind: 'goal' | 'block' | 'other'; key: unknown }

/** The part of the plan a changed Yjs type belongs to. */
export function partOf(type: Y.AbstractType<unknown>): Part {
  let block: Y.XmlElement | null = null
  for (let t: Y.AbstractType<unknown> | null = type; t; t = t.parent as Y.AbstractType<unknown> | null) {
    if (t instanceof Y.XmlElement) {
      // A goal row: its id outlives the element (a row re-created by a merge is still the same goal).
      if (t.nodeName === 'goal') return { kind: 'goal', key: t.getAttribute('id') ?? t }
      if (!block && BLOCKS.has(t.nodeName)) block = t
    }
  }
  if (block) return { kind: 'block', key: block }
  // Structure changed directly in the body or a container (a block added or removed): that container.
  if (type instanceof Y.XmlElement || type instanceof Y.XmlFragment || type instanceof Y.XmlText) return { kind: 'block', key: type }
  // Outside the body: the plan's settings (one map) or one comment thread each.
  return { kind: 'other', key: type }
}

/** Counts the distinct parts that local changes touched, until the server has them all. */
export class PendingPartsCounter {
  private readonly seen = { goal: new Set<unknown>(), block: new Set<unknown>(), other: new Set<unknown>() }

  /** A local transaction (typed here, or replayed from this browser's journal). */
  touch(tr: Y.Transaction): void {
    tr.changed.forEach((_keys, type) => {
      const p = partOf(type as Y.AbstractType<unknown>)
      this.seen[p.kind].add(p.key)
    })
  }

  /** Everything is stored on the server: nothing waits. */
  clear(): void {
    for (const s of Object.values(this.seen)) s.clear()
  }

  summary(): PendingParts {
    return { goals: this.seen.goal.size, blocks: this.seen.block.size, other: this.seen.other.size }
  }
}
