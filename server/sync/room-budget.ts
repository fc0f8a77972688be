import * as Y from 'yjs'

// Without a budget, one commenter could fill the disk: three connections
// grew a comments room to 93 MB in 18 s (issue #11), and every client that
// joined afterwards had to receive all of it. The budget is on what the room
// keeps in storage (compacted state + update log), counted without encoding
// the document on each update.

/** Largest stored size of one room, in bytes, per kind of room. */
export interface RoomBudgets {
  body: number
  comments: number
}

/** Generous for real plans: a 20 MB imported plan fits with room to grow; comments are text. */
export const DEFAULT_ROOM_BUDGETS: RoomBudgets = { body: 50 * 1024 * 1024, comments: 10 * 1024 * 1024 }

/** Budgets set by ROOM_BODY_MAX_BYTES / ROOM_COMMENTS_MAX_BYTES; throws on a value that is not a positive whole number. */
export function roomBudgetsFromEnv(env: NodeJS.ProcessEnv): Partial<RoomBudgets> {
  const read = (name: string): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive whole number of bytes, not "${raw}"`)
    return n
  }
  const body = read('ROOM_BODY_MAX_BYTES')
  const comments = read('ROOM_COMMENTS_MAX_BYTES')
  return { ...(body !== undefined ? { body } : {}), ...(comments !== undefined ? { comments } : {}) }
}

/**
 * A room's stored size as the server counts it: the stored state and log at
 * load, plus every update it accepts since (the bytes that go into the log),
 * and the encoded state again after each compaction. An over-estimate between
 * compactions (deleted content still counts until compaction drops it), never
 * an under-estimate of what is on disk.
 */
export class RoomSize {
  constructor(
    readonly maxBytes: number,
    private bytes: number
  ) {}

  get storedBytes(): number {
    return this.bytes
  }

  /** Whether `more` bytes still fit the budget. */
  fits(more: number): boolean {
    return this.bytes + more <= this.maxBytes
  }

  /** Count an update that will be stored in the log. */
  add(bytes: number): void {
    this.bytes += bytes
  }

  /** After compaction: the log is now one state of this size. */
  reset(bytes: number): void {
    this.bytes = bytes
  }
}

/**
 * Whether a v1 update brings content `doc` does not have yet. One that only
 * deletes (or repeats what the room has) never grows a room for long: a
 * deletion is a few bytes in the log and compaction then drops the deleted
 * content, so a full room must still accept it to be able to shrink.
 */
export function addsContent(doc: Y.Doc, update: Uint8Array): boolean {
  // parseUpdateMeta: where each client's structs in the update end.
  const { to } = Y.parseUpdateMeta(update)
  for (const [client, clock] of to) if (clock > Y.getState(doc.store, client)) return true
  return false
}
