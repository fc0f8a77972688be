import type { Node as PMNode } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'
import { formatNumber, parseNumber, planSchema, targetGroupFromLabel, targetGroupLabel } from '../../../../schema'
import { lang, t } from '../../i18n/lang.svelte'
import { commentActions } from '../../comments/comment-actions'
import { bodyEditable } from '../read-only'
import { commentButton, h, nameCommentButton } from './dom'
import { PlanNodeView, type GetPos } from './plan-node-view'

const s = planSchema

/**
 * The måltal table, edited as a grid of inputs: numbers only in value cells
 * (refused at the field otherwise), labels for rows and columns, rows and
 * columns added and removed with buttons. Each cell is its own Yjs element,
 * so two people typing in different cells never overwrite each other.
 */
export class FiguresTableView extends PlanNodeView {
  readonly dom: HTMLElement
  private readonly table: HTMLTableElement
  private readonly caption: HTMLInputElement
  private readonly status: HTMLElement

  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    super(node, view, getPos)
    this.caption = h('input', { type: 'text', class: 'figures-caption', 'aria-label': t().figures })
    this.caption.addEventListener('change', () => this.setAttribute('caption', this.caption.value))
    this.table = h('table', { class: 'figures-grid' })
    this.status = h('p', { class: 'field-error', role: 'alert' })
    const addRow = h('button', { type: 'button', class: 'btn btn-small' }, `+ ${t().addRow}`)
    const addCol = h('button', { type: 'button', class: 'btn btn-small' }, `+ ${t().addColumn}`)
    addRow.addEventListener('click', () => this.addRow())
    addCol.addEventListener('click', () => this.addColumn())
    const buttons = h('div', { class: 'figures-buttons' }, addRow, addCol)
    if (!bodyEditable(view)) buttons.hidden = true
    this.dom = h('div', { class: 'figures-table', contenteditable: 'false' }, this.caption, this.table, this.status, buttons)
    // Changes that arrived while someone was typing here are drawn when they leave.
    this.dom.addEventListener('focusout', () =>
      setTimeout(() => {
        if (this.pending) this.render()
      })
    )
    this.render()
  }

  private width(): number {
    let w = 0
    this.node.forEach((r) => {
      if (r.type.name === 'figures_head' && w === 0) w = r.childCount
    })
    this.node.forEach((r) => {
      w = Math.max(w, r.childCount)
    })
    return w
  }

  /** Absolute position of child `row` (and of its child `cell`, if given). */
  private posOf(row: number, cell?: number): number {
    let pos = this.getPos()! + 1
    for (let i = 0; i < row; i++) pos += this.node.child(i).nodeSize
    if (cell === undefined) return pos
    pos += 1
    const r = this.node.child(row)
    for (let i = 0; i < cell; i++) pos += r.child(i).nodeSize
    return pos
  }

  /** Set an attribute of the row or cell at `pos`. */
  private setAttr(pos: number, name: string, value: unknown): void {
    this.view.dispatch(this.view.state.tr.setNodeAttribute(pos, name, value))
  }

  private headIndex(): number {
    let idx = -1
    this.node.forEach((r, _o, i) => {
      if (idx < 0 && r.type.name === 'figures_head') idx = i
    })
    return idx
  }

  private addRow(): void {
    const row = s.node(
      'figures_row',
      { label: '' },
      Array.from({ length: Math.max(1, this.width()) }, () => s.node('figures_cell'))
    )
    this.view.dispatch(this.view.state.tr.insert(this.getPos()! + this.node.nodeSize - 1, row))
  }

  private addColumn(): void {
    const tr = this.view.state.tr
    let head = this.headIndex()
    if (head < 0) {
      tr.insert(
        this.getPos()! + 1,
        s.node(
          'figures_head',
          null,
          Array.from({ length: this.width() }, () => s.node('figures_label', { text: '' }))
        )
      )
      head = 0
    }
    // Back to front so earlier positions stay valid.
    const table = tr.doc.nodeAt(this.getPos()!)!
    const ends: Array<{ pos: number; head: boolean }> = []
    let pos = this.getPos()! + 1
    table.forEach((r) => {
      ends.push({ pos: pos + r.nodeSize - 1, head: r.type.name === 'figures_head' })
      pos += r.nodeSize
    })
    for (const e of ends.reverse())
      tr.insert(e.pos, e.head ? s.node('figures_label', { text: `${t().columnLabel} ${this.width() + 1}` }) : s.node('figures_cell'))
    this.view.dispatch(tr)
  }

  private removeRow(index: number): void {
    const from = this.posOf(index)
    this.view.dispatch(this.view.state.tr.delete(from, from + this.node.child(index).nodeSize))
  }

  private removeColumn(col: number): void {
    const tr = this.view.state.tr
    for (let r = this.node.childCount - 1; r >= 0; r--) {
      if (this.node.child(r).childCount <= col) continue
      const from = this.posOf(r, col)
      tr.delete(from, from + this.node.child(r).child(col).nodeSize)
    }
    this.view.dispatch(tr)
  }

  private numberInput(value: unknown, label: string, onValue: (v: number | null) => void): HTMLInputElement {
    const input = h('input', { type: 'text', inputmode: 'decimal', 'aria-label': label, class: 'figures-number' })
    input.value = typeof value === 'number' ? formatNumber(value, 'da') : ''
    input.addEventListener('change', () => {
      const text = input.value.trim()
      const n = text === '' ? null : parseNumber(text)
      if (n === null && text !== '') {
        input.setAttribute('aria-invalid', 'true')
        this.status.textContent = `${label}: ${t().notANumber}`
        return
      }
      input.removeAttribute('aria-invalid')
      this.status.textContent = ''
      onValue(n)
    })
    return input
  }

  protected render(): void {
    const active = document.activeElement
    if (active instanceof HTMLInputElement && this.dom.contains(active)) {
      // Do not pull the field out from under the person typing; redraw when they leave it.
      // (Only fields: after a click on "add row" the new row must show at once.)
      this.pending = true
      return
    }
    this.pending = false
    const editable = bodyEditable(this.view)
    const actions = commentActions(this.view.state)
    this.caption.value = String(this.node.attrs.caption ?? '')
    this.caption.readOnly = !editable
    const width = this.width()
    const headIdx = this.headIndex()
    const labels: string[] = []
    if (headIdx >= 0) this.node.child(headIdx).forEach((l) => labels.push(String(l.attrs.text)))
    const thead = h('thead')
    const headRow = h('tr', {}, h('th', { scope: 'col' }, t().rowLabel))
    for (let c = 0; c < width; c++) {
      const input = h('input', { type: 'text', 'aria-label': `${t().columnLabel} ${c + 1}`, readonly: !editable })
      input.value = labels[c] ?? ''
      input.addEventListener('change', () => {
        if (headIdx >= 0 && c < this.node.child(headIdx).childCount) this.setAttr(this.posOf(headIdx, c), 'text', input.value)
      })
      const del = h('button', { type: 'button', class: 'btn-icon danger', 'aria-label': `${t().removeColumn} ${labels[c] ?? c + 1}`, hidden: !editable }, '✕')
      del.addEventListener('click', () => this.removeColumn(c))
      headRow.append(h('th', { scope: 'col' }, input, del))
    }
    thead.append(headRow)
    const tbody = h('tbody')
    this.node.forEach((row, _o, r) => {
      if (row.type.name !== 'figures_row') return
      // A known target group shows as its label and is stored as its code (issue #15).
      const shown = targetGroupLabel(String(row.attrs.label ?? ''), lang.code)
      const label = h('input', { type: 'text', 'aria-label': `${t().rowLabel} ${r}`, readonly: !editable })
      label.value = shown
      label.addEventListener('change', () => this.setAttr(this.posOf(r), 'label', targetGroupFromLabel(label.value)))
      const del = h('button', { type: 'button', class: 'btn-icon danger', 'aria-label': `${t().removeRow} ${shown}`, hidden: !editable }, '✕')
      del.addEventListener('click', () => this.removeRow(r))
      const tr = h('tr', {}, h('th', { scope: 'row' }, label, del))
      for (let c = 0; c < width; c++) {
        const cell = c < row.childCount ? row.child(c) : null
        const input = this.numberInput(cell?.attrs.value ?? null, `${shown || t().rowLabel} – ${labels[c] ?? c + 1}`, (v) => {
          if (cell) this.setAttr(this.posOf(r, c), 'value', v)
        })
        input.readOnly = !editable || !cell
        const td = h('td', {}, input)
        if (cell && actions?.canComment) {
          // A comment on one number (issue #15): "Kontanthjælp – Måltal 2019".
          // Named "row, column", not as the field is ("row – column"), so the two names never contain each other.
          const row = shown || t().rowLabel
          const col = labels[c] ?? String(c + 1)
          const b = commentButton('figures_cell', () =>
            actions.onComment?.({ type: 'figures_cell', pos: this.posOf(r, c), quote: `${row}, ${col}: ${input.value || '–'}`, origin: b })
          )
          nameCommentButton(b, t().nodeComments.commentOn(t().nodeComments.kinds.figures_cell!, `${row}, ${col}`))
          td.append(b)
        }
        tr.append(td)
      }
      tbody.append(tr)
    })
    this.table.replaceChildren(thead, tbody)
  }

  private pending = false

  stopEvent(): boolean {
    return true
  }

  ignoreMutation(): boolean {
    return true
  }

  destroy(): void {
    this.pending = false
  }
}
