import type { Node as PMNode } from 'prosemirror-model'
import type { EditorView, NodeView } from 'prosemirror-view'
import { GOAL_COLUMNS } from '../../../../schema'
import { deleteGoal, insertGoal, moveGoal, orderedGoals } from '../../../../schema/editing'
import { lang, t, withoutShortcut } from '../../i18n/lang.svelte'
import { tabInGoalTable } from '../goal-table-tab'
import { commentActions } from '../../comments/comment-actions'
import { bodyEditable } from '../read-only'
import { commentButton, copyOf, h, nameCommentButton } from './dom'
import { PlanNodeView, type GetPos } from './plan-node-view'

// A goal table is shown as an ARIA table built from divs: rows are ordered
// on screen by their `order` attribute (CSS order), because a move writes
// that attribute instead of moving the row in the document.

/** The goal table: column headers, the rows, and an "add goal" button. */
export class GoalTableView extends PlanNodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement
  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    super(node, view, getPos)
    const header = h(
      'div',
      { class: 'goal-header', role: 'row' },
      ...GOAL_COLUMNS.map((c) => h('div', { role: 'columnheader', class: 'goal-colhead' }, t().columns[c]!)),
      h(
        'div',
        { role: 'columnheader', class: 'goal-colhead goal-controls-head', hidden: !view.editable },
        h('span', { class: 'sr-only' }, t().pages.rowControls)
      )
    )
    this.contentDOM = h('div', { class: 'goal-rows', role: 'rowgroup' })
    // Tab from a control inside the rows (Tab from a cell's text is goalTableTabPlugin's).
    this.contentDOM.addEventListener('keydown', (e) => {
      if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey || !(e.target instanceof HTMLElement) || e.target.isContentEditable) return
      // Who may only read or comment tabs through the buttons as the page orders them: moving the
      // caret into cells would drop the text they selected to comment on.
      if (!bodyEditable(this.view)) return
      if (tabInGoalTable(this.view, this.contentDOM, e.target, e.shiftKey)) e.preventDefault()
    })
    const add = h(
      'button',
      { type: 'button', class: 'btn btn-small', title: t().addGoal, 'aria-keyshortcuts': 'Control+Alt+Enter' },
      `+ ${withoutShortcut(t().addGoal)}`
    )
    add.addEventListener('click', () => this.addGoal())
    const footer = h('div', { class: 'goal-footer', contenteditable: 'false' }, add)
    if (!bodyEditable(view)) footer.hidden = true
    // The footer sits outside the ARIA table: a table may only hold rows.
    const table = h(
      'div',
      { role: 'table', 'aria-label': withoutShortcut(t().insertGoalTable) },
      h('div', { role: 'rowgroup', contenteditable: 'false' }, header),
      this.contentDOM
    )
    this.dom = h('div', { class: 'goal-table' }, table, footer)
    this.render()
  }

  private addGoal(): void {
    const pos = this.getPos()
    if (pos === undefined) return
    const tr = insertGoal(this.view.state, pos)
    if (tr) {
      this.view.dispatch(tr.scrollIntoView())
      this.view.focus()
    }
  }

  /** Put each row's DOM at its display place. Runs after ProseMirror has redrawn the rows. */
  protected render(): void {
    queueMicrotask(() => {
      const rows = orderedGoals(this.node)
      const rank = new Map(rows.map((r, i) => [r.index, i]))
      Array.from(this.contentDOM.children).forEach((el, i) => {
        const r = rank.get(i) ?? i
        ;(el as HTMLElement).style.order = String(r)
        el.setAttribute('aria-rowindex', String(r + 2))
      })
    })
  }

  ignoreMutation(m: MutationRecord | { type: 'selection' }): boolean {
    return (
      m.type === 'attributes' &&
      (m as MutationRecord).target !== this.contentDOM &&
      ((m as MutationRecord).attributeName === 'style' || (m as MutationRecord).attributeName === 'aria-rowindex')
    )
  }

  stopEvent(e: Event): boolean {
    return (e.target as HTMLElement).closest?.('.goal-footer') !== null
  }
}

/** One goal row with move and delete controls. */
export class GoalView extends PlanNodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement
  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    super(node, view, getPos)
    this.dom = copyOf(`goal ${lang.code}`, () => {
      const s = t()
      return h(
        'div',
        { class: 'goal', role: 'row' },
        h('div', { class: 'goal-cells', role: 'none' }),
        h(
          'div',
          { class: 'goal-controls', role: 'cell', contenteditable: 'false' },
          h('button', { type: 'button', class: 'btn-icon', title: s.moveUp, 'aria-label': s.moveUp }, '↑'),
          h('button', { type: 'button', class: 'btn-icon', title: s.moveDown, 'aria-label': s.moveDown }, '↓'),
          h('button', { type: 'button', class: 'btn-icon danger', title: s.removeGoal, 'aria-label': s.removeGoal }, '✕')
        )
      )
    })
    this.dom.setAttribute('data-id', String(node.attrs.id ?? ''))
    this.contentDOM = this.dom.firstElementChild as HTMLElement
    const controls = this.dom.lastElementChild as HTMLElement
    const [up, down, del] = Array.from(controls.children)
    up!.addEventListener('click', () => this.move(-1))
    down!.addEventListener('click', () => this.move(1))
    del!.addEventListener('click', () => this.remove())
    if (!bodyEditable(view)) controls.hidden = true
  }

  private place(): { tablePos: number; index: number } | null {
    const pos = this.getPos()
    if (pos === undefined) return null
    const $pos = this.view.state.doc.resolve(pos)
    const tablePos = $pos.before()
    const table = this.view.state.doc.nodeAt(tablePos)
    if (!table) return null
    const index = orderedGoals(table).findIndex((r) => tablePos + 1 + r.offset === pos)
    return { tablePos, index }
  }

  private move(delta: number): void {
    const p = this.place()
    if (!p) return
    const tr = moveGoal(this.view.state, p.tablePos, p.index, p.index + delta)
    if (tr) this.view.dispatch(tr)
  }

  private remove(): void {
    const p = this.place()
    if (!p || !window.confirm(t().confirmRemoveGoal)) return
    const tr = deleteGoal(this.view.state, p.tablePos, p.index)
    if (tr) this.view.dispatch(tr)
  }

  protected render(): void {
    this.dom.dataset.id = String(this.node.attrs.id ?? '')
  }

  ignoreMutation(m: MutationRecord | { type: 'selection' }): boolean {
    return m.type === 'attributes' && (m as MutationRecord).target === this.dom
  }

  stopEvent(e: Event): boolean {
    return (e.target as HTMLElement).closest?.('.goal-controls') !== null
  }
}

/**
 * A cell of a goal row, labelled with its column for screen readers and
 * narrow screens. The title cell carries the row's "comment on this goal"
 * button, first in the row, so a keyboard user reaches it before the row's
 * targets and follow-ups (issue #15).
 */
export class GoalCellView implements NodeView {
  dom: HTMLElement
  contentDOM: HTMLElement
  private readonly comment: HTMLButtonElement | null = null
  constructor(
    private node: PMNode,
    private readonly view?: EditorView,
    private readonly getPos?: GetPos
  ) {
    const column = String(node.attrs.column)
    this.dom = copyOf(`goal-cell ${column} ${lang.code}`, () =>
      h(
        'div',
        { class: `goal-cell col-${column}`, role: 'cell', 'data-column': column },
        h('div', { class: 'goal-cell-label', contenteditable: 'false', 'aria-hidden': 'true' }, t().columns[column] ?? column),
        h('div', { class: 'goal-cell-content' })
      )
    )
    this.contentDOM = this.dom.lastElementChild as HTMLElement
    if (column === 'title' && view && getPos && commentActions(view.state)?.canComment) {
      this.comment = commentButton('goal', () => this.commentOnGoal())
      this.contentDOM.before(h('div', { class: 'node-comment goal-comment', contenteditable: 'false' }, this.comment))
      this.nameButton()
    }
    this.dom.style.order = String(Math.max(0, GOAL_COLUMNS.indexOf(column as (typeof GOAL_COLUMNS)[number])))
  }

  private nameButton(): void {
    if (this.comment) nameCommentButton(this.comment, t().nodeComments.commentOn(t().nodeComments.kinds.goal!, this.node.textContent.trim() || '…'))
  }

  private commentOnGoal(): void {
    const pos = this.getPos?.()
    if (!this.view || pos === undefined) return
    const goalPos = this.view.state.doc.resolve(pos).before()
    commentActions(this.view.state)?.onComment?.({ type: 'goal', pos: goalPos, quote: this.node.textContent.trim(), origin: this.comment })
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type || node.attrs.column !== this.node.attrs.column) return false
    this.node = node
    this.nameButton()
    return true
  }

  stopEvent(e: Event): boolean {
    return this.comment !== null && e.target === this.comment
  }

  ignoreMutation(m: MutationRecord | { type: 'selection' }): boolean {
    return m.type !== 'selection' && this.comment !== null && this.comment.parentElement!.contains((m as MutationRecord).target)
  }
}
