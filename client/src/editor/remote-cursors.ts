import { Plugin } from 'prosemirror-state'
import { yCursorPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { isPresenceColour, presenceCursor, presenceUser } from '../../../schema'
import { roomColours } from '../ui/room-colours'

// Options for y-prosemirror's yCursorPlugin. The plugin trusts every peer's
// state: it assigns `user.color` (a TypeError inside the editor's state
// update when `user` is a string or a number), reads `cursor.anchor` and
// pastes `user.color` into a style attribute. So a state is drawn only when
// it has the shape the plugin expects, and the colour is ours to check.
//
// Labels: at a meeting of seven or more, names over every caret covered the
// text people were reading. A caret's name shows while its owner types (and
// a few seconds after) and when the mouse is over the caret (issue #15).

const FALLBACK_COLOUR = '#555555'

/** How long a name stays shown after its owner last typed or moved. */
export const LABEL_SHOWN_MS = 3000

/** Whether y-prosemirror may draw this peer's cursor: not our own, and every field it reads well-formed. */
export function drawsRemoteCursor(selfId: number, clientId: number, state: unknown): boolean {
  if (selfId === clientId || typeof state !== 'object' || state === null) return false
  const { user, cursor } = state as { user?: unknown; cursor?: unknown }
  // The plugin writes into `user`: it must be an object (or absent) for that to work.
  if (user != null && (typeof user !== 'object' || Array.isArray(user))) return false
  return cursor == null || presenceCursor(cursor) !== null
}

const colourOf = (user: unknown): string => {
  const colour = (user as { color?: unknown } | null)?.color
  return isPresenceColour(colour) ? colour : FALLBACK_COLOUR
}

/**
 * Remote carets and selections in the room's colours, with names that show
 * only while their owner is active: their caret moved (awareness) or their
 * typing arrived (the document; typing in the middle of a line leaves the
 * caret's relative position, and so the awareness, unchanged). One per
 * editor: it listens to the awareness and the document.
 */
export function remoteCursorPlugins(awareness: Awareness, doc: Y.Doc): Plugin[] {
  const lastActive = new Map<number, number>()
  const timers = new Map<number, ReturnType<typeof setTimeout>>()
  let colours = roomColours(awareness.getStates())
  let root: HTMLElement | null = null

  const colourFor = (user: unknown, clientId: number): string => colours.get(clientId) ?? colourOf(user)
  const recent = (clientId: number) => Date.now() - (lastActive.get(clientId) ?? -Infinity) < LABEL_SHOWN_MS

  const cursorBuilder = (user: unknown, clientId: number): HTMLElement => {
    const colour = colourFor(user, clientId)
    const cursor = document.createElement('span')
    cursor.classList.add('remote-cursor')
    cursor.dataset.client = String(clientId)
    if (recent(clientId)) cursor.classList.add('active')
    cursor.style.borderColor = colour
    const label = document.createElement('span')
    label.classList.add('remote-cursor-label')
    label.style.backgroundColor = colour
    label.textContent = presenceUser(user)?.name ?? '?'
    cursor.append(label)
    return cursor
  }
  // Only `#rrggbb` reaches the style attribute.
  const selectionBuilder = (user: unknown, clientId: number) => ({
    style: `background-color: ${colourFor(user, clientId)}70`,
    class: 'ProseMirror-yjs-selection'
  })

  const mark = (clientId: number, active: boolean) => {
    root?.querySelectorAll(`.remote-cursor[data-client="${clientId}"]`).forEach((el) => el.classList.toggle('active', active))
  }
  const active = (id: number) => {
    if (id === awareness.clientID) return
    lastActive.set(id, Date.now())
    mark(id, true)
    clearTimeout(timers.get(id))
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id)
        mark(id, false)
      }, LABEL_SHOWN_MS)
    )
  }
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    colours = roomColours(awareness.getStates())
    for (const id of removed) {
      lastActive.delete(id)
      clearTimeout(timers.get(id))
      timers.delete(id)
    }
    for (const id of [...added, ...updated]) active(id)
  }
  // Whose typing arrived: the clients whose clock a remote transaction advanced (the awareness client id is the doc's).
  const onTransaction = (tr: Y.Transaction) => {
    if (tr.local) return
    tr.afterState.forEach((clock, client) => {
      if (clock > (tr.beforeState.get(client) ?? 0) && awareness.getStates().has(client)) active(client)
    })
  }

  const activity = new Plugin({
    view: (view) => {
      root = view.dom
      awareness.on('change', onChange)
      doc.on('afterTransaction', onTransaction)
      return {
        destroy: () => {
          awareness.off('change', onChange)
          doc.off('afterTransaction', onTransaction)
          for (const t of timers.values()) clearTimeout(t)
          timers.clear()
          root = null
        }
      }
    }
  })
  // First, so its awareness listener runs before y-prosemirror redraws the carets with the new colours.
  return [activity, yCursorPlugin(awareness, { cursorBuilder, selectionBuilder, awarenessStateFilter: drawsRemoteCursor })]
}
