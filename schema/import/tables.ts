import type { Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { buildFiguresTable } from '../build'
import { newId } from '../ids'
import { parseNumber } from '../numbers'
import { GOAL_COLUMNS, type GoalColumn } from '../vocabulary'
import type { ImportBlock } from './types'
import { goalTableColumns, isPeriodHeader } from './headers'
import { blocksText, labelled, squash, tableAsParagraphs, textBlocks } from './inline'
import { emptyParagraph, piecesToNodes, splitCellContent, type FoundTarget } from './targets-in-text'

// Deciding what a table is: a goal table (Mål · Handlinger · Succeskriterier
// · Opfølgning in some wording and order), a måltal table (target groups ×
// periods of numbers), or neither, in which case its text is kept as
// paragraphs. A table is only made structured when all its text fits the
// structure; otherwise it stays text.

const s = planSchema

/** A goal row the recogniser built from a table row or a paragraph. */
export interface RecognisedGoal {
  node: PMNode
  title: string
  targets: FoundTarget[]
}

/** What a table became. */
export type TableResult =
  | { kind: 'goals'; node: PMNode; goals: RecognisedGoal[]; missingTitle: boolean; extraColumns: string[] }
  | { kind: 'figures'; node: PMNode; caption: string; columns: string[]; rows: number }
  | { kind: 'text'; nodes: PMNode[] }

const cellText = (cell: readonly ImportBlock[]): string => squash(blocksText(cell, ' '))

/** Recognise one table of a source document. */
export function recogniseTable(rows: readonly ImportBlock[][][]): TableResult {
  const figures = asFiguresTable(rows)
  if (figures) return figures
  const goals = asGoalTable(rows)
  if (goals) return goals
  return { kind: 'text', nodes: tableAsParagraphs(rows) }
}

// A cell with only a dash means "no figure": the dash is the only thing lost.
const NO_FIGURE = /^[-–—]?$/u

function asFiguresTable(rows: readonly ImportBlock[][][]): TableResult | null {
  if (rows.length < 2) return null
  const header = rows[0]!.map(cellText)
  if (header.length < 2) return null
  const columns = header.slice(1)
  if (!columns.every(isPeriodHeader)) return null
  const body: Array<{ label: string; values: Array<number | null> }> = []
  let numbers = 0
  for (const row of rows.slice(1)) {
    const texts = row.map(cellText)
    if (texts.every((t) => t === '')) continue
    // More cells than the header names: those figures would have no column.
    if (texts.length > header.length) return null
    const label = texts[0] ?? ''
    if (label === '') return null
    const values: Array<number | null> = []
    for (const text of texts.slice(1)) {
      if (NO_FIGURE.test(text)) {
        values.push(null)
        continue
      }
      const n = parseNumber(text)
      if (n === null) return null
      numbers++
      values.push(n)
    }
    body.push({ label, values })
  }
  if (body.length === 0 || numbers === 0) return null
  const caption = header[0] ?? ''
  return { kind: 'figures', node: buildFiguresTable({ caption, columns, rows: body }), caption, columns, rows: body.length }
}

function asGoalTable(rows: readonly ImportBlock[][][]): TableResult | null {
  if (rows.length < 2) return null
  const header = rows[0]!.map(cellText)
  const columns = goalTableColumns(header)
  if (!columns) return null
  const extraColumns = header.filter((h, i) => columns[i] === null && h !== '')
  const goals: RecognisedGoal[] = []
  for (const row of rows.slice(1)) {
    if (row.every((cell) => cellText(cell) === '')) continue
    goals.push(goalFromRow(row, columns, header, goals.length))
  }
  if (goals.length === 0) return null
  const node = s.node('goal_table', { id: newId() }, goals.map((g) => g.node))
  return { kind: 'goals', node, goals, missingTitle: !columns.includes('title'), extraColumns }
}

function goalFromRow(row: readonly ImportBlock[][], columns: ReadonlyArray<GoalColumn | null>, header: readonly string[], order: number): RecognisedGoal {
  const cells = new Map<GoalColumn, PMNode[]>(GOAL_COLUMNS.map((c) => [c, []]))
  row.forEach((cell, i) => {
    const known = columns[i] ?? null
    const column: GoalColumn = known ?? 'actions'
    const content = textBlocks(cell)
    if (content.length === 0) return
    const into = cells.get(column)!
    // A column we do not know, or a second column of the same kind, keeps its
    // header beside its text so the reader still sees what it was.
    const label = known === null || into.length > 0 ? (header[i] ?? '') : ''
    if (label) {
      const [first, ...rest] = content
      if (first!.type.name === 'paragraph') into.push(labelled(label, inlineOf(first!)), ...rest)
      else into.push(labelled(label, []), ...content)
    } else into.push(...content)
  })
  const targets: FoundTarget[] = []
  const criteriaExtra: PMNode[] = []
  for (const column of GOAL_COLUMNS) {
    const pieces = splitCellContent(cells.get(column)!)
    const found = pieces.flatMap((p) => (p.kind === 'target' ? [p.target] : []))
    targets.push(...found)
    if (column === 'title') {
      // The title keeps its words (a goal needs a title); its targets are
      // read into the success criteria, where targets belong.
      criteriaExtra.push(...found.map((t) => t.node))
    } else cells.set(column, piecesToNodes(pieces))
  }
  cells.get('criteria')!.push(...criteriaExtra)
  const title = cells.get('title')!.map((n) => squash(n.textContent)).filter(Boolean).join(' ')
  const node = s.node('goal', { id: newId(), order }, GOAL_COLUMNS.map((column) => {
    const content = cells.get(column)!
    return s.node('goal_cell', { column }, content.length ? content : [emptyParagraph()])
  }))
  return { node, title, targets }
}

const inlineOf = (para: PMNode): PMNode[] => {
  const out: PMNode[] = []
  para.forEach((child) => out.push(child))
  return out
}

