import { presenceUser, type PresenceUser } from '../../../schema'

// The presence list is built from every peer's awareness state. One state of
// the wrong shape (a `user` that is a string once made `group.localeCompare`
// throw) must cost only that entry, never the list.

/** A person as the presence list shows them. */
export interface Person extends PresenceUser {
  /** Their awareness client id (the list's key). */
  id: number
  /** This browser's own entry. */
  self: boolean
}

/**
 * Everyone whose state carries a well-formed `user`: yourself first, then by
 * group and name (at a 30-person meeting, people look for their group).
 */
export function peopleIn(states: ReadonlyMap<number, unknown>, selfId: number): Person[] {
  const list: Person[] = []
  states.forEach((state, id) => {
    const user = typeof state === 'object' && state !== null ? presenceUser((state as { user?: unknown }).user) : null
    if (user) list.push({ ...user, id, self: id === selfId })
  })
  return list.sort((a, b) => Number(b.self) - Number(a.self) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name, 'da'))
}
