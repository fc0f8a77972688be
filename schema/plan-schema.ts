import {
  Schema,
  type Attrs,
  type DOMOutputSpec,
  type Fragment,
  type Mark,
  type MarkSpec,
  type MarkType,
  type Node as PMNode,
  type NodeSpec,
  type NodeType
} from 'prosemirror-model'
import { safeHref } from './links'
import { GOAL_COLUMNS, isOneOf } from './vocabulary'
import type { ParsedElement as HTMLElement } from './parsed-element'

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

/** What an attribute holds. DOM parsing reads it as this kind, and a value of another kind is a problem for `extractPlan`. */
export type AttrKind = 'string' | 'number' | 'boolean'

/** A plan attribute: ProseMirror's default plus the declared kind (the value itself may still be null). */
export interface PlanAttrSpec {
  readonly kind: AttrKind
  readonly default: string | number | boolean | null
}

const str = (def: string | null = null): PlanAttrSpec => ({ kind: 'string', default: def })
const num = (def: number | null = null): PlanAttrSpec => ({ kind: 'number', default: def })
const bool = (def: boolean): PlanAttrSpec => ({ kind: 'boolean', default: def })

/**
 * Read a number as our own HTML writes it (`JSON.stringify` of a number, so
 * "1.234" is one point two three four). Anything else, "15 %" or "" included,
 * is null: the attribute keeps its declared kind, never a string.
 */
function readNumberAttr(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}

// A raw attribute value read as its declared kind (null when it is not one).
function readAttr(kind: AttrKind, raw: string): string | number | boolean | null {
  switch (kind) {
    case 'number':
      return readNumberAttr(raw)
    case 'boolean':
      return raw === 'true'
    case 'string':
      return raw
  }
}

/** Attributes of a `target` node; numbers are numbers, periods are strings like `2015-12`. */
export const TARGET_ATTRS = {
  id: str(),
  kind: str('level'),
  indicator: str(''),
  targetGroup: str(''),
  unit: str('persons'),
  baselineValue: num(),
  baselinePeriod: str(),
  targetValue: num(),
  targetPeriod: str(),
  comparator: str('<='),
  per: str(),
  done: bool(false),
  ministerGoal: str(),
  source: str('')
} as const satisfies Record<string, PlanAttrSpec>

/** Attributes of a `follow_up` node. */
export const FOLLOW_UP_ATTRS = {
  id: str(),
  targetId: str(),
  date: str(),
  value: num(),
  status: str('onTrack'),
  note: str('')
} as const satisfies Record<string, PlanAttrSpec>

const ID_ATTRS = { id: str() }
const GOAL_ATTRS = { id: str(), order: num() }
const FIGURES_TABLE_ATTRS = { id: str(), caption: str('') }
const FIGURES_ROW_ATTRS = { label: str('') }
const FIGURES_CELL_ATTRS = { value: num() }

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

// A node's attributes from its data-* attributes (as `atomToDOM` and the
// tables' toDOM write them), each read as its declared kind; absent ones are
// left out so they take their default.
function attrsFromData(spec: Readonly<Record<string, PlanAttrSpec>>) {
  return (dom: HTMLElement): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const [k, a] of Object.entries(spec)) {
      const raw = dom.getAttribute(`data-${k.toLowerCase()}`)
      if (raw !== null) out[k] = readAttr(a.kind, raw)
    }
    return out
  }
}

const nodes = {
  doc: { content: '(block | vision | focus_area)*' },

  paragraph: {
    group: 'block cell_block text_block',
    content: 'inline*',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0]
  },
  heading: {
    group: 'block text_block',
    attrs: { level: num(2) },
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
    attrs: { order: num(1) },
    parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: readNumberAttr(dom.getAttribute('start')) ?? 1 }) }],
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
    attrs: ID_ATTRS,
    defining: true,
    parseDOM: [{ tag: 'section[data-node=focus_area]', priority: 60, getAttrs: attrsFromData(ID_ATTRS) }],
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
    attrs: ID_ATTRS,
    isolating: true,
    parseDOM: [{ tag: 'table[data-node=goal_table]', priority: 60, getAttrs: attrsFromData(ID_ATTRS) }],
    toDOM: (node) => ['table', { 'data-node': 'goal_table', 'data-id': node.attrs.id ?? '', class: 'goal-table' }, ['tbody', 0]]
  },
  goal: {
    content: 'goal_cell*',
    // `order` is the row's place in its table. Moving a row changes this
    // number instead of deleting and re-inserting the row: Yjs has no move,
    // and a delete would drop whatever a peer typed into the row meanwhile.
    attrs: GOAL_ATTRS,
    isolating: true,
    parseDOM: [{ tag: 'tr[data-node=goal]', priority: 60, getAttrs: attrsFromData(GOAL_ATTRS) }],
    toDOM: (node) => ['tr', { 'data-node': 'goal', 'data-id': node.attrs.id ?? '', 'data-order': node.attrs.order === null ? '' : String(node.attrs.order) }, 0]
  },
  goal_cell: {
    content: '(cell_block | target | follow_up)*',
    attrs: { column: str('title') },
    isolating: true,
    parseDOM: [
      {
        tag: 'td[data-column]',
        priority: 60,
        getAttrs: (dom) => {
          const column = dom.getAttribute('data-column')
          return { column: isOneOf(GOAL_COLUMNS, column) ? column : 'actions' }
        }
      }
    ],
    toDOM: (node) => ['td', { 'data-column': String(node.attrs.column) }, 0]
  },

  target: {
    atom: true,
    selectable: true,
    attrs: TARGET_ATTRS,
    parseDOM: [{ tag: 'div[data-node=target]', priority: 60, getAttrs: attrsFromData(TARGET_ATTRS) }],
    toDOM: (node) => atomToDOM('div', 'target', node.attrs)
  },
  follow_up: {
    group: 'block',
    atom: true,
    selectable: true,
    attrs: FOLLOW_UP_ATTRS,
    parseDOM: [{ tag: 'div[data-node=follow_up]', priority: 60, getAttrs: attrsFromData(FOLLOW_UP_ATTRS) }],
    toDOM: (node) => atomToDOM('div', 'follow_up', node.attrs)
  },

  figures_table: {
    group: 'block',
    content: '(figures_head | figures_row)*',
    attrs: FIGURES_TABLE_ATTRS,
    isolating: true,
    parseDOM: [{ tag: 'table[data-node=figures_table]', priority: 60, getAttrs: attrsFromData(FIGURES_TABLE_ATTRS) }],
    toDOM: (node) => ['table', { 'data-node': 'figures_table', 'data-id': node.attrs.id ?? '', 'data-caption': node.attrs.caption }, ['tbody', 0]]
  },
  figures_head: {
    content: 'figures_label*',
    parseDOM: [{ tag: 'tr[data-node=figures_head]', priority: 60 }],
    toDOM: () => ['tr', { 'data-node': 'figures_head' }, 0]
  },
  figures_label: {
    atom: true,
    attrs: { text: str('') },
    parseDOM: [{ tag: 'th[data-node=figures_label]', priority: 60, getAttrs: (dom) => ({ text: (dom as HTMLElement).textContent ?? '' }) }],
    toDOM: (node) => ['th', { 'data-node': 'figures_label' }, String(node.attrs.text)]
  },
  figures_row: {
    content: 'figures_cell*',
    attrs: FIGURES_ROW_ATTRS,
    parseDOM: [{ tag: 'tr[data-node=figures_row]', priority: 60, getAttrs: attrsFromData(FIGURES_ROW_ATTRS) }],
    toDOM: (node) => ['tr', { 'data-node': 'figures_row', 'data-label': node.attrs.label }, 0]
  },
  figures_cell: {
    atom: true,
    attrs: FIGURES_CELL_ATTRS,
    parseDOM: [{ tag: 'td[data-node=figures_cell]', priority: 60, getAttrs: attrsFromData(FIGURES_CELL_ATTRS) }],
    toDOM: (node) => [
      'td',
      { 'data-node': 'figures_cell', 'data-value': node.attrs.value === null ? '' : String(node.attrs.value) },
      node.attrs.value === null ? '' : String(node.attrs.value)
    ]
  },

  text: { group: 'inline' },
  hard_break: {
    group: 'inline',
    inline: true,
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br']
  }
} satisfies Record<string, NodeSpec>

const marks = {
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
    attrs: { href: str(''), title: str() },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = safeHref((dom as HTMLElement).getAttribute('href'))
          // A refused link keeps its text: returning false drops only the mark.
          return href === null ? false : { href, title: (dom as HTMLElement).getAttribute('title') }
        }
      }
    ],
    toDOM: (mark) => {
      const href = safeHref(mark.attrs.href)
      return ['a', { href: href ?? '#', title: mark.attrs.title, rel: 'noopener noreferrer nofollow' }, 0]
    }
  }
} satisfies Record<string, MarkSpec>

/** The names of the node types of a plan. */
export type NodeName = keyof typeof nodes

/** The names of the mark types of a plan. */
export type MarkName = keyof typeof marks

/**
 * The plan schema's type: ProseMirror's `Schema<N, M>` still lets any string
 * index `nodes` and name a type in `node()`, so these are narrowed to our
 * names, and `planSchema.nodes.typo` or `planSchema.node('typo')` does not compile.
 */
export interface PlanSchema extends Schema<NodeName, MarkName> {
  readonly nodes: { readonly [name in NodeName]: NodeType }
  readonly marks: { readonly [name in MarkName]: MarkType }
  node(type: NodeName | NodeType, attrs?: Attrs | null, content?: Fragment | PMNode | readonly PMNode[], marks?: readonly Mark[]): PMNode
  mark(type: MarkName | MarkType, attrs?: Attrs | null): Mark
}

/** The ProseMirror schema of a plan, shared by client, server and tests. */
export const planSchema: PlanSchema = new Schema<NodeName, MarkName>({ nodes, marks })

/** Whether a node is of the named plan node type (the name is checked at compile time). */
export const isNode = (node: PMNode, name: NodeName): boolean => node.type.name === name

/** A plan node's type name; nodes of the plan schema have no other. */
export const nodeName = (node: PMNode): NodeName => node.type.name as NodeName

/** The declared kind of an attribute of a plan node or mark type, or null when it has no such attribute. */
export function attrKind(type: NodeType | MarkType, attr: string): AttrKind | null {
  const spec = (type.spec.attrs as Record<string, Partial<PlanAttrSpec>> | undefined)?.[attr]
  return spec?.kind ?? null
}
