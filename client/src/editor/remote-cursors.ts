import { isPresenceColour, presenceCursor, presenceUser } from '../../../schema'

// Options for y-prosemirror's yCursorPlugin. The plugin trusts every peer's
// state: it assigns `user.color` (a TypeError inside the editor's state
// update when `user` is a string or a number), reads `cursor.anchor` and
// pastes `user.color` into a style attribute. So a state is drawn only when
// it has the shape the plugin expects, and the colour is ours to check.

const FALLBACK_COLOUR = '#555555'

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

/** Labelled remote cursor: name and group, in the person's colour. */
export function cursorBuilder(user: unknown): HTMLElement {
  const cursor = document.createElement('span')
  cursor.classList.add('remote-cursor')
  cursor.style.borderColor = colourOf(user)
  const label = document.createElement('span')
  label.classList.add('remote-cursor-label')
  label.style.backgroundColor = colourOf(user)
  label.textContent = presenceUser(user)?.name ?? '?'
  cursor.append(label)
  return cursor
}

/** A remote selection, tinted in the person's colour (only `#rrggbb` reaches the style attribute). */
export function selectionBuilder(user: unknown): { style: string; class: string } {
  return { style: `background-color: ${colourOf(user)}70`, class: 'ProseMirror-yjs-selection' }
}
