import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { TokenClaims } from '../../schema'

// Awareness (who is here, their cursor) is relayed to everyone in a room, so
// the server checks it like document bytes: the whole message is decoded
// before any of it is applied (y-protocols would apply the entries before a
// bad one and then throw), a connection may speak only for client ids no
// other connection uses, and the name and group people see are the ones in
// the sender's token, not whatever it typed into its state.

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
 * The state as others will see it: a `user` field carries the token's name
 * and group (colour and anything else stay as the client chose).
 */
export function withTokenIdentity(state: unknown, claims: TokenClaims): unknown {
  if (!isRecord(state) || !isRecord(state.user)) return state
  return { ...state, user: { ...state.user, name: claims.name, group: claims.group } }
}
