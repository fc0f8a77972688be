import { Plugin, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { bodyEditable } from './read-only'

// Tab and Shift+Tab in a goal table go from cell to cell as in a word
// processor's table, visiting the controls inside a cell (a target's or a
// follow-up's edit button) and the row's move/delete buttons on the way, in
// the order shown on screen (rows are ordered by CSS, not by the DOM). At the
// ends focus leaves the table to whatever comes before or after it, so Tab
// never traps anyone in a table (issue #15). Only for those who may edit: a
// reader's or commenter's Tab keeps the text they selected to comment on.

const TABBABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])'

/** One place Tab can stop in a goal table: a cell's text, or a control. */
type Stop = { cell: HTMLElement } | { control: HTMLElement }

const shown = (el: HTMLElement): boolean => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && !el.closest('[hidden]')
const byOrder = (a: HTMLElement, b: HTMLElement) => Number(a.style.order || 0) - Number(b.style.order || 0)
const tabbablesIn = (root: ParentNode): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter(shown)

/** The Tab stops of one goal table's rows, in the order shown on screen. */
function stopsOf(rows: HTMLElement): Stop[] {
  const out: Stop[] = []
  const goals = Array.from(rows.children).filter((r): r is HTMLElement => r instanceof HTMLElement && r.classList.contains('goal'))
  for (const goal of goals.sort(byOrder)) {
    const cells = Array.from(goal.querySelectorAll<HTMLElement>(':scope > .goal-cells > .goal-cell')).sort(byOrder)
    for (const cell of cells) {
      out.push({ cell })
      for (const control of tabbablesIn(cell)) out.push({ control })
    }
    for (const control of tabbablesIn(goal.querySelector(':scope > .goal-controls') ?? document.createElement('div'))) out.push({ control })
  }
  return out
}

/** Put the cursor at the end of a cell's text and focus the editor. */
function enterCell(view: EditorView, cell: HTMLElement): void {
  const content = cell.querySelector<HTMLElement>(':scope > .goal-cell-content') ?? cell
  const $inside = view.state.doc.resolve(view.posAtDOM(content, 0))
  let end = $inside.pos
  for (let d = $inside.depth; d > 0; d--) {
    if ($inside.node(d).type.name === 'goal_cell') {
      end = $inside.end(d)
      break
    }
  }
  const $end = view.state.doc.resolve(end)
  const selection = TextSelection.findFrom($end, -1, true) ?? TextSelection.near($end)
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView())
  view.focus()
}

/** Focus the first tabbable element after (or the last before) `table`, outside it. False when there is none. */
function leave(table: HTMLElement, backwards: boolean): boolean {
  const all = tabbablesIn(document).filter((el) => !table.contains(el) && !el.contains(table))
  const after = (el: HTMLElement) => (table.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
  const target = backwards ? all.filter((el) => !after(el)).at(-1) : all.find(after)
  if (!target) return false
  target.focus()
  return true
}

/**
 * Move one Tab stop from `from` (a cell whose text holds the cursor, or a
 * focused control) within the goal table whose rows are `rows`. True when
 * the key was used (the caller prevents the browser's own move).
 */
export function tabInGoalTable(view: EditorView, rows: HTMLElement, from: HTMLElement, backwards: boolean): boolean {
  const stops = stopsOf(rows)
  const at = stops.findIndex((s) => ('cell' in s ? s.cell === from : s.control === from))
  if (at < 0) return false
  const next = stops[at + (backwards ? -1 : 1)]
  if (!next) return leave(rows, backwards)
  if ('cell' in next) enterCell(view, next.cell)
  else next.control.focus()
  return true
}

/** Tab from the text of a goal cell (the editor has the focus; controls are handled by the table's node view). */
export function goalTableTabPlugin(): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view, event) {
        if (event.key !== 'Tab' || event.ctrlKey || event.altKey || event.metaKey) return false
        // Readers and commenters: the browser's own order, which keeps their selection (see goal-table.ts).
        if (!bodyEditable(view)) return false
        const { node } = view.domAtPos(view.state.selection.head)
        const cell = (node instanceof HTMLElement ? node : node.parentElement)?.closest<HTMLElement>('.goal-cell')
        const rows = cell?.closest<HTMLElement>('.goal-rows')
        if (!cell || !rows) return false
        if (!tabInGoalTable(view, rows, cell, event.shiftKey)) return false
        event.preventDefault()
        return true
      }
    }
  })
}
