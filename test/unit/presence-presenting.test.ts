// Meeting mode's `presenting` awareness field (issue #15) reaches every peer,
// so it is relayed only in the shape readers expect (see schema/presence.ts).
import { describe, expect, it } from 'vitest'
import { presencePresenting } from '../../schema'
import { relayedState } from '../../server/sync/awareness-guard'

const claims = { plan: 'p', role: 'editor', name: 'Anne', group: 'administration' } as const

describe('presencePresenting', () => {
  it('keeps a relative position into the body, nothing else', () => {
    const at = { type: { client: 1, clock: 2 }, item: { client: 3, clock: 4 }, assoc: 0 }
    expect(presencePresenting({ at, extra: 'x' })).toEqual({ at })
    expect(presencePresenting({ at: { ...at, tname: 'evil' } })).toBeNull()
    expect(presencePresenting({ at: { item: { client: -1, clock: 0 } } })).toBeNull()
    expect(presencePresenting('top')).toBeNull()
  })

  it('is relayed by the server in that shape, or as null', () => {
    const at = { item: { client: 3, clock: 4 } }
    expect(relayedState({ presenting: { at, scrollY: 900 } }, claims as never)).toEqual({ presenting: { at } })
    expect(relayedState({ presenting: { at: 'x' } }, claims as never)).toEqual({ presenting: null })
    expect(relayedState({ presenting: null }, claims as never)).toEqual({ presenting: null })
  })
})
