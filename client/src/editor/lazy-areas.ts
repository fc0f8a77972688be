import type { Node as PMNode } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { GetPos } from './nodeviews/plan-node-view'

// A large plan draws its focus areas lazily (issue #17). Building the DOM of
// a 200-page plan with its goal tables was the biggest part of opening it
// that grows with the plan; the browser skipped laying out what is off
// screen already (`content-visibility`), but not building it. So a focus
// area far from the viewport is drawn as its plain text (so the page's find
// and the scrollbar still see it) until it comes near: then it is drawn as
// ProseMirror draws it and stays drawn.
//
// ProseMirror draws a node's content only when its node view has a
// `contentDOM`; the plain-text view has none. Which areas are drawn in full
// is editor state, told to the node views by a node decoration (a change
// of it makes ProseMirror call `update`, which answers false, so the area is
// drawn again by a new view): areas revealed so far, and always the ones the
// selection's ends are in, so the caret, typing, undo and every "go to" that
// sets the selection never land in plain text.

interface LazyState {
  /** Ids of the focus areas drawn in full (they stay drawn). */
  revealed: ReadonlySet<string>
  /** Every area drawn in full (for printing). */
  all: boolean
}

export const lazyAreasKey = new PluginKey<LazyState>('lazyAreas')

type Reveal = { ids: string[] } | { all: true }

/** How far outside the window an area is drawn in full, so scrolling rarely shows its plain text. */
const NEAR = '1500px 0px'

/** Areas drawn in full as the plan opens: those that begin within this many positions of its start (the first screens). */
const OPEN_DRAWN = 20_000

const LIVE = { lazyLive: true }

/**
 * Height per character of text of a focus area, drawn at 1280 px: 0.49 px
 * in the 200-page plan's areas (goal tables), 0.67–0.89 px in prose. It
 * sizes an area the browser has not laid out yet (`contain-intrinsic-size`;
 * once laid out, its real height is remembered): with the stylesheet's flat
 * 900 px the 200-page plan measured 31,426 px instead of 164,043 px, so its
 * scrollbar and every jump were far off.
 */
const PX_PER_CHARACTER = 0.6

/** Whether this view draws its focus areas lazily. */
export function drawsLazily(state: EditorState): boolean {
  return lazyAreasKey.get(state) !== undefined
}

/** The plugin: which areas are drawn in full, as node decorations the focus area view reads. */
export function lazyAreasPlugin(doc: PMNode): Plugin<LazyState> {
  const first = new Set<string>()
  doc.forEach((node, offset) => {
    if (offset < OPEN_DRAWN && node.type.name === 'focus_area' && typeof node.attrs.id === 'string') first.add(node.attrs.id)
  })
  return new Plugin<LazyState>({
    key: lazyAreasKey,
    state: {
      init: () => ({ revealed: first, all: false }),
      apply(tr: Transaction, value: LazyState): LazyState {
        const reveal = tr.getMeta(lazyAreasKey) as Reveal | undefined
        if (!reveal) return value
        if ('all' in reveal) return { ...value, all: true }
        const fresh = reveal.ids.filter((id) => !value.revealed.has(id))
        return fresh.length ? { ...value, revealed: new Set([...value.revealed, ...fresh]) } : value
      }
    },
    props: {
      decorations(state) {
        const lazy = lazyAreasKey.getState(state)!
        const { from, to } = state.selection
        const live: Decoration[] = []
        state.doc.forEach((node, pos) => {
          if (node.type.name !== 'focus_area') return
          const end = pos + node.nodeSize
          const id = node.attrs.id as unknown
          const holdsSelection = (from > pos && from < end) || (to > pos && to < end)
          if (lazy.all || holdsSelection || typeof id !== 'string' || lazy.revealed.has(id)) live.push(Decoration.node(pos, end, {}, LIVE))
        })
        return DecorationSet.create(state.doc, live)
      }
    },
    view(view) {
      const printAll = () => revealAll(view)
      window.addEventListener('beforeprint', printAll)
      return { destroy: () => window.removeEventListener('beforeprint', printAll) }
    }
  })
}

/** Draw every focus area in full (before printing: the printout must hold the whole plan). */
export function revealAll(view: EditorView): void {
  if (!drawsLazily(view.state) || lazyAreasKey.getState(view.state)!.all) return
  view.dispatch(view.state.tr.setMeta(lazyAreasKey, { all: true } satisfies Reveal).setMeta('addToHistory', false))
}

/**
 * Draw the focus area holding `pos` in full, now: before reading the DOM
 * there (`coordsAtPos`, `domAtPos`, `nodeDOM`) without moving the selection.
 */
export function revealAt(view: EditorView, pos: number): void {
  if (!drawsLazily(view.state)) return
  const doc = view.state.doc
  const at = Math.max(0, Math.min(pos, doc.content.size))
  const index = doc.resolve(at).index(0)
  const area = index < doc.childCount ? doc.child(index) : null
  const id = area?.type.name === 'focus_area' ? (area.attrs.id as unknown) : null
  if (typeof id === 'string') reveal(view, [id])
}

function reveal(view: EditorView, ids: string[]): void {
  const revealed = lazyAreasKey.getState(view.state)?.revealed
  if (!revealed || ids.every((id) => revealed.has(id))) return
  view.dispatch(view.state.tr.setMeta(lazyAreasKey, { ids } satisfies Reveal).setMeta('addToHistory', false))
}

/** One observer per view: the areas drawn as text tell it when they come near the window. */
const observers = new WeakMap<EditorView, IntersectionObserver>()

function observerOf(view: EditorView): IntersectionObserver {
  let observer = observers.get(view)
  if (!observer) {
    observer = new IntersectionObserver(
      (entries) => {
        const ids = entries.filter((e) => e.isIntersecting).map((e) => (e.target as HTMLElement).dataset.id ?? '')
        // Once the view is gone (the page left the plan) there is nothing to draw.
        if (ids.length && !view.isDestroyed) reveal(view, ids.filter(Boolean))
      },
      { rootMargin: NEAR }
    )
    observers.set(view, observer)
  }
  return observer
}

const isLive = (decorations: readonly Decoration[]): boolean => decorations.some((d) => (d.spec as { lazyLive?: boolean }).lazyLive === true)

/**
 * A focus area in a large plan: drawn as ProseMirror draws it (the schema's
 * `section`, its content inside) when its decoration says so, else as its
 * plain text in the same `section`, which ProseMirror treats as a leaf.
 */
export class FocusAreaView implements NodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement | null
  private readonly live: boolean
  private node: PMNode
  private text: HTMLElement | null = null
  /** Set while drawn as text: the view whose observer watches this area. */
  private view: EditorView | null = null

  constructor(node: PMNode, view: EditorView, _getPos: GetPos, decorations: readonly Decoration[]) {
    this.node = node
    this.live = isLive(decorations)
    const dom = document.createElement('section')
    dom.className = 'focus-area'
    dom.dataset.node = 'focus_area'
    dom.dataset.id = (node.attrs.id as string | null) ?? ''
    this.dom = dom
    if (this.live) {
      this.contentDOM = dom
      this.estimateHeight(node.textContent.length)
      return
    }
    this.contentDOM = null
    dom.classList.add('drawn-later')
    this.text = document.createElement('div')
    this.text.className = 'focus-area-text'
    dom.appendChild(this.text)
    this.writeText()
    this.view = view
    observerOf(view).observe(dom)
  }

  private writeText(): void {
    const text = this.node.textBetween(0, this.node.content.size, '\n', ' ')
    this.text!.textContent = text
    this.estimateHeight(text.length)
  }

  /** The height the browser assumes until it lays the area out (it then remembers the real one). */
  private estimateHeight(characters: number): void {
    this.dom.style.containIntrinsicSize = `auto ${Math.max(200, Math.round(characters * PX_PER_CHARACTER))}px`
  }

  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    if (node.type !== this.node.type || isLive(decorations) !== this.live) return false
    const id = (node.attrs.id as string | null) ?? ''
    if (this.dom.dataset.id !== id) this.dom.dataset.id = id
    const changed = node !== this.node
    this.node = node
    if (!this.live && changed) this.writeText()
    return true
  }

  /** The plain text is ours, not the document's: ProseMirror must not read it back (as for any leaf, the selection it still reads). */
  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: globalThis.Node }): boolean {
    return !this.live && mutation.type !== 'selection'
  }

  destroy(): void {
    if (this.view) observers.get(this.view)?.unobserve(this.dom)
  }
}

/**
 * Scroll a part of the plan into view and keep it there while the focus
 * areas around it are drawn and laid out. In a large plan an area's height
 * is an estimate until it is laid out (`content-visibility`) or drawn in
 * full, so the first scroll's target moves as the areas it passed settle
 * (seen: 7,000 px off in a 60-page plan); the browser's scroll anchoring
 * does not follow it. So it is scrolled again in every frame in which it
 * moved, until it stayed put for ten frames (at most three seconds), or
 * the person scrolls, types or clicks themselves.
 */
export function scrollIntoViewSteadily(element: Element, block: ScrollLogicalPosition = 'center'): void {
  element.scrollIntoView({ block })
  let top = element.getBoundingClientRect().top
  let still = 0
  let stopped = false
  const until = performance.now() + 3000
  const stop = () => {
    stopped = true
    for (const type of STOPPERS) window.removeEventListener(type, stop, true)
  }
  for (const type of STOPPERS) window.addEventListener(type, stop, { capture: true, passive: true })
  const check = () => {
    if (stopped || !element.isConnected) return stop()
    const now = element.getBoundingClientRect().top
    if (Math.abs(now - top) > 1) {
      element.scrollIntoView({ block })
      top = element.getBoundingClientRect().top
      still = 0
    } else still++
    if (still < 10 && performance.now() < until) requestAnimationFrame(check)
    else stop()
  }
  requestAnimationFrame(check)
}

/** What the person does that ends a steady scroll: they take over. */
const STOPPERS = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const
