// Issue #11 item 4: a peer whose awareness `user` was a string froze every
// client's presence list (and y-prosemirror's cursor plugin throws on it).
// The client reads presence states through these functions; a bad state
// costs its own entry and nothing else.
import { describe, expect, it } from 'vitest'
import { peopleIn } from '../../client/src/ui/people'
import { drawsRemoteCursor } from '../../client/src/editor/remote-cursors'
import { presenceCursor, presenceUser } from '../../schema'

const anne = { user: { name: 'Anne', group: 'administration', color: '#1f5fbf' } }
const bo = { user: { name: 'Bo', group: 'council', color: '#a33a00' } }
const cursor = { anchor: { type: { client: 1, clock: 2 }, tname: null, item: { client: 1, clock: 3 }, assoc: 0 }, head: { tname: 'body' } }

const hostile: Array<[string, unknown]> = [
  ['user is a string', { user: 'Mallory' }],
  ['user is a number', { user: 42 }],
  ['user is null', { user: null }],
  ['user is missing', { cursor }],
  ['user is an array', { user: ['Mallory'] }],
  ['name is a number', { user: { name: 7, group: 'council' } }],
  ['group is an object', { user: { name: 'M', group: { x: 1 } } }],
  ['state is a string', 'hello'],
  ['state is a number', 5],
  ['state is null', null]
]

describe('presence list (client/src/ui/people.ts)', () => {
  it.each(hostile)('keeps everyone else when a state has the wrong shape: %s', (_, bad) => {
    const states = new Map<number, unknown>([
      [1, anne],
      [2, bad],
      [3, bo]
    ])
    const people = peopleIn(states, 3)
    expect(people.map((p) => [p.id, p.name, p.self])).toEqual([
      [3, 'Bo', true],
      [1, 'Anne', false]
    ])
  })

  it('shows a user without group or colour, and drops a colour that is not #rrggbb', () => {
    const people = peopleIn(
      new Map<number, unknown>([
        [1, { user: { name: 'Eva' } }],
        [2, { user: { name: 'Finn', group: 'council', color: 'red; background: url(//x)' } }]
      ]),
      0
    )
    expect(people).toEqual([
      { id: 1, name: 'Eva', group: '', self: false },
      { id: 2, name: 'Finn', group: 'council', self: false }
    ])
  })

  it('cuts names that are too long instead of hiding the person', () => {
    expect(presenceUser({ name: 'x'.repeat(10_000), group: 'council' })?.name).toHaveLength(120)
  })
})

describe('remote cursors (client/src/editor/remote-cursors.ts)', () => {
  it('draws well-formed peers and never our own cursor', () => {
    expect(drawsRemoteCursor(9, 1, { ...anne, cursor })).toBe(true)
    expect(drawsRemoteCursor(9, 1, anne)).toBe(true)
    expect(drawsRemoteCursor(1, 1, { ...anne, cursor })).toBe(false)
  })

  it.each([
    ['user is a string', { user: 'Mallory', cursor }],
    ['user is a number', { user: 42, cursor }],
    ['user is an array', { user: [], cursor }],
    ['cursor is a number', { ...anne, cursor: 5 }],
    ['anchor is missing', { ...anne, cursor: { head: {} } }],
    ['client id is a string', { ...anne, cursor: { anchor: { item: { client: '1', clock: 0 } }, head: {} } }],
    ['tname names another root type', { ...anne, cursor: { anchor: { tname: 'evil' }, head: {} } }],
    ['state is a string', 'x']
  ])('skips a peer whose state would break y-prosemirror: %s', (_, bad) => {
    expect(drawsRemoteCursor(9, 1, bad)).toBe(false)
  })

  it('keeps only the known fields of a cursor', () => {
    expect(presenceCursor({ anchor: { item: { client: 1, clock: 2, extra: 'x' }, junk: 1 }, head: { assoc: -1 } })).toEqual({
      anchor: { item: { client: 1, clock: 2 } },
      head: { assoc: -1 }
    })
  })
})
