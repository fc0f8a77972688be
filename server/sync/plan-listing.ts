import type * as Y from 'yjs'
import { parseRoomName, readPlanMeta } from '../../schema'
import type { PlanTouch } from '../storage/store'

// The plan list reads the `plans` and `plan_listing` rows, never the rooms
// (loading every plan's document to show a list would not scale). The Y.Doc
// stays the source of truth: these rows are a copy of its `Map('meta')`,
// written from the room in the same transaction that stores each of its
// body's updates, so the copy is never ahead of, nor long behind, the document.

/** The origin of an edit the server makes on someone's behalf (REST plan settings), so the list can say who. */
export class ServerEdit {
  constructor(readonly by: string) {}
}

/** The name of whoever made an edit: a connection's person, or a ServerEdit's. */
export function authorOf(origin: unknown): string | null {
  if (origin instanceof ServerEdit) return origin.by
  const name = (origin as { claims?: { name?: unknown } } | null)?.claims?.name
  return typeof name === 'string' ? name : null
}

/** What a stored change of room `room` writes to its plan's listing (nothing for a comments room). */
export function planTouch(room: string, doc: Y.Doc, by: string | null, at = new Date().toISOString()): PlanTouch | null {
  const parsed = parseRoomName(room)
  if (!parsed || parsed.kind !== 'body') return null
  const { title, municipality, period, status } = readPlanMeta(doc, parsed.planId)
  return { id: parsed.planId, title, municipality, period, status, changedAt: at, changedBy: by }
}
