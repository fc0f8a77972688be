import { BODY_FRAGMENT } from './version'

// The shape of a presence (awareness) state, checked by both ends. Every
// peer's state reaches every other peer, and the libraries that read it
// trust it: y-prosemirror assigns `user.color` (a TypeError when `user` is a
// string) and reads `cursor.anchor.type.client`; a `tname` in a cursor makes
// every reader's Y.Doc create a root type of that name; a colour is pasted
// into a style attribute. The server relays only states that pass these
// checks, and the client checks again (an older server, or a bug, must not
// freeze the presence list or the editor).

/** Longest name or group shown for a person (a token's name can be any length). */
export const MAX_PRESENCE_TEXT = 120

/** The `user` field of a presence state, as people are shown. */
export interface PresenceUser {
  name: string
  group: string
  /** `#rrggbb`: the only form y-prosemirror supports, and safe inside a style attribute. */
  color?: string
}

/** A Yjs relative position as JSON (what `Y.relativePositionToJSON` gives). */
export interface RelativePositionJson {
  type?: { client: number; clock: number } | null
  tname?: string | null
  item?: { client: number; clock: number } | null
  assoc?: number | null
}

/** Where a person's selection is, as y-prosemirror writes it into `cursor`. */
export interface PresenceCursor {
  anchor: RelativePositionJson
  head: RelativePositionJson
}

const COLOUR = /^#[0-9a-fA-F]{6}$/

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether a value is a colour a presence may carry. */
export const isPresenceColour = (v: unknown): v is string => typeof v === 'string' && COLOUR.test(v)

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isId = (v: unknown): v is { client: number; clock: number } => isRecord(v) && isUint(v.client) && isUint(v.clock)

/**
 * The user a presence state's `user` field describes, or null when it is not
 * one (a string, a number, null, a name that is not text). Name and group
 * are cut to MAX_PRESENCE_TEXT, a missing group reads as '' and a colour in
 * any other form than `#rrggbb` is left out.
 */
export function presenceUser(value: unknown): PresenceUser | null {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '') return null
  if (value.group !== undefined && typeof value.group !== 'string') return null
  const user: PresenceUser = { name: value.name.slice(0, MAX_PRESENCE_TEXT), group: (value.group ?? '').slice(0, MAX_PRESENCE_TEXT) }
  if (isPresenceColour(value.color)) user.color = value.color
  return user
}

/** A relative position rebuilt from its known fields, or null when one has the wrong type. */
function relativePosition(value: unknown): RelativePositionJson | null {
  if (!isRecord(value)) return null
  const out: RelativePositionJson = {}
  if (value.type != null) {
    if (!isId(value.type)) return null
    out.type = { client: value.type.client, clock: value.type.clock }
  }
  if (value.tname != null) {
    // Reading a position with a tname creates a root type of that name in the reader's doc.
    if (value.tname !== BODY_FRAGMENT) return null
    out.tname = value.tname
  }
  if (value.item != null) {
    if (!isId(value.item)) return null
    out.item = { client: value.item.client, clock: value.item.clock }
  }
  if (value.assoc != null) {
    if (typeof value.assoc !== 'number' || !Number.isSafeInteger(value.assoc)) return null
    out.assoc = value.assoc
  }
  return out
}

/** The cursor a presence state's `cursor` field describes (only its known fields), or null when it is not one. */
export function presenceCursor(value: unknown): PresenceCursor | null {
  if (!isRecord(value)) return null
  const anchor = relativePosition(value.anchor)
  const head = relativePosition(value.head)
  return anchor && head ? { anchor, head } : null
}

/** Where a presenter's screen is (meeting mode): the top of what they see, as a relative position into the body. */
export interface PresencePresenting {
  at: RelativePositionJson
}

/** The `presenting` field of a presence state (only its known fields), or null when it is not one. */
export function presencePresenting(value: unknown): PresencePresenting | null {
  if (!isRecord(value)) return null
  const at = relativePosition(value.at)
  return at ? { at } : null
}
