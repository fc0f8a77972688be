// A browser whose schema is older than the document's never binds the editor:
// it shows the plan read-only with a notice, and the nodes it does not know
// stay in the document for everyone.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { BODY_FRAGMENT, META_MAP, META_SCHEMA_VERSION, SCHEMA_VERSION } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

describe('a document from a newer schema', () => {
  it('is shown read-only with a notice, and its unknown nodes survive', async () => {
    // A newer client adds a node type this version does not know, and says so in meta.
    const newer = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Fremtid' }))
    await newer.synced()
    newer.doc.transact(() => {
      newer.doc.getMap(META_MAP).set(META_SCHEMA_VERSION, SCHEMA_VERSION + 1)
      const el = new Y.XmlElement('budget_table')
      const text = new Y.XmlText()
      text.insert(0, 'Budget fra fremtiden: 12.500 kr.')
      el.insert(0, [text])
      newer.doc.getXmlFragment(BODY_FRAGMENT).push([el])
    })
    // Stored once another client has it (the server broadcasts only what it stored).
    const probe = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Prøve' }))
    await eventually(() => expect(JSON.stringify(probe.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain('Budget fra fremtiden'))
    probe.destroy()

    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    await page.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}?token=${t.token('editor', { name: 'Gammel klient' })}`)
    await eventually(async () => expect(await page.getByRole('alert').filter({ hasText: 'nyere version' }).count()).toBe(1), 10_000)
    // The read-only rendering shows the plan, including the unknown node's text.
    await eventually(async () => expect(await page.locator('.plan-editor.readonly').textContent()).toContain('Budget fra fremtiden'), 10_000)
    expect(await page.locator('.ProseMirror').count()).toBe(0)
    await page.waitForTimeout(1000)
    // Nothing was deleted for anyone.
    expect(JSON.stringify(newer.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toContain('budget_table')
    await context.close()
    newer.destroy()
  })
})
