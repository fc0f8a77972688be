import type { Node as PMNode } from 'prosemirror-model'
import { orderedGoals } from '../editing'
import type { Lang } from '../numbers'
import type { PlanMeta } from '../plan-meta'
import { targetSentence } from '../target-sentence'
import { GOAL_COLUMNS } from '../vocabulary'
import { EXPORT_WORDS, GOAL_COLUMN_TITLES, followUpLine, planFacts, planTitle } from './labels'
import { readFiguresTable } from './figures'

// The plan as a flat list of styled lines, for renderers that cannot lay out
// tables (the plain PDF fallback). Every word of the plan is in it; goal
// tables become one block per goal with its columns as labelled sections.

/** How a line of the outline is styled. */
export type OutlineStyle = 'title' | 'facts' | 'heading1' | 'heading2' | 'heading3' | 'paragraph' | 'bullet' | 'goal' | 'label' | 'target' | 'followUp'

/** One line (a paragraph to wrap) of the outline. */
export interface OutlineLine {
  style: OutlineStyle
  text: string
  /** List nesting depth for bullets (0 = top level). */
  depth?: number
}

const text = (node: PMNode): string => node.textBetween(0, node.content.size, ' ', (leaf) => (leaf.type.name === 'hard_break' ? '\n' : ''))

function blockLines(node: PMNode, lang: Lang, out: OutlineLine[], depth = 0): void {
  switch (node.type.name) {
    case 'paragraph':
      out.push({ style: 'paragraph', text: text(node) })
      return
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs.level) || 2, 2), 4)
      out.push({ style: level === 2 ? 'heading1' : level === 3 ? 'heading2' : 'heading3', text: text(node) })
      return
    }
    case 'bullet_list':
    case 'ordered_list': {
      const ordered = node.type.name === 'ordered_list'
      let n = Number(node.attrs.order ?? 1) || 1
      node.forEach((li) => {
        let first = true
        li.forEach((c) => {
          if (c.type.name === 'paragraph') {
            out.push({ style: 'bullet', text: (first ? (ordered ? `${n++}. ` : '• ') : '') + text(c), depth })
            first = false
          } else blockLines(c, lang, out, depth + 1)
        })
      })
      return
    }
    case 'vision':
      out.push({ style: 'heading1', text: EXPORT_WORDS[lang].vision })
      node.forEach((c) => blockLines(c, lang, out, depth))
      return
    case 'focus_area':
      node.forEach((c) => {
        if (c.type.name === 'focus_title') out.push({ style: 'heading1', text: c.textContent })
        else blockLines(c, lang, out, depth)
      })
      return
    case 'goal_table':
      orderedGoals(node).forEach(({ node: goal }) => {
        const cells = (column: string) => {
          const found: PMNode[] = []
          goal.forEach((cell) => {
            const known = (GOAL_COLUMNS as readonly string[]).includes(String(cell.attrs.column))
            if (cell.attrs.column === column || (!known && column === 'actions')) found.push(cell)
          })
          return found
        }
        const title = cells('title')
          .map((c) => c.textContent)
          .join(' ')
          .trim()
        out.push({ style: 'goal', text: `${GOAL_COLUMN_TITLES[lang].title}: ${title}` })
        for (const column of GOAL_COLUMNS.slice(1)) {
          const lines: OutlineLine[] = []
          for (const cell of cells(column)) cell.forEach((c) => blockLines(c, lang, lines, depth))
          const filled = lines.filter((l) => l.text.trim() !== '')
          if (filled.length) out.push({ style: 'label', text: GOAL_COLUMN_TITLES[lang][column] }, ...filled)
        }
      })
      return
    case 'figures_table': {
      const { caption, columns, rows } = readFiguresTable(node, lang)
      if (caption) out.push({ style: 'label', text: caption })
      for (const row of rows) {
        const values = row.values.map((v, i) => `${columns[i] || `Kolonne ${i + 1}`}: ${v || '–'}`)
        out.push({ style: 'bullet', text: `${EXPORT_WORDS[lang].targetGroup} ${row.label} – ${values.join('; ')}`, depth })
      }
      return
    }
    case 'target':
      out.push({ style: 'target', text: targetSentence(node.attrs, lang) })
      return
    case 'follow_up':
      out.push({ style: 'followUp', text: followUpLine(node, lang) })
      return
    default: {
      const t = node.textContent
      if (t) out.push({ style: 'paragraph', text: t })
    }
  }
}

/** The whole plan as styled lines: title, facts, then every block in order. */
export function planOutline(doc: PMNode, meta: PlanMeta, lang: Lang = 'da'): OutlineLine[] {
  const out: OutlineLine[] = [
    { style: 'title', text: planTitle(meta, lang) },
    { style: 'facts', text: planFacts(meta, lang).join(' · ') }
  ]
  doc.forEach((node) => blockLines(node, lang, out))
  return out
}
