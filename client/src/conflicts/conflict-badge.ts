import type { Node as PMNode } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'
import { sameFieldValue, toFieldValue, type Conflict, type FieldValue } from '../../../schema'
import { h, uid } from '../editor/nodeviews/dom'
import { lang, t } from '../i18n/lang.svelte'
import { conflictContext } from './conflict-plugin'
import { attrLabel, fieldValueText } from './field-text'

// The conflict badge inside a target or follow-up node view (plain DOM, like
// the node views): every value written, who wrote it and when, and for those
// who may edit one button per value.

const when = (iso: string): string => {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang.code === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' })
}

/**
 * Choose `value` for a conflict's field. The value the document holds now is
 * kept through the server (nothing to change in the document); any other is
 * set by an ordinary transaction, so Ctrl+Z undoes it and the server, seeing
 * a write that knew the kept value, marks the conflict resolved.
 */
export function pickConflictValue(view: EditorView, getPos: () => number | undefined, node: PMNode, c: Conflict, value: FieldValue): void {
  const ctx = conflictContext(view.state)
  if (!ctx?.mayPick) return
  if (sameFieldValue(toFieldValue(node.attrs[c.field]), value)) return ctx.keep(c, value)
  const pos = getPos()
  if (pos === undefined) return
  view.dispatch(view.state.tr.setNodeAttribute(pos, c.field, value))
  ctx.picked(c, value)
}

/** The badge of one target or follow-up; hidden while it has no open conflict. */
export class ConflictBadge {
  readonly dom: HTMLElement
  private drawn = ''

  constructor(
    private readonly nodeType: string,
    private readonly onPick: (c: Conflict, value: FieldValue) => void
  ) {
    this.dom = h('div', { class: 'conflict-box', hidden: true })
  }

  /** Draw these conflicts (none: hide); `current` reads the field's value in the document now. */
  update(conflicts: readonly Conflict[], mayPick: boolean, current: (field: string) => FieldValue): void {
    const key = JSON.stringify([lang.code, mayPick, conflicts.map((c) => [c.id, c.kept, c.lost, current(c.field)])])
    if (key === this.drawn) return
    this.drawn = key
    this.dom.hidden = conflicts.length === 0
    this.dom.replaceChildren(...conflicts.map((c) => this.draw(c, mayPick, current(c.field))))
  }

  private draw(c: Conflict, mayPick: boolean, now: FieldValue): HTMLElement {
    const s = t()
    const field = attrLabel(this.nodeType, c.field, s)
    const titleId = uid('conflict')
    const values: Conflict['kept'][] = [c.kept]
    for (const v of c.lost) if (!values.some((x) => sameFieldValue(x.value, v.value))) values.push(v)
    const items = values.map((v) => {
      const text = fieldValueText(c.field, v.value, s, lang.code)
      const isNow = sameFieldValue(v.value, now)
      const li = h(
        'li',
        { class: isNow ? 'conflict-value current' : 'conflict-value' },
        h('strong', { class: 'conflict-value-text' }, text),
        ' ',
        h('span', { class: 'conflict-who' }, s.history.writtenBy(v.by, when(v.at)))
      )
      if (isNow) li.append(' ', h('span', { class: 'conflict-current' }, `(${s.history.current})`))
      if (mayPick) {
        const button = h(
          'button',
          { type: 'button', class: 'btn btn-small conflict-pick', 'aria-label': s.history.chooseFor(text, field) },
          s.history.choose(text)
        )
        button.addEventListener('click', () => this.onPick(c, v.value))
        li.append(' ', button)
      }
      return li
    })
    return h(
      'div',
      { class: 'conflict', role: 'group', 'aria-labelledby': titleId, 'data-conflict': c.id, 'data-field': c.field },
      h('p', { class: 'conflict-title', id: titleId }, h('span', { 'aria-hidden': 'true' }, '⚠ '), s.history.conflictLabel(field)),
      h('p', { class: 'conflict-hint' }, mayPick ? s.history.conflictHint : s.history.conflictHintReader),
      h('ul', { class: 'conflict-values' }, ...items)
    )
  }
}
