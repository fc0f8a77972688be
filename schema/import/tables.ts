import type { Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { buildFiguresTable } from '../build'
import { newId } from '../ids'
import { parseNumber } from '../numbers'
import { targetGroupFromLabel } from '../target-groups'
import { GOAL_COLUMNS, type GoalColumn } from '../vocabulary'
import type { ImportBlock } from './types'
import { goalColumnOf, goalTableColumns, isPeriodHeader } from './headers'
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
  | {
      kind: 'goals'
      node: PMNode
      goals: RecognisedGoal[]
      /** No column names the goal itself: the rows have no title. */
      missingTitle: boolean
      /** Columns we do not know; their text is in the actions cell under their name. */
      extraColumns: string[]
      /** Columns we do not know that hold no text in any row. */
      emptyColumns: string[]
      /** Text that goes before the goal table (a title row above the header). */
      before: PMNode[]
      /** How the table's column names were read: header (or first-column label) → goal column. */
      mapping: Array<{ label: string; column: GoalColumn }>
      /** The cells whose text became column names (and is therefore not in the document as text). */
      labelCells: ImportBlock[][]
      /** Rows without a Mål that were read as the continuation of the goal above. */
      continued: number
    }
  | { kind: 'figures'; node: PMNode; caption: string; columns: string[]; rows: number }
  | { kind: 'text'; nodes: PMNode[] }

const cellText = (cell: readonly ImportBlock[]): string => squash(blocksText(cell, ' '))

/** Recognise one table of a source document. */
export function recogniseTable(rows: readonly ImportBlock[][][]): TableResult {
  const found = asFiguresTable(rows, '') ?? asFiguresTable(transposed(rows), '') ?? asGoalTable(rows) ?? asVerticalGoalTable(rows)
  if (found) return found
  // A first row of one cell is the table's title ("Bevillingsmål 2017"),
  // with the real header below it.
  const first = rows[0] ?? []
  const filled = first.filter((cell) => cellText(cell) !== '')
  if (rows.length >= 3 && filled.length === 1) {
    const caption = cellText(filled[0]!)
    const rest = rows.slice(1)
    const figures = asFiguresTable(rest, caption) ?? asFiguresTable(transposed(rest), caption)
    if (figures) return figures
    const goals = asGoalTable(rest) ?? asVerticalGoalTable(rest)
    if (goals && goals.kind === 'goals') return { ...goals, before: [...textBlocks(filled[0]!), ...goals.before] }
  }
  return { kind: 'text', nodes: tableAsParagraphs(rows) }
}

// A cell with only a dash means "no figure": the dash is the only thing lost.
const NO_FIGURE = /^[-–—]?$/u
// "12 %", "12,5%": a number in percent. The column's label says "(%)" so the
// sign is not lost.
const PERCENT = /^(.*\S)\s*%$/u

/**
 * A måltal table with periods down the first column and target groups across
 * (the figures table holds target groups as rows), turned a quarter; null if
 * the rows are not all of one length.
 */
function transposed(rows: readonly ImportBlock[][][]): ImportBlock[][][] {
  const width = rows[0]?.length ?? 0
  if (rows.length < 2 || width < 2 || rows.some((row) => row.length !== width)) return []
  return Array.from({ length: width }, (_, c) => rows.map((row) => row[c]!))
}

function asFiguresTable(rows: readonly ImportBlock[][][], title: string): TableResult | null {
  if (rows.length < 2) return null
  const header = rows[0]!.map(cellText)
  // Leading columns without a period ("Målgruppe", "Enhed") describe the row;
  // the rest must all be periods.
  const first = header.findIndex((h, i) => i > 0 && isPeriodHeader(h))
  if (first < 1 || !header.slice(first).every(isPeriodHeader)) return null
  const columns = header.slice(first)
  const body: Array<{ label: string; values: Array<number | null> }> = []
  const percentColumns = new Set<number>()
  let numbers = 0
  for (const row of rows.slice(1)) {
    const texts = row.map(cellText)
    if (texts.every((t) => t === '')) continue
    // More cells than the header names: those figures would have no column.
    if (texts.length > header.length) return null
    const [name = '', ...more] = texts.slice(0, first)
    if (name === '') return null
    const details = more.filter(Boolean)
    // A known group's label (as our exports write it) is stored as its code, and shown as the label again.
    const label = details.length ? `${name} (${details.join(', ')})` : targetGroupFromLabel(name)
    const values: Array<number | null> = []
    for (const [i, text] of texts.slice(first).entries()) {
      if (NO_FIGURE.test(text)) {
        values.push(null)
        continue
      }
      const percent = PERCENT.exec(text)
      if (percent) percentColumns.add(i)
      const n = parseNumber(percent ? percent[1]! : text)
      if (n === null) return null
      numbers++
      values.push(n)
    }
    body.push({ label, values })
  }
  if (body.length === 0 || numbers === 0) return null
  // The corner cells ("Målgruppe", "Enhed") have no column of their own: they join the caption.
  const caption = [title, ...header.slice(0, first)].filter(Boolean).join(' · ')
  const labels = columns.map((label, i) => (percentColumns.has(i) && !label.includes('%') ? `${label} (%)` : label))
  return { kind: 'figures', node: buildFiguresTable({ caption, columns: labels, rows: body }), caption, columns: labels, rows: body.length }
}

function asGoalTable(rows: readonly ImportBlock[][][]): TableResult | null {
  if (rows.length < 2) return null
  const header = rows[0]!.map(cellText)
  const columns = goalTableColumns(header)
  if (!columns) return null
  const extraColumns = header.filter((h, i) => columns[i] === null && h !== '')
  // A row whose Mål cell is empty continues the goal above it: a merged
  // cell in Word (one Mål over several rows) or a row a page break split.
  const groups: ImportBlock[][][][] = []
  let continued = 0
  const titleColumns = columns.flatMap((c, i) => (c === 'title' ? [i] : []))
  for (const row of rows.slice(1)) {
    if (row.every((cell) => cellText(cell) === '')) continue
    const untitled = titleColumns.length > 0 && titleColumns.every((i) => !row[i] || cellText(row[i]!) === '')
    if (untitled && groups.length > 0) {
      groups[groups.length - 1]!.push(row)
      continued++
    } else groups.push([row])
  }
  if (groups.length === 0) return null
  const goals = groups.map((group, order) => goalFromRow(mergeRows(group), columns, header, order))
  const node = s.node(
    'goal_table',
    { id: newId() },
    goals.map((g) => g.node)
  )
  const mapping = header.flatMap((label, i) => (columns[i] ? [{ label, column: columns[i]! }] : []))
  // An unknown column that is empty in every row leaves only its name; the
  // review's note names it (emptyColumns), the document has no place for it.
  const isEmpty = (i: number) => rows.slice(1).every((row) => !row[i] || cellText(row[i]!) === '')
  const emptyColumns = header.filter((h, i) => columns[i] === null && h !== '' && isEmpty(i))
  const labelCells = rows[0]!.filter((_, i) => columns[i] !== null || isEmpty(i))
  return {
    kind: 'goals',
    node,
    goals,
    missingTitle: !columns.includes('title'),
    extraColumns: extraColumns.filter((h) => !emptyColumns.includes(h)),
    emptyColumns,
    before: [],
    mapping,
    labelCells,
    continued
  }
}

/**
 * A goal written downwards: the first column names the goal columns
 * ("Mål", "Handlinger", "Succeskriterier"), the others hold the text. A
 * second "Mål" row starts the next goal; a row without a label continues
 * the row above.
 */
function asVerticalGoalTable(rows: readonly ImportBlock[][][]): TableResult | null {
  if (rows.length < 2 || rows.some((row) => row.length < 2)) return null
  const labels = rows.map((row) => cellText(row[0]!))
  const columns = labels.map((label) => goalColumnOf(label, true))
  const known = columns.filter((c) => c !== null).length
  const unknown = labels.filter((l, i) => l !== '' && columns[i] === null).length
  const distinct = new Set(columns.filter((c): c is GoalColumn => c !== null))
  if (distinct.size < 2 || (!distinct.has('title') && !distinct.has('criteria')) || unknown * 2 > known) return null
  type Group = { cells: ImportBlock[][]; columns: Array<GoalColumn | null>; labels: string[] }
  const groups: Group[] = []
  let group: Group | null = null
  rows.forEach((row, i) => {
    const column = columns[i] ?? null
    const content = row.slice(1).flat()
    if (group === null || (column === 'title' && group.columns.includes('title'))) {
      group = { cells: [], columns: [], labels: [] }
      groups.push(group)
    }
    if (labels[i] === '' && group.cells.length > 0) {
      group.cells[group.cells.length - 1]!.push(...content)
      return
    }
    group.cells.push([...content])
    group.columns.push(column)
    group.labels.push(labels[i]!)
  })
  const goals = groups.map((g, order) => goalFromRow(g.cells, g.columns, g.labels, order))
  const extraColumns = [...new Set(labels.filter((l, i) => l !== '' && columns[i] === null))]
  const node = s.node(
    'goal_table',
    { id: newId() },
    goals.map((g) => g.node)
  )
  const mapping = [...new Map(labels.flatMap((label, i) => (columns[i] ? [[label, { label, column: columns[i]! }] as const] : []))).values()]
  const labelCells = rows.filter((_, i) => columns[i] !== null).map((row) => row[0]!)
  return { kind: 'goals', node, goals, missingTitle: !distinct.has('title'), extraColumns, emptyColumns: [], before: [], mapping, labelCells, continued: 0 }
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
  const title = cells
    .get('title')!
    .map((n) => squash(n.textContent))
    .filter(Boolean)
    .join(' ')
  const node = s.node(
    'goal',
    { id: newId(), order },
    GOAL_COLUMNS.map((column) => {
      const content = cells.get(column)!
      return s.node('goal_cell', { column }, content.length ? content : [emptyParagraph()])
    })
  )
  return { node, title, targets }
}

/** Several table rows as one: each column's blocks one after the other. */
function mergeRows(rows: readonly ImportBlock[][][]): ImportBlock[][] {
  const width = Math.max(...rows.map((row) => row.length))
  return Array.from({ length: width }, (_, i) => rows.flatMap((row) => row[i] ?? []))
}

const inlineOf = (para: PMNode): PMNode[] => {
  const out: PMNode[] = []
  para.forEach((child) => out.push(child))
  return out
}
