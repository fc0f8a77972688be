import type { Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { newId } from '../ids'
import { targetSpecToAttrs, type FollowUpSpec, type TargetSpec } from '../target-model'
import type { GoalColumn } from '../vocabulary'

// Compact builders for plan content: the demo plan, templates, the importer,
// the editor's insert commands and test fixtures all construct nodes here, so
// a goal row always has its four columns in the same order.

const s = planSchema

/** A paragraph of plain text (empty text gives an empty paragraph). */
export const buildParagraph = (text = ''): PMNode => s.node('paragraph', null, text ? [s.text(text)] : [])

/** A heading of level 2–4. */
export const buildHeading = (text: string, level = 2): PMNode => s.node('heading', { level }, text ? [s.text(text)] : [])

/** A bullet list with one paragraph per item. */
export const buildBulletList = (items: readonly string[]): PMNode =>
  s.node(
    'bullet_list',
    null,
    items.map((item) => s.node('list_item', null, [buildParagraph(item)]))
  )

/** A `target` node from a target spec; a fresh id unless the spec has one. */
export const buildTarget = (spec: TargetSpec): PMNode => s.node('target', targetSpecToAttrs(spec, spec.id ?? newId()))

/** A `follow_up` node. */
export const buildFollowUp = (spec: FollowUpSpec): PMNode =>
  s.node('follow_up', {
    id: spec.id ?? newId(),
    targetId: spec.targetId,
    date: spec.date,
    value: spec.value,
    status: spec.status,
    note: spec.note ?? ''
  })

/** What a goal row holds, column by column. */
export interface GoalSpec {
  id?: string
  title: string
  actions?: readonly string[]
  /** Free-text success criteria and measurable targets, in reading order. */
  criteria?: ReadonlyArray<string | TargetSpec>
  followUpMethod?: string
  followUps?: readonly FollowUpSpec[]
}

const cell = (column: GoalColumn, content: PMNode[]): PMNode => s.node('goal_cell', { column }, content.length ? content : [buildParagraph()])

/** A goal row with its four cells: Mål · Handlinger · Succeskriterier · Opfølgning. */
export function buildGoal(spec: GoalSpec, order: number | null = null): PMNode {
  const actions = spec.actions ?? []
  const criteria = (spec.criteria ?? []).map((c) => (typeof c === 'string' ? buildParagraph(c) : buildTarget(c)))
  const followUp = [...(spec.followUpMethod ? [buildParagraph(spec.followUpMethod)] : []), ...(spec.followUps ?? []).map(buildFollowUp)]
  return s.node('goal', { id: spec.id ?? newId(), order }, [
    cell('title', [buildParagraph(spec.title)]),
    cell('actions', actions.length > 1 ? [buildBulletList(actions)] : actions.map((a) => buildParagraph(a))),
    cell('criteria', criteria),
    cell('followUp', followUp)
  ])
}

/** An empty goal row, as the toolbar inserts it. */
export const buildEmptyGoal = (): PMNode => buildGoal({ title: '' })

/** A goal table of the given rows (at least one, so there is somewhere to type). */
export const buildGoalTable = (goals: readonly GoalSpec[], id?: string): PMNode =>
  s.node(
    'goal_table',
    { id: id ?? newId() },
    (goals.length ? goals : [{ title: '' }]).map((g, i) => buildGoal(g, i))
  )

/** The måltal table: labelled columns, one row per target group. */
export interface FiguresSpec {
  id?: string
  caption?: string
  columns: readonly string[]
  rows: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>
}

/** A figures (måltal) table. Rows shorter than the header are padded with empty cells. */
export function buildFiguresTable(spec: FiguresSpec): PMNode {
  const head = s.node(
    'figures_head',
    null,
    spec.columns.map((text) => s.node('figures_label', { text }))
  )
  const rows = spec.rows.map((row) =>
    s.node(
      'figures_row',
      { label: row.label },
      spec.columns.map((_, i) => s.node('figures_cell', { value: row.values[i] ?? null }))
    )
  )
  return s.node('figures_table', { id: spec.id ?? newId(), caption: spec.caption ?? '' }, [head, ...rows])
}

/** A focus area (fokusområde): a title, introductory text, goal tables and other blocks. */
export interface FocusAreaSpec {
  id?: string
  title: string
  intro?: readonly string[]
  goals?: readonly GoalSpec[]
  figures?: FiguresSpec
  after?: readonly PMNode[]
}

/** A focus area node. */
export function buildFocusArea(spec: FocusAreaSpec): PMNode {
  const content: PMNode[] = [s.node('focus_title', null, spec.title ? [s.text(spec.title)] : [])]
  for (const p of spec.intro ?? []) content.push(buildParagraph(p))
  if (spec.goals) content.push(buildGoalTable(spec.goals))
  if (spec.figures) content.push(buildFiguresTable(spec.figures))
  content.push(...(spec.after ?? []))
  if (content.length === 1) content.push(buildParagraph())
  return s.node('focus_area', { id: spec.id ?? newId() }, content)
}

/** The vision block: one paragraph per string. */
export const buildVision = (paragraphs: readonly string[]): PMNode =>
  s.node(
    'vision',
    null,
    (paragraphs.length ? paragraphs : ['']).map((p) => buildParagraph(p))
  )

/** A whole plan document from its top-level blocks. */
export const buildDoc = (blocks: readonly PMNode[]): PMNode => s.node('doc', null, blocks.length ? [...blocks] : [buildParagraph()])
