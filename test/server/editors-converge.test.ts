import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, extractPlanFromYDoc } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type TestServer, useTestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'

let t: TestServer
useTestServer((s) => (t = s))

describe('two editors', () => {
  it('converge, see each other in awareness, and a late joiner gets the full state', async () => {
    const a = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne' }))
    const b = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo' }))
    await Promise.all([a.synced(), b.synced()])
    expect(extractPlanFromYDoc(a.doc).goals).toHaveLength(6)

    editBody(a.doc, (s) => s.tr.insertText(' (Anne)', posOfText(s.doc, 'Færre årspersoner på sygedagpenge') + 'Færre årspersoner på sygedagpenge'.length))
    editBody(b.doc, (s) => s.tr.insertText(' (Bo)', posOfText(s.doc, 'Færre langtidsledige') + 'Færre langtidsledige'.length))
    await eventually(() => {
      const titles = (d: Y.Doc) => extractPlanFromYDoc(d).goals.map((g) => g.title)
      expect(titles(a.doc)).toEqual(titles(b.doc))
      expect(titles(a.doc)).toContain('Færre årspersoner på sygedagpenge (Anne)')
      expect(titles(a.doc)).toContain('Færre langtidsledige (Bo)')
    })

    a.provider.awareness.setLocalStateField('user', { name: 'Anne', group: 'administration', color: '#1f6feb' })
    await eventually(() => {
      const names = [...b.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name)
      expect(names).toContain('Anne')
    })

    const late = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Sen' }))
    await late.synced()
    await eventually(() =>
      expect(JSON.stringify(late.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(JSON.stringify(a.doc.getXmlFragment(BODY_FRAGMENT).toJSON()))
    )
    // Awareness of who is here reaches the late joiner too.
    await eventually(() =>
      expect([...late.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === 'Anne')).toBe(true)
    )
    for (const c of [a, b, late]) c.destroy()
  })
})
