// A large plan is rendered lazily (focus areas off screen are skipped by the
// browser's layout until they come near the viewport). That must not change
// what a user can do: the outline still takes them to the last focus area,
// and what they type there is stored. A small plan renders as before.
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { DEMO_PLAN_ID, demoMeta } from '../../schema/build'
import { seedPlanDoc, type PlanExport } from '../../schema'
import { LARGE_PLAN_SIZE } from '../../client/src/editor/create-editor'
import { bigPlanDoc } from '../../testkit/big-plan'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
const PLAN = 'stor-plan-test'
const doc = bigPlanDoc(10, 6, 30)

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  const ydoc = new Y.Doc()
  seedPlanDoc(ydoc, { meta: { ...demoMeta(PLAN), title: 'Stor plan' }, doc })
  await t.server.store.createPlan({ id: PLAN, title: 'Stor plan', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
})

describe('a large plan', () => {
  it('renders focus areas lazily, and the last one is still reachable and editable', async () => {
    expect(doc.content.size).toBeGreaterThan(LARGE_PLAN_SIZE)
    const { page, context } = await openPlan(browser, t.httpUrl, PLAN, t.token('editor', { plan: PLAN, name: 'Stor' }))
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 30_000 })
    expect(await page.locator('.ProseMirror').getAttribute('class')).toContain('large-plan')
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.ProseMirror > section.focus-area')!).contentVisibility)).toBe('auto')

    await page.locator('nav.outline button', { hasText: 'Fokusområde 10' }).click()
    const title = page.locator('.ProseMirror h2.focus-title', { hasText: 'Fokusområde 10' })
    await expect.poll(() => title.isVisible()).toBe(true)
    await page.keyboard.press('End')
    await page.keyboard.type(' – sidste')
    const plan = async () => (await (await fetch(`${t.httpUrl}/api/plans/${PLAN}/plan.json?token=${t.token('viewer', { plan: PLAN })}`)).json()) as PlanExport
    await eventually(async () => expect((await plan()).focusAreas.map((f) => f.title)).toContain('Fokusområde 10 – sidste'), 10_000)
    await context.close()
  })

  it('a small plan is rendered whole, as before', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor'))
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table')
    expect(await page.locator('.ProseMirror').getAttribute('class')).not.toContain('large-plan')
    await context.close()
  })
})
