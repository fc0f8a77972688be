import { isPresenceColour } from '../../../schema'

// Colours for the people in a plan. They used to be a hash of the name into
// ten colours: at a meeting of seven, two people often shared one. Now each
// person keeps the colour they were given when they came into the room, and
// a newcomer takes the first one nobody uses (issue #15).

/**
 * Sixteen presence colours, far apart in hue and lightness, each dark enough
 * for white label text at WCAG AA (contrast ≥ 4.5:1, checked by
 * test/unit/room-colours.test.ts). The first twelve are the most distinct.
 */
export const PRESENCE_PALETTE: readonly string[] = [
  '#1f5fbf', // blue
  '#b3261e', // red
  '#0f7a3f', // green
  '#7b1fa2', // purple
  '#a34700', // orange
  '#00707a', // teal
  '#ad1457', // magenta
  '#5d4037', // brown
  '#283593', // indigo
  '#5f6b00', // olive
  '#455a64', // slate
  '#212121', // black
  '#c2185b', // pink
  '#8e24aa', // violet
  '#00695c', // dark green-teal
  '#0d47a1' // navy
]

const published = (state: unknown): string | null => {
  const user = typeof state === 'object' && state !== null ? (state as { user?: unknown }).user : null
  const colour = typeof user === 'object' && user !== null ? (user as { color?: unknown }).color : null
  return isPresenceColour(colour) && PRESENCE_PALETTE.includes(colour.toLowerCase()) ? colour.toLowerCase() : null
}

/**
 * The colour of everyone in the room, the same in every browser (it depends
 * only on the awareness states, which all peers share). First, each palette
 * colour someone publishes goes to the publisher with the lowest client id;
 * then everyone left without one (nothing published, another palette, or a
 * colour two people took at the same moment) gets the first free colour, in
 * client id order. So nobody's colour changes when someone joins, and up to
 * sixteen people have sixteen different colours.
 */
export function roomColours(states: ReadonlyMap<number, unknown>): Map<number, string> {
  const ids = Array.from(states.keys()).sort((a, b) => a - b)
  const out = new Map<number, string>()
  const taken = new Set<string>()
  for (const id of ids) {
    const c = published(states.get(id))
    if (c && !taken.has(c)) {
      out.set(id, c)
      taken.add(c)
    }
  }
  let next = 0
  for (const id of ids) {
    if (out.has(id)) continue
    while (next < PRESENCE_PALETTE.length && taken.has(PRESENCE_PALETTE[next]!)) next++
    // More people than colours: share, spread over the palette.
    const c = next < PRESENCE_PALETTE.length ? PRESENCE_PALETTE[next]! : PRESENCE_PALETTE[out.size % PRESENCE_PALETTE.length]!
    out.set(id, c)
    taken.add(c)
  }
  return out
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The part of y-protocols' Awareness that publishing a colour needs. */
export interface AwarenessLike {
  clientID: number
  getStates(): Map<number, unknown>
  setLocalStateField(field: string, value: unknown): void
  on(event: 'change', f: () => void): void
  off(event: 'change', f: () => void): void
}

/**
 * Publish this browser's person, first without a colour (viewers show them
 * in the first free one, taking nobody's), then, once `roomKnown` resolves
 * (the server has told us who is here), with the colour the room gives
 * them; again whenever that changes (only when two people came in at the
 * same moment and chose the same colour: the one with the higher client id
 * moves). Returns a function that stops listening.
 */
export function publishOwnColour(awareness: AwarenessLike, user: { name: string; group: string }, roomKnown: Promise<void>): () => void {
  let shown: string | null = null
  let stopped = false
  const publish = () => {
    const colour = roomColours(awareness.getStates()).get(awareness.clientID)
    if (!colour || colour === shown) return
    shown = colour
    awareness.setLocalStateField('user', { ...user, color: colour })
  }
  awareness.setLocalStateField('user', { ...user })
  void roomKnown.then(() => {
    if (stopped) return
    publish()
    awareness.on('change', publish)
  })
  return () => {
    stopped = true
    awareness.off('change', publish)
  }
}
