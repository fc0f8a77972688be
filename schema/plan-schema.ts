import { Schema, type NodeSpec, type MarkSpec, type DOMOutputSpec } from 'prosemirror-model'
import { safeHref } from './links'
import { GOAL_COLUMNS, isOneOf } from './vocabulary'

// Content expressions are deliberately of the form `(a | b)*`: any sequence of
// allowed children in any order and count. Yjs merges concurrent inserts and
// deletes of siblings freely, so an expression with a fixed order or a minimum
// count ("title body", "goal+") can be broken by two valid edits merged. Such
// content is then either rejected at the top level or deleted, subtree and
// all, by y-prosemirror for every peer. Usability (an empty cell still gets a
// paragraph to type in) is restored by `repairPlugin` (schema/repair.ts), not by the schema.
//
// Attributes never use `validate`: y-prosemirror builds nodes with
// `schema.node`, which runs validators and, if one throws, deletes the Yjs
// element. Wrong values are reported by `extractPlan` as problems instead.
// Every attribute has a default so a Yjs element missing one still loads; the
// nullable ones default to null because y-prosemirror does not store nulls.

const attr = (def: unknown) => ({ default: def })

const getString = (dom: HTMLElement, name: string): string | null => dom.getAttribute(name)
const getNumber = (dom: HTMLElement, name: string): number | null => {
  const raw = dom.getAttribute(name)
  if (raw === null || raw === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}

/** Attributes of a `target` node; numbers are numbers, periods are strings like `2015-12`. */
export const TARGET_ATTRS = {
  id: attr(null),
  kind: attr('level'),
  indicator: attr(''),
  targetGroup: attr(''),
  unit: attr('persons'),
  baselineValue: attr(null),
  baselinePeriod: attr(null),
  targetValue: attr(null),
  targetPeriod: attr(null),
  comparator: attr('<='),
  per: attr(null),
  done: attr(false),
  ministerGoal: attr(null),
  source: attr('')
} as const

/** Attributes of a `follow_up` node. */
export const FOLLOW_UP_ATTRS = {
  id: attr(null),
  targetId: attr(null),
  date: attr(null),
  value: attr(null),
  status: attr('onTrack'),
  note: attr('')
} as const

// Structured atoms are serialised to HTML as data-* attributes so that copy
// and paste between plans keeps them; parseDOM reads them back.
function atomToDOM(tag: string, name: string, attrs: Record<string, unknown>): DOMOutputSpec {
  const out: Record<string, string> = { 'data-node': name }
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue
    out[`data-${k.toLowerCase()}`] = typeof v === 'string' ? v : JSON.stringify(v)
  }
  return [tag, out]
}

function atomFromDOM(spec: Record<string, { default: unknown }>) {
  return (dom: HTMLElement) => {
    const out: Record<string, unknown> = {}
    for (const [k, a] of Object.entries(spec)) {
      const name = `data-${k.toLowerCase()}`
      if (!dom.hasAttribute(name)) continue
      const def = a.default
      if (typeof def === 'boolean') out[k] = dom.getAttribute(name) === 'true'
      else if (k.endsWith('Value') || k === 'value') out[k] = getNumber(dom, name)
      else out[k] = getString(dom, name)
    }
    return out
  }
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: '(block | vision | focus_area)*' },

  paragraph: {
    group: 'block cell_block text_block',
    content: 'inline*',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0]
  },
  heading: {
    group: 'block text_block',
    attrs: { level: attr(2) },
    content: 'inline*',
    defining: true,
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: Math.min(Math.max(level, 2), 4) } })),
    toDOM: (node) => [`h${Math.min(Math.max(Number(node.attrs.level) || 2, 2), 4)}`, 0]
  },
  bullet_list: {
    group: 'block cell_block text_block',
    content: 'list_item*',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0]
  },
  ordered_list: {
    group: 'block cell_block text_block',
    content: 'list_item*',
    attrs: { order: attr(1) },
    parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: getNumber(dom as HTMLElement, 'start') ?? 1 }) }],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0])
  },
  list_item: {
    content: '(paragraph | bullet_list | ordered_list)*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0]
  },

  vision: {
    content: 'text_block*',
    defining: true,
    parseDOM: [{ tag: 'section[data-node=vision]', priority: 60 }],
    toDOM: () => ['section', { 'data-node': 'vision', class: 'vision' }, 0]
  },
  focus_area: {
    content: '(focus_title | block)*',
    attrs: { id: attr(null) },
    defining: true,
    parseDOM: [{ tag: 'section[data-node=focus_area]', priority: 60, getAttrs: (dom) => ({ id: getString(dom as HTMLElement, 'data-id') }) }],
    toDOM: (node) => ['section', { 'data-node': 'focus_area', 'data-id': node.attrs.id ?? '', class: 'focus-area' }, 0]
  },
  focus_title: {
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h2[data-node=focus_title]', priority: 60 }],
    toDOM: () => ['h2', { 'data-node': 'focus_title', class: 'focus-title' }, 0]
  },

  goal_table: {
    group: 'block',
    content: 'goal*',
    attrs: { id: attr(null) },
    isolating: true,
    parseDOM: [{ tag: 'table[data-node=goal_table]', priority: 60, getAttrs: (dom) => ({ id: getString(dom as HTMLElement, 'data-id') }) }],
    toDOM: (node) => ['table', { 'data-node': 'goal_table', 'data-id': node.attrs.id ?? '', class: 'goal-table' }, ['tbody', 0]]
  },
  goal: {
    content: 'goal_cell*',
    // `order` is the row's place in its table. Moving a row changes this
    // number instead of deleting and re-inserting the row: Yjs has no move,
    // and a delete would drop whatever a peer typed into the row meanwhile.
    attrs: { id: attr(null), order: attr(null) },
    isolating: true,
    parseDOM: [{ tag: 'tr[data-node=goal]', priority: 60, getAttrs: (dom) => ({ id: getString(dom as HTMLElement, 'data-id'), order: getNumber(dom as HTMLElement, 'data-order') }) }],
    toDOM: (node) => ['tr', { 'data-node': 'goal', 'data-id': node.attrs.id ?? '', 'data-order': node.attrs.order === null ? '' : String(node.attrs.order) }, 0]
  },
  goal_cell: {
    content: '(cell_block | target | follow_up)*',
    attrs: { column: attr('title') },
    isolating: true,
    parseDOM: [{
      tag: 'td[data-column]',
      priority: 60,
      getAttrs: (dom) => {
        const column = getString(dom as HTMLElement, 'data-column')
        return { column: isOneOf(GOAL_COLUMNS, column) ? column : 'actions' }
      }
    }],
    toDOM: (node) => ['td', { 'data-column': String(node.attrs.column) }, 0]
  },

  target: {
    atom: true,
    selectable: true,
    attrs: TARGET_ATTRS,
    parseDOM: [{ tag: 'div[data-node=target]', priority: 60, getAttrs: (dom) => atomFromDOM(TARGET_ATTRS)(dom as HTMLElement) }],
    toDOM: (node) => atomToDOM('div', 'target', node.attrs)
  },
  follow_up: {
    group: 'block',
    atom: true,
    selectable: true,
    attrs: FOLLOW_UP_ATTRS,
    parseDOM: [{ tag: 'div[data-node=follow_up]', priority: 60, getAttrs: (dom) => atomFromDOM(FOLLOW_UP_ATTRS)(dom as HTMLElement) }],
    toDOM: (node) => atomToDOM('div', 'follow_up', node.attrs)
  },

  figures_table: {
    group: 'block',
    content: '(figures_head | figures_row)*',
    attrs: { id: attr(null), caption: attr('') },
    isolating: true,
    parseDOM: [{ tag: 'table[data-node=figures_table]', priority: 60, getAttrs: (dom) => ({ id: getString(dom as HTMLElement, 'data-id'), caption: getString(dom as HTMLElement, 'data-caption') ?? '' }) }],
    toDOM: (node) => ['table', { 'data-node': 'figures_table', 'data-id': node.attrs.id ?? '', 'data-caption': node.attrs.caption }, ['tbody', 0]]
  },
  figures_head: {
    content: 'figures_label*',
    parseDOM: [{ tag: 'tr[data-node=figures_head]', priority: 60 }],
    toDOM: () => ['tr', { 'data-node': 'figures_head' }, 0]
  },
  figures_label: {
    atom: true,
    attrs: { text: attr('') },
    parseDOM: [{ tag: 'th[data-node=figures_label]', priority: 60, getAttrs: (dom) => ({ text: (dom as HTMLElement).textContent ?? '' }) }],
    toDOM: (node) => ['th', { 'data-node': 'figures_label' }, String(node.attrs.text)]
  },
  figures_row: {
    content: 'figures_cell*',
    attrs: { label: attr('') },
    parseDOM: [{ tag: 'tr[data-node=figures_row]', priority: 60, getAttrs: (dom) => ({ label: getString(dom as HTMLElement, 'data-label') ?? '' }) }],
    toDOM: (node) => ['tr', { 'data-node': 'figures_row', 'data-label': node.attrs.label }, 0]
  },
  figures_cell: {
    atom: true,
    attrs: { value: attr(null) },
    parseDOM: [{ tag: 'td[data-node=figures_cell]', priority: 60, getAttrs: (dom) => ({ value: getNumber(dom as HTMLElement, 'data-value') }) }],
    toDOM: (node) => ['td', { 'data-node': 'figures_cell', 'data-value': node.attrs.value === null ? '' : String(node.attrs.value) }, node.attrs.value === null ? '' : String(node.attrs.value)]
  },

  text: { group: 'inline' },
  hard_break: {
    group: 'inline',
    inline: true,
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br']
  }
}

const marks: Record<string, MarkSpec> = {
  strong: {
    parseDOM: [
      { tag: 'strong' },
      { tag: 'b', getAttrs: (dom) => ((dom as HTMLElement).style.fontWeight !== 'normal' ? null : false) },
      { style: 'font-weight=bold' },
      { style: 'font-weight', getAttrs: (value) => (/^(bold(er)?|[6-9]\d{2,})$/.test(value as string) ? null : false) }
    ],
    toDOM: () => ['strong', 0]
  },
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0]
  },
  link: {
    attrs: { href: attr(''), title: attr(null) },
    inclusive: false,
    parseDOM: [{
      tag: 'a[href]',
      getAttrs: (dom) => {
        const href = safeHref((dom as HTMLElement).getAttribute('href'))
        // A refused link keeps its text: returning false drops only the mark.
        return href === null ? false : { href, title: (dom as HTMLElement).getAttribute('title') }
      }
    }],
    toDOM: (mark) => {
      const href = safeHref(mark.attrs.href)
      return ['a', { href: href ?? '#', title: mark.attrs.title, rel: 'noopener noreferrer nofollow' }, 0]
    }
  }
}

/** The ProseMirror schema of a plan, shared by client, server and tests. */
export const planSchema = new Schema({ nodes, marks })

export type PlanSchema = typeof planSchema
