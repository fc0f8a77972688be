import type { Node as PMNode } from 'prosemirror-model'
import type { Lang } from '../numbers'
import { figureValue } from './labels'
import { targetGroupLabel } from '../target-groups'

/** A figures table as every export reads it. */
export interface FiguresGrid {
  /** The table's caption ('' when it has none). */
  caption: string
  /** The first head row's labels, padded with '' to the widest row, so every value has a column. */
  columns: string[]
  /** Each body row: its label (the target group, a known code shown as its label) and its values formatted for `lang`, as many as the row has cells. */
  rows: Array<{ label: string; values: string[] }>
}

/**
 * Read a `figures_table` node for export. A merge can leave several head
 * rows, or rows of different lengths: the first head counts, and the widest
 * row sets the number of columns.
 */
export function readFiguresTable(node: PMNode, lang: Lang): FiguresGrid {
  let labels: string[] | null = null
  const rows: FiguresGrid['rows'] = []
  node.forEach((row) => {
    if (row.type.name === 'figures_head') {
      if (labels === null) {
        const own: string[] = []
        row.forEach((l) => own.push(String(l.attrs.text ?? '')))
        labels = own
      }
      return
    }
    const values: string[] = []
    row.forEach((c) => values.push(figureValue(c.attrs.value, lang)))
    rows.push({ label: targetGroupLabel(String(row.attrs.label ?? ''), lang), values })
  })
  const head: string[] = labels ?? []
  const width = Math.max(head.length, ...rows.map((r) => r.values.length))
  return {
    caption: node.attrs.caption ? String(node.attrs.caption) : '',
    columns: Array.from({ length: width }, (_, i) => head[i] ?? ''),
    rows
  }
}
