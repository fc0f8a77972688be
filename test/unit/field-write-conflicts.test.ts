import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CONFLICT_FIELDS } from '../../schema'
import { fieldChanges, type FieldChange } from '../../server/conflicts/field-writes'

// The detection rule of server/conflicts/field-writes.ts on raw Y.Docs: a
// "server" doc receives the updates of offline "clients" in some order and
// reports, per transaction, what was lost.

function docWithTarget(): { server: Y.Doc; seed: Uint8Array } {
  const server = new Y.Doc()
  const t = new Y.XmlElement('target')
  server.getXmlFragment('body').push([t])
  t.setAttribute('id', 't1')
  t.setAttribute('targetValue', 50 as unknown as string)
  return { server, seed: Y.encodeStateAsUpdate(server) }
}

function client(seed: Uint8Array, clientID: number): Y.Doc {
  const d = new Y.Doc()
  d.clientID = clientID
  Y.applyUpdate(d, seed)
  return d
}

const targetOf = (d: Y.Doc) => d.getXmlFragment('body').get(0) as Y.XmlElement
const set = (d: Y.Doc, key: string, v: unknown) => targetOf(d).setAttribute(key, v as string)

function receive(server: Y.Doc, update: Uint8Array): FieldChange[] {
  let changes: FieldChange[] = []
  const f = (txn: Y.Transaction) => {
    changes = fieldChanges(txn, CONFLICT_FIELDS)
  }
  server.on('afterTransaction', f)
  Y.applyUpdate(server, update)
  server.off('afterTransaction', f)
  return changes
}

const since = (d: Y.Doc, server: Y.Doc) => Y.encodeStateAsUpdate(d, Y.encodeStateVector(server))

describe('concurrent writes to a typed field', () => {
  for (const order of ['a-first', 'b-first'] as const) {
    it(`reports the value that lost, whichever arrives first (${order})`, () => {
      const { server, seed } = docWithTarget()
      const a = client(seed, 100)
      const b = client(seed, 200)
      set(a, 'targetValue', 55)
      set(b, 'targetValue', 60)
      const [first, second] = order === 'a-first' ? [a, b] : [b, a]
      const one = receive(server, since(first, server))
      expect(one).toHaveLength(1)
      expect(one[0]!.lost).toEqual([])
      expect(one[0]!.causal).toBe(true)
      const two = receive(server, since(second, server))
      expect(two).toHaveLength(1)
      const c = two[0]!
      expect(c.causal).toBe(false)
      const values = [c.kept!.value, ...c.lost.map((l) => l.value)].sort()
      expect(values).toEqual([55, 60])
      expect(c.kept!.value).toBe(targetOf(server).getAttribute('targetValue'))
      expect(c.lost).toHaveLength(1)
      expect(c.lost[0]!.client).toBe(c.lost[0]!.value === 55 ? 100 : 200)
    })
  }

  it('a write that saw the current value is causal, not a conflict', () => {
    const { server, seed } = docWithTarget()
    const a = client(seed, 100)
    set(a, 'targetValue', 55)
    expect(receive(server, since(a, server))[0]).toMatchObject({ lost: [], causal: true, kept: { value: 55 } })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(server))
    set(a, 'targetValue', 56)
    expect(receive(server, since(a, server))[0]).toMatchObject({ lost: [], causal: true, kept: { value: 56 } })
  })

  it('two first writes of a never-set field conflict too (no origin)', () => {
    const { server, seed } = docWithTarget()
    const a = client(seed, 100)
    const b = client(seed, 200)
    set(a, 'baselineValue', 1)
    set(b, 'baselineValue', 2)
    receive(server, since(a, server))
    const [c] = receive(server, since(b, server))
    expect([c!.kept!.value, ...c!.lost.map((l) => l.value)].sort()).toEqual([1, 2])
  })

  it('the same value written twice loses nothing worth reporting, but is still seen (the caller skips equal values)', () => {
    const { server, seed } = docWithTarget()
    const a = client(seed, 100)
    const b = client(seed, 200)
    set(a, 'unit', 'percent')
    set(b, 'unit', 'percent')
    receive(server, since(a, server))
    const [c] = receive(server, since(b, server))
    expect(c!.kept!.value).toBe('percent')
    expect(c!.lost.map((l) => l.value)).toEqual(['percent'])
  })

  it('a writer who overwrote their own offline value loses only the last one to a concurrent write', () => {
    const { server, seed } = docWithTarget()
    const a = client(seed, 300)
    const b = client(seed, 200)
    set(a, 'targetValue', 70)
    set(a, 'targetValue', 71)
    set(b, 'targetValue', 80)
    receive(server, since(b, server))
    const [c] = receive(server, since(a, server))
    expect([c!.kept!.value, ...c!.lost.map((l) => l.value)].sort()).toEqual([71, 80])
  })

  it('text typing and untouched fields cost nothing: no changes reported', () => {
    const { server, seed } = docWithTarget()
    const a = client(seed, 100)
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('hej')])
    a.getXmlFragment('body').push([p])
    set(a, 'id', 't2')
    expect(receive(server, since(a, server))).toEqual([])
  })
})
