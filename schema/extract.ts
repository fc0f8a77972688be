import type { Node as PMNode } from 'prosemirror-model'
import type * as Y from 'yjs'
import type { PlanMeta } from './plan-meta'
import type { FigureRowExport, FocusAreaExport, FollowUpExport, GoalExport, PlanExport, TargetExport } from './plan-export'
import { PROBLEM_TEXTS, type Problem, type ProblemChoice, type ProblemField, type ProblemNode, type ProblemTexts } from './problems'
import type { Lang } from './numbers'
import { isPeriod } from './periods'
import { targetSentence } from './target-sentence'
import { SCHEMA_VERSION } from './version'
import { orderedGoals } from './editing'
import { isNode, nodeName } from './plan-schema'
import { COMPARATORS, FOLLOW_UP_STATUSES, GOAL_COLUMNS, RATE_PERIODS, TARGET_KINDS, UNITS, isOneOf } from './vocabulary'
import { readPlanMeta, yBodyToPlanNode } from './yjs'

// extractPlan reads; it never repairs and never throws. Anything it cannot
// read becomes a null in the export plus a problem saying what and where, so
// a consumer can trust every non-null value's type.

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

class Reader {
  readonly problems: Problem[] = []
  private readonly seenIds = new Set<string>()

  constructor(readonly say: ProblemTexts) {}

  report(path: string, message: string, nodeId?: string | null): void {
    this.problems.push(nodeId ? { path, message, nodeId } : { path, message })
  }

  id(node: PMNode, path: string): string | null {
    const id = node.attrs.id
    const type = node.type.name as ProblemNode
    if (typeof id !== 'string' || id === '') {
      this.report(`${path}/id`, this.say.noId(type))
      return null
    }
    if (this.seenIds.has(id)) this.report(`${path}/id`, this.say.duplicateId(type), id)
    this.seenIds.add(id)
    return id
  }

  number(value: unknown, path: string, what: ProblemField | { figure: string }, nodeId: string | null): number | null {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'number' && Number.isFinite(value)) return value
    this.report(path, this.say.notANumber(what, value), nodeId)
    return null
  }

  period(value: unknown, path: string, what: ProblemField, nodeId: string | null): string | null {
    if (value === null || value === undefined || value === '') return null
    if (isPeriod(value)) return value
    this.report(path, this.say.notAPeriod(what, value), nodeId)
    return typeof value === 'string' ? value : null
  }

  oneOf<T extends string>(list: readonly T[], value: unknown, path: string, what: ProblemChoice, nodeId: string | null): T | null {
    if (isOneOf(list, value)) return value
    this.report(path, this.say.unknownChoice(what, value), nodeId)
    return null
  }

  text(value: unknown): string {
    return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value)
  }
}

/** The text of a block, with hard breaks as newlines and runs of space folded. */
const blockText = (node: PMNode): string => node.textBetween(0, node.content.size, '\n', (leaf) => (isNode(leaf, 'hard_break') ? '\n' : '')).trim()

/** Text items of one block: a paragraph is one item, a list one item per list item. */
function blockItems(block: PMNode): string[] {
  if (isNode(block, 'bullet_list') || isNode(block, 'ordered_list')) {
    const items: string[] = []
    block.forEach((li) => {
      const t = blockText(li)
      if (t) items.push(t)
    })
    return items
  }
  const t = block.isTextblock ? blockText(block) : ''
  return t ? [t] : []
}

/** Text items of a cell, in order (structured atoms are read separately). */
const cellItems = (cell: PMNode): string[] => {
  const items: string[] = []
  cell.forEach((child) => items.push(...blockItems(child)))
  return items
}

function readTarget(r: Reader, node: PMNode, path: string): TargetExport {
  const a = node.attrs
  const id = r.id(node, path)
  const kind = r.oneOf(TARGET_KINDS, a.kind, `${path}/kind`, 'kind', id)
  const unit = r.oneOf(UNITS, a.unit, `${path}/unit`, 'unit', id)
  const comparator = r.oneOf(COMPARATORS, a.comparator, `${path}/target/comparator`, 'comparator', id)
  const per = a.per === null || a.per === undefined ? null : r.oneOf(RATE_PERIODS, a.per, `${path}/per`, 'per', id)
  const baselineValue = r.number(a.baselineValue, `${path}/baseline/value`, 'baselineValue', id)
  const baselinePeriod = r.period(a.baselinePeriod, `${path}/baseline/period`, 'baselinePeriod', id)
  const targetValue = r.number(a.targetValue, `${path}/target/value`, 'targetValue', id)
  const targetPeriod = r.period(a.targetPeriod, `${path}/target/period`, 'targetPeriod', id)
  if (kind !== null && kind !== 'milestone' && targetValue === null && a.targetValue == null) {
    r.report(`${path}/target/value`, r.say.noTargetValue, id)
  }
  return {
    id,
    kind,
    indicator: r.text(a.indicator),
    targetGroup: r.text(a.targetGroup),
    unit,
    baseline: baselineValue === null && baselinePeriod === null ? null : { value: baselineValue, period: baselinePeriod },
    target: { value: targetValue, period: targetPeriod, comparator },
    per,
    done: a.done === true,
    ministerGoal: typeof a.ministerGoal === 'string' && a.ministerGoal !== '' ? a.ministerGoal : null,
    source: r.text(a.source),
    sentence: targetSentence(a, 'da')
  }
}

function readFollowUp(r: Reader, node: PMNode, path: string): FollowUpExport {
  const a = node.attrs
  const id = r.id(node, path)
  let date: string | null = null
  if (typeof a.date === 'string' && DATE.test(a.date)) date = a.date
  else r.report(`${path}/date`, a.date === null || a.date === undefined || a.date === '' ? r.say.noFollowUpDate : r.say.badFollowUpDate(a.date), id)
  return {
    id,
    targetId: typeof a.targetId === 'string' && a.targetId !== '' ? a.targetId : null,
    date,
    value: r.number(a.value, `${path}/value`, 'followUpValue', id),
    status: r.oneOf(FOLLOW_UP_STATUSES, a.status, `${path}/status`, 'status', id),
    note: r.text(a.note)
  }
}

function readGoal(r: Reader, node: PMNode, focusAreaId: string | null, index: number): { goal: GoalExport; followUps: FollowUpExport[] } {
  const path = `/goals/${index}`
  const id = r.id(node, path)
  const byColumn = new Map<string, PMNode[]>()
  node.forEach((cell) => {
    const column = cell.attrs.column
    if (!isOneOf(GOAL_COLUMNS, column)) r.report(`${path}`, r.say.unknownColumn(column), id)
    const key = isOneOf(GOAL_COLUMNS, column) ? column : 'actions'
    byColumn.set(key, [...(byColumn.get(key) ?? []), cell])
  })
  const cells = (column: string) => byColumn.get(column) ?? []
  for (const column of GOAL_COLUMNS) if (!byColumn.has(column)) r.report(path, r.say.missingColumn(column), id)
  const targets: TargetExport[] = []
  const followUps: FollowUpExport[] = []
  node.descendants((child) => {
    if (isNode(child, 'target')) targets.push(readTarget(r, child, `${path}/targets/${targets.length}`))
    else if (isNode(child, 'follow_up')) followUps.push(readFollowUp(r, child, `${path}/followUps/${followUps.length}`))
    return true
  })
  const title = cells('title').flatMap(cellItems).join(' ')
  if (title === '') r.report(`${path}/title`, r.say.goalNoTitle, id)
  return {
    goal: {
      id,
      focusAreaId,
      title,
      actions: cells('actions').flatMap(cellItems),
      successCriteria: cells('criteria').flatMap(cellItems),
      followUpMethod: cells('followUp').flatMap(cellItems).join('\n'),
      targets,
      followUps: []
    },
    followUps
  }
}

function readFigures(r: Reader, table: PMNode, tableIndex: number, out: FigureRowExport[]): void {
  const tableId = typeof table.attrs.id === 'string' ? table.attrs.id : null
  let labels: string[] | null = null
  table.forEach((row) => {
    if (isNode(row, 'figures_head')) {
      if (labels === null) {
        labels = []
        row.forEach((label) => labels!.push(r.text(label.attrs.text).trim()))
      }
      return
    }
    const rowIndex = out.length
    const values: Record<string, number | null> = {}
    row.forEach((cell, _offset, i) => {
      let label = labels?.[i] ?? ''
      if (label === '') {
        label = `Kolonne ${i + 1}`
        r.report(`/figures/${rowIndex}/values`, r.say.figuresNoLabel(tableIndex + 1, i + 1), tableId)
      }
      if (label in values) label = `${label} (${i + 1})`
      values[label] = r.number(cell.attrs.value, `/figures/${rowIndex}/values/${label}`, { figure: label }, tableId)
    })
    out.push({ tableId, caption: r.text(table.attrs.caption), targetGroup: r.text(row.attrs.label), values })
  })
}

/**
 * Read a plan document into the machine-readable JSON of ARCHITECTURE.md ("Data model")
 * (validates against `schema/plan.schema.json`). Never throws on a document
 * the schema can hold; what it cannot read is listed in `problems`, in
 * Danish unless `lang` says otherwise (the editor lists them in the reader's language).
 */
export function extractPlan(doc: PMNode, meta: PlanMeta, initialProblems: readonly Problem[] = [], lang: Lang = 'da'): PlanExport {
  const r = new Reader(PROBLEM_TEXTS[lang])
  r.problems.push(...initialProblems)
  const vision: string[] = []
  const focusAreas: FocusAreaExport[] = []
  const goals: GoalExport[] = []
  const figures: FigureRowExport[] = []
  const allFollowUps: Array<{ followUp: FollowUpExport; path: string }> = []
  let figuresTables = 0

  const visit = (node: PMNode, focusArea: FocusAreaExport | null): void => {
    switch (nodeName(node)) {
      case 'vision':
        node.forEach((child) => {
          const items = blockItems(child)
          if (items.length) vision.push(items.join('\n'))
        })
        return
      case 'focus_area': {
        const index = focusAreas.length
        const area: FocusAreaExport = { id: r.id(node, `/focusAreas/${index}`), title: '', goalIds: [] }
        focusAreas.push(area)
        node.forEach((child) => {
          if (isNode(child, 'focus_title')) {
            if (area.title === '') area.title = blockText(child)
          } else visit(child, area)
        })
        if (area.title === '') r.report(`/focusAreas/${index}/title`, r.say.focusAreaNoTitle, area.id)
        return
      }
      case 'goal_table':
        r.id(node, `/goalTables/${goals.length}`)
        orderedGoals(node).forEach(({ node: row }) => {
          const { goal, followUps } = readGoal(r, row, focusArea?.id ?? null, goals.length)
          goals.push(goal)
          if (focusArea && goal.id) focusArea.goalIds.push(goal.id)
          followUps.forEach((f, i) => allFollowUps.push({ followUp: f, path: `/goals/${goals.length - 1}/followUps/${i}` }))
        })
        return
      case 'figures_table':
        r.id(node, `/figures/${figures.length}`)
        readFigures(r, node, figuresTables++, figures)
        return
      case 'follow_up':
        allFollowUps.push({ followUp: readFollowUp(r, node, `/followUps/${allFollowUps.length}`), path: `/followUps/${allFollowUps.length}` })
        return
      default:
        node.forEach((child) => {
          if (!child.isText) visit(child, focusArea)
        })
    }
  }
  doc.forEach((child) => visit(child, null))

  // Follow-ups belong to the goal that owns their target, wherever they sit.
  const goalOfTarget = new Map<string, GoalExport>()
  for (const goal of goals) for (const t of goal.targets) if (t.id && !goalOfTarget.has(t.id)) goalOfTarget.set(t.id, goal)
  for (const { followUp, path } of allFollowUps) {
    const goal = followUp.targetId ? goalOfTarget.get(followUp.targetId) : undefined
    if (goal) goal.followUps.push(followUp)
    else r.report(path, followUp.targetId ? r.say.followUpTargetGone() : r.say.followUpNoTarget, followUp.id)
  }

  return { schemaVersion: SCHEMA_VERSION, plan: { ...meta }, vision: vision.join('\n\n'), focusAreas, goals, figures, problems: r.problems }
}

/** Extract a plan straight from its Y.Doc (server, exports). Never throws, never changes the Y.Doc. */
export function extractPlanFromYDoc(ydoc: Y.Doc, fallbackId = '', lang: Lang = 'da'): PlanExport {
  const { doc, problems } = yBodyToPlanNode(ydoc, lang)
  return extractPlan(doc, readPlanMeta(ydoc, fallbackId), problems, lang)
}
