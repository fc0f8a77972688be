import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Awareness } from 'y-protocols/awareness'
import {
  MAX_PRESENCE_TEXT,
  isPresenceColour,
  presenceCursor,
  presencePresenting,
  type PresenceCursor,
  type PresencePresenting,
  type PresenceUser,
  type TokenClaims
} from '../../schema'

// Awareness (who is here, their cursor) is relayed to everyone in a room, so
// the server checks it like document bytes: the whole message is decoded
// before any of it is applied (y-protocols would apply the entries before a
// bad one and then throw), a connection may speak only for client ids no
// other connection uses and only a handful of them, and the name and group
// people see are the ones in the sender's token, not whatever it typed into
// its state.

/** One entry of an awareness update. */
export interface AwarenessEntry {
  clientID: number
  clock: number
  state: unknown
}

/** Decode an awareness update completely. Throws on malformed bytes or JSON. */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update)
  const n = decoding.readVarUint(d)
  if (n > 1000) throw new Error(`awareness update with ${n} entries`)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < n; i++) {
    const clientID = decoding.readVarUint(d)
    const clock = decoding.readVarUint(d)
    entries.push({ clientID, clock, state: JSON.parse(decoding.readVarString(d)) as unknown })
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after awareness update')
  return entries
}

/**
 * Whether applying the entry would change `awareness` (the rule of
 * y-protocols' applyAwarenessUpdate: a newer clock, or a removal at the same
 * clock). y-websocket clients send back every change they receive, so most
 * entries from honest clients are echoes that change nothing; they are
 * dropped before any other check rather than counted as someone speaking
 * for an id that is not theirs.
 */
export function changesAwareness(awareness: Awareness, entry: AwarenessEntry): boolean {
  const clock = awareness.meta.get(entry.clientID)?.clock ?? 0
  return clock < entry.clock || (clock === entry.clock && entry.state === null && awareness.getStates().has(entry.clientID))
}

/** Encode entries back into an awareness update. */
export function writeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, entries.length)
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientID)
    encoding.writeVarUint(e, x.clock)
    encoding.writeVarString(e, JSON.stringify(x.state))
  }
  return encoding.toUint8Array(e)
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The state as others will see it: only the fields Fællesplan clients read,
 * each in the shape they expect. A wrong-typed field is dropped rather than
 * the message refused: the token already decides who the sender is, so
 * nothing in a malformed `user` is worth keeping, and closing would turn a
 * third-party client's quirk into a reconnect loop. What matters is that no
 * reader receives a shape that breaks it (see schema/presence.ts).
 * - `user`: present whenever the sender sent one (of any type), with the
 *   token's name and group, and the colour only if it is `#rrggbb`;
 * - `cursor`: kept if it is a pair of relative positions into the body, else null;
 * - `presenting` (meeting mode: where the presenter's screen is): kept if it
 *   is a relative position into the body, else null;
 * - anything else (other fields, a state that is not an object): dropped.
 */
export function relayedState(state: unknown, claims: TokenClaims): unknown {
  if (state === null) return null
  const out: { user?: PresenceUser; cursor?: PresenceCursor | null; presenting?: PresencePresenting | null } = {}
  if (!isRecord(state)) return out
  if (state.user !== undefined) {
    out.user = { name: claims.name.slice(0, MAX_PRESENCE_TEXT), group: claims.group }
    if (isRecord(state.user) && isPresenceColour(state.user.color)) out.user.color = state.user.color
  }
  if (state.cursor !== undefined) out.cursor = state.cursor === null ? null : presenceCursor(state.cursor)
  if (state.presenting !== undefined) out.presenting = state.presenting === null ? null : presencePresenting(state.presenting)
  return out
}

/**
 * The awareness client ids one connection has given a state. An honest
 * client speaks for one id (its Y.Doc's) for the socket's life; each id is
 * a state every member receives and a record the room keeps, so a
 * connection gets a handful and is closed when it asks for more.
 */
export class AwarenessClaims {
  private readonly ids = new Set<number>()

  constructor(private readonly max: number) {}

  /**
   * The entries this connection may apply, recording the ids they give a
   * state; null when that would take it past the cap (nothing recorded).
   * A removal of an id it never claimed is left out: it is an honest
   * y-websocket client echoing someone else's departure, and applying it
   * would only make the room remember one more id.
   */
  admit(entries: readonly AwarenessEntry[]): AwarenessEntry[] | null {
    const mine = entries.filter((x) => x.state !== null || this.ids.has(x.clientID))
    const fresh = new Set(mine.filter((x) => !this.ids.has(x.clientID)).map((x) => x.clientID))
    if (this.ids.size + fresh.size > this.max) return null
    for (const id of fresh) this.ids.add(id)
    return mine
  }
}
