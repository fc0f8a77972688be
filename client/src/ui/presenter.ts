import type { EditorView } from 'prosemirror-view'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import { presencePresenting, presenceUser } from '../../../schema'
import { revealAt } from '../editor/lazy-areas'

// Meeting mode's "follow the presenter" (issue #15). Whoever turns meeting
// mode on presents: their browser publishes, in its awareness, where the top
// of their screen is in the plan (a Yjs relative position, so it survives
// everyone's typing). Others who choose to follow scroll to the same place.

/** Height of the sticky top bar and toolbar: what lies under them is not "seen". */
const TOP_OFFSET = 110

type Binding = { type: Y.XmlFragment; doc: Y.Doc; binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } }
const binding = (view: EditorView) => ySyncPluginKey.getState(view.state) as Binding | undefined

/** Publish where this screen is while `presenting` returns true; returns a stop function. */
export function publishScreenTop(view: EditorView, awareness: Awareness): () => void {
  let frame = 0
  const publish = () => {
    frame = 0
    const b = binding(view)
    const box = view.dom.getBoundingClientRect()
    const hit = view.posAtCoords({ left: box.left + 20, top: Math.max(box.top, TOP_OFFSET) + 10 })
    if (!b || !hit) return
    const rel = absolutePositionToRelativePosition(hit.pos, b.type, b.binding.mapping as never)
    awareness.setLocalStateField('presenting', { at: Y.relativePositionToJSON(rel) })
  }
  const onScroll = () => {
    if (!frame) frame = requestAnimationFrame(publish)
  }
  publish()
  window.addEventListener('scroll', onScroll, { passive: true })
  return () => {
    window.removeEventListener('scroll', onScroll)
    if (frame) cancelAnimationFrame(frame)
    awareness.setLocalStateField('presenting', null)
  }
}

/** The person presenting (the lowest client id, if several), other than this browser. */
export function presenterIn(awareness: Awareness): { id: number; name: string } | null {
  const ids = Array.from(awareness.getStates().keys()).sort((a, b) => a - b)
  for (const id of ids) {
    if (id === awareness.clientID) continue
    const state = awareness.getStates().get(id) as { presenting?: unknown; user?: unknown } | undefined
    if (state && presencePresenting(state.presenting)) return { id, name: presenceUser(state.user)?.name ?? '?' }
  }
  return null
}

/** Scroll this screen to where the presenter's is; false when their place cannot be found (yet). */
export function scrollToPresenter(view: EditorView, awareness: Awareness, presenterId: number): boolean {
  const b = binding(view)
  const state = awareness.getStates().get(presenterId) as { presenting?: unknown } | undefined
  const at = presencePresenting(state?.presenting)
  if (!b || !at) return false
  const pos = relativePositionToAbsolutePosition(b.doc, b.type, Y.createRelativePositionFromJSON(at.at), b.binding.mapping as never)
  if (pos === null) return false
  const target = Math.min(pos, view.state.doc.content.size)
  revealAt(view, target)
  const coords = view.coordsAtPos(target)
  window.scrollTo({ top: window.scrollY + coords.top - TOP_OFFSET - 10 })
  return true
}
