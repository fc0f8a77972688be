// Presence colours at a meeting (issue #15): distinct for up to sixteen
// people, readable under white label text, the same in every browser, and
// nobody's colour changes when someone joins.
import { describe, expect, it } from 'vitest'
import { PRESENCE_PALETTE, contrastRatio, publishOwnColour, roomColours, type AwarenessLike } from '../../client/src/ui/room-colours'

const person = (name: string, color?: string) => ({ user: color ? { name, group: 'committee', color } : { name, group: 'committee' } })

describe('presence palette', () => {
  it('has at least twelve colours, each with AA contrast for white text', () => {
    expect(PRESENCE_PALETTE.length).toBeGreaterThanOrEqual(12)
    for (const c of PRESENCE_PALETTE) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5)
  })

  it('keeps its first twelve colours apart from each other', () => {
    const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
    const first = PRESENCE_PALETTE.slice(0, 12)
    expect(new Set(first).size).toBe(12)
    for (let i = 0; i < first.length; i++)
      for (let j = i + 1; j < first.length; j++) {
        const [a, b] = [rgb(first[i]!), rgb(first[j]!)]
        expect(Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!), `${first[i]} vs ${first[j]}`).toBeGreaterThan(45)
      }
  })
})

describe('roomColours', () => {
  it('gives eight people who all claim the same colour eight different colours', () => {
    const states = new Map(Array.from({ length: 8 }, (_, i) => [100 + i * 7, person(`P${i}`, '#1f5fbf')] as const))
    const colours = roomColours(states)
    expect(new Set(colours.values()).size).toBe(8)
    expect(colours.get(100)).toBe('#1f5fbf') // the lowest client id keeps it
  })

  it('gives sixteen people without a colour sixteen colours, and shares only beyond that', () => {
    const sixteen = new Map(Array.from({ length: 16 }, (_, i) => [i + 1, person(`P${i}`)] as const))
    expect(new Set(roomColours(sixteen).values()).size).toBe(16)
    const twenty = new Map(Array.from({ length: 20 }, (_, i) => [i + 1, person(`P${i}`)] as const))
    expect(new Set(roomColours(twenty).values()).size).toBe(16)
  })

  it('changes nobody’s colour when someone joins, whatever their client id', () => {
    const room = new Map<number, unknown>([
      [50, person('Anne', PRESENCE_PALETTE[0])],
      [70, person('Bo', PRESENCE_PALETTE[1])],
      [90, person('Carl', PRESENCE_PALETTE[2])]
    ])
    const before = roomColours(room)
    room.set(10, person('Dorte')) // a lower id, no colour yet
    const after = roomColours(room)
    for (const id of [50, 70, 90]) expect(after.get(id)).toBe(before.get(id))
    expect(after.get(10)).toBe(PRESENCE_PALETTE[3])
  })

  it('is the same whatever order the states arrive in', () => {
    const entries: Array<[number, unknown]> = [
      [5, person('A', PRESENCE_PALETTE[4])],
      [3, person('B')],
      [9, person('C', PRESENCE_PALETTE[4])],
      [1, { user: 'not a user' }],
      [7, person('D', '#123456')]
    ]
    const a = roomColours(new Map(entries))
    const b = roomColours(new Map([...entries].reverse()))
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort())
    expect(new Set(a.values()).size).toBe(5)
  })
})

/** An awareness of one room that several people share (what the server relays). */
function sharedRoom() {
  const states = new Map<number, unknown>()
  const listeners = new Set<() => void>()
  const notify = () => [...listeners].forEach((f) => f())
  const join = (clientID: number): AwarenessLike => ({
    clientID,
    getStates: () => states,
    setLocalStateField: (field, value) => {
      states.set(clientID, { ...((states.get(clientID) as object) ?? {}), [field]: value })
      notify()
    },
    on: (_e, f) => listeners.add(f),
    off: (_e, f) => listeners.delete(f)
  })
  return { states, join }
}

describe('publishOwnColour', () => {
  it('lets people who join at the same moment settle on different colours', async () => {
    const room = sharedRoom()
    let known!: () => void
    const roomKnown = new Promise<void>((r) => (known = r))
    for (const id of [40, 20, 30, 10]) publishOwnColour(room.join(id), { name: `P${id}`, group: 'committee' }, roomKnown)
    known()
    await roomKnown
    await Promise.resolve()
    const published = [...room.states.values()].map((s) => (s as { user: { color?: string } }).user.color)
    expect(published.every((c) => c !== undefined)).toBe(true)
    expect(new Set(published).size).toBe(4)
    expect(roomColours(room.states).get(10)).toBe((room.states.get(10) as { user: { color: string } }).user.color)
  })
})
