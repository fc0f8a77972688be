import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { errorOf } from '../helpers/rest-error'

// Issue #11 item 6: an import that needs more memory than allowed must end
// only the import worker and get an answer, never take the server (and every
// room) with it. The cap is set low here so a legal-size text file passes it.

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ importHeapMb: 96 })
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
})

const post = (name: string, body: string) =>
  fetch(`${t.httpUrl}/api/imports?filename=${name}`, { method: 'POST', headers: { authorization: `Bearer ${t.token('admin', { plan: '*' })}` }, body })

describe('the import worker memory cap', () => {
  it('an import that outgrows it gets 413, and sync and the next import carry on', async () => {
    // 19 MiB of one-word lines: under the 20 MiB upload limit, ~2.5 million paragraphs once read.
    const huge = 'ord\n\n'.repeat(4 * 1024 * 1024)
    const res = await post('stor.txt', huge)
    expect(res.status).toBe(413)
    expect((await errorOf(res)).code).toBe('import-needs-memory')

    // The server lives: two editors still exchange an edit, and a small import is read by a fresh worker.
    const a = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'A' }))
    const b = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'B' }))
    await Promise.all([a.synced(), b.synced()])
    const p = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    text.insert(0, 'efter importen')
    p.insert(0, [text])
    a.doc.getXmlFragment(BODY_FRAGMENT).insert(0, [p])
    await eventually(() => expect(b.doc.getXmlFragment(BODY_FRAGMENT).toString()).toContain('efter importen'))
    a.destroy()
    b.destroy()
    expect((await post('lille.md', '# Plan\n\n## Fokus\n\nTekst.\n')).status).toBe(200)
  })
})
