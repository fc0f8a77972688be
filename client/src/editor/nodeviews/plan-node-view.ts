import type { Node as PMNode } from 'prosemirror-model'
import type { EditorView, NodeView } from 'prosemirror-view'

/** Where a node view's node is now (undefined once it has left the document). */
export type GetPos = () => number | undefined

/**
 * What our node views share: the node they show, the editor view and the
 * position getter; `update` takes a node of the same type (ProseMirror
 * reuses the view, and y-prosemirror redraws peers' edits this way) and
 * redraws from it.
 */
export abstract class PlanNodeView implements NodeView {
  abstract readonly dom: HTMLElement

  constructor(
    protected node: PMNode,
    protected readonly view: EditorView,
    protected readonly getPos: GetPos
  ) {}

  /** Bring the DOM up to date with `this.node`. */
  protected abstract render(): void

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  /** Set one attribute of this node, unless it already has that value or the node is gone. */
  protected setAttribute(name: string, value: unknown): void {
    const pos = this.getPos()
    if (pos === undefined || this.node.attrs[name] === value) return
    this.view.dispatch(this.view.state.tr.setNodeAttribute(pos, name, value))
  }
}
