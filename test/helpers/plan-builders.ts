// Compact plan fixtures with prosemirror-test-builder:
// `doc(focus_area(focus_title('Område'), goal_table(row('g1', 0, 'Mål<a>'))))`.
// A `<a>` (or any `<name>`) in a string marks a position, read back from
// `node.tag.a`; `stateAt` turns the marks into the selection.
import { builders, type MarkBuilder, type NodeBuilder } from 'prosemirror-test-builder'
import type { Node as PMNode } from 'prosemirror-model'
import { EditorState, NodeSelection, TextSelection, type Command } from 'prosemirror-state'
import { planSchema, type NodeName } from '../../schema'

const b = builders(planSchema, {
  p: { nodeType: 'paragraph' },
  h2: { nodeType: 'heading', level: 2 },
  h3: { nodeType: 'heading', level: 3 },
  ul: { nodeType: 'bullet_list' },
  ol: { nodeType: 'ordered_list' },
  li: { nodeType: 'list_item' },
  titleCell: { nodeType: 'goal_cell', column: 'title' },
  actionsCell: { nodeType: 'goal_cell', column: 'actions' },
  criteriaCell: { nodeType: 'goal_cell', column: 'criteria' },
  followUpCell: { nodeType: 'goal_cell', column: 'followUp' }
})

const node = (name: NodeName | 'p' | 'h2' | 'h3' | 'ul' | 'ol' | 'li' | 'titleCell' | 'actionsCell' | 'criteriaCell' | 'followUpCell'): NodeBuilder =>
  b[name] as NodeBuilder

/** A plan node with the positions its `<tag>`s marked. */
export type TaggedNode = ReturnType<NodeBuilder>

export const doc = node('doc')
export const p = node('p')
export const h2 = node('h2')
export const h3 = node('h3')
export const ul = node('ul')
export const ol = node('ol')
export const li = node('li')
export const vision = node('vision')
export const focus_area = node('focus_area')
export const focus_title = node('focus_title')
export const goal_table = node('goal_table')
export const goal = node('goal')
export const titleCell = node('titleCell')
export const actionsCell = node('actionsCell')
export const criteriaCell = node('criteriaCell')
export const followUpCell = node('followUpCell')
export const target = node('target')
export const follow_up = node('follow_up')
export const figures_table = node('figures_table')
export const strong = b.strong as MarkBuilder
export const em = b.em as MarkBuilder

/**
 * A goal row with its four cells, the title cell holding `title` (which may
 * carry tags); `criteria` goes into the Succeskriterier cell (an empty
 * paragraph if none).
 */
export const row = (id: string, order: number | null, title: string, criteria: Array<PMNode | string> = []): TaggedNode =>
  goal({ id, order }, titleCell(p(title)), actionsCell(p()), criteriaCell(...(criteria.length ? criteria : [p()])), followUpCell(p()))

/**
 * An editor state on `d` (no view): the selection runs from `<a>` to `<b>`,
 * or is the cursor at `<a>`, or selects the node starting at `<node>`.
 */
export function stateAt(d: TaggedNode): EditorState {
  const { a, b: head, node: nodePos } = d.tag
  const selection = nodePos !== undefined ? NodeSelection.create(d, nodePos) : a !== undefined ? TextSelection.create(d, a, head ?? a) : undefined
  return EditorState.create({ schema: planSchema, doc: d, selection })
}

/** What running a command gave: whether it applied, and the state after (the same state when nothing was dispatched). */
export interface CommandRun {
  applied: boolean
  dispatched: boolean
  state: EditorState
}

/** Run a command on a state as the toolbar does, capturing what it dispatches. */
export function run(command: Command, state: EditorState): CommandRun {
  let after = state
  let dispatched = false
  const applied = command(state, (tr) => {
    dispatched = true
    after = state.apply(tr)
  })
  return { applied, dispatched, state: after }
}

/** Whether a command would apply, asked the way a toolbar asks (no dispatch). */
export const canRun = (command: Command, state: EditorState): boolean => command(state)

/** A node as JSON with every string `id` replaced by "<id>", to compare structure built with fresh ids. */
export function withoutIds(n: PMNode): unknown {
  return JSON.parse(JSON.stringify(n.toJSON()), (key, value: unknown) => (key === 'id' && typeof value === 'string' ? '<id>' : value))
}
