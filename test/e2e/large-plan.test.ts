// A large plan is rendered lazily (focus areas off screen are skipped by the
// browser's layout until they come near the viewport). That must not change
// what a user can do: the outline still takes them to the last focus area,
// and what they type there is stored. A small plan renders as before.
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { DEMO_PLAN_ID, demoMeta } from '../../schema/build'
import { BODY_FRAGMENT, COMMENTS_SUFFIX, seedPlanDoc, type PlanExport } from '../../schema'
import { createAnchor, createThread, yTextRuns } from '../../schema/comments'
import { LARGE_PLAN_SIZE } from '../../client/src/editor/create-editor'
import { bigPlanDoc } from '../../testkit/big-plan'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
const PLAN = 'stor-plan-test'
const doc = bigPlanDoc(10, 6, 30)
const countGoals = (): number => {
  let n = 0
  doc.descendants((node) => {
    if (node.type.name === 'goal') n++
  })
  return n
}

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
    // On the screen, though the areas it passed were estimates until laid out.
    await expect
      .poll(async () => {
        const box = await title.boundingBox()
        return box !== null && box.y >= 0 && box.y + box.height <= 720
      })
      .toBe(true)
    await page.keyboard.press('End')
    await page.keyboard.type(' – sidste')
    const plan = async () => (await (await fetch(`${t.httpUrl}/api/plans/${PLAN}/plan.json?token=${t.token('viewer', { plan: PLAN })}`)).json()) as PlanExport
    await eventually(async () => expect((await plan()).focusAreas.map((f) => f.title)).toContain('Fokusområde 10 – sidste'), 10_000)
    await context.close()
  })

  it('draws far focus areas as their text until they come near; an edit from elsewhere is in them; printing draws all', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, PLAN, t.token('editor', { plan: PLAN, name: 'Stor' }))
    const other = connectClient(t.wsUrl, PLAN, t.token('editor', { plan: PLAN, name: 'Anden' }))
    try {
      await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table', { timeout: 30_000 })
      const later = page.locator('.ProseMirror > section.focus-area.drawn-later')
      const area9 = page.locator('.ProseMirror > section.focus-area', { hasText: 'Afsnit 1 om fokusområde 9.' })
      // Far down, focus area 9 is its text only: no goal table, no editable title yet.
      expect(await later.count()).toBeGreaterThan(3)
      expect(await area9.getAttribute('class')).toContain('drawn-later')
      expect(await area9.locator('.goal-table').count()).toBe(0)
      const heightAtOpen = await page.evaluate(() => document.scrollingElement!.scrollHeight)

      // Someone else types in its title; the text drawn shows it.
      await other.synced()
      const areas = other.doc
        .getXmlFragment(BODY_FRAGMENT)
        .toArray()
        .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'focus_area')
      const title = areas.map((a) => a.get(0) as Y.XmlElement).find((tl) => tl.toString().includes('Fokusområde 9<'))!
      ;(title.get(0) as Y.XmlText).insert((title.get(0) as Y.XmlText).length, ' – fra mødet')
      await expect.poll(() => area9.textContent(), { timeout: 30_000 }).toContain('Fokusområde 9 – fra mødet')

      // Scrolled near, it is drawn as the editor draws it, the edit in its title.
      // Scrolled in the page: the area's element is replaced as it is drawn, which a Playwright scroll of the element may trip on.
      await page.evaluate(() =>
        Array.from(document.querySelectorAll('.ProseMirror > section.focus-area'))
          .find((s) => s.textContent!.includes('Afsnit 1 om fokusområde 9.'))
          ?.scrollIntoView({ block: 'center' })
      )
      await expect.poll(() => area9.locator('h2.focus-title').textContent(), { timeout: 30_000 }).toBe('Fokusområde 9 – fra mødet')
      expect(await area9.locator('.goal-table').count()).toBe(1)
      expect(await area9.getAttribute('class')).not.toContain('drawn-later')

      // Printing holds the whole plan.
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
      await expect.poll(() => later.count()).toBe(0)
      // The plan's height as it opened (areas not laid out yet count as estimates) is near its real one, so the scrollbar and jumps are.
      const realHeight = await page.evaluate(() => {
        for (const s of Array.from(document.querySelectorAll<HTMLElement>('.ProseMirror > section.focus-area'))) s.style.contentVisibility = 'visible'
        return document.scrollingElement!.scrollHeight
      })
      expect(heightAtOpen / realHeight).toBeGreaterThan(0.6)
      expect(heightAtOpen / realHeight).toBeLessThan(1.6)
      expect(await page.locator('.ProseMirror .goal').count()).toBe(countGoals())
    } finally {
      other.destroy()
      await context.close()
    }
  })

  it('a comment on text in an area not drawn yet takes the reader there, drawn, with its words marked', async () => {
    const words = 'Afsnit 2 om fokusområde 8.'
    const lars = connectClient(t.wsUrl, PLAN + COMMENTS_SUFFIX, t.token('commenter', { plan: PLAN, name: 'Lars' }))
    const body = connectClient(t.wsUrl, PLAN, t.token('viewer', { plan: PLAN }))
    const { page, context } = await openPlan(browser, t.httpUrl, PLAN, t.token('editor', { plan: PLAN, name: 'Stor' }))
    try {
      await Promise.all([lars.synced(), body.synced()])
      const start = yTextRuns(body.doc.getXmlFragment(BODY_FRAGMENT)).text.indexOf(words)
      const anchor = createAnchor(body.doc.getXmlFragment(BODY_FRAGMENT), start, start + words.length)!
      createThread(lars.doc, { anchor, author: lars.author, text: 'Hvem følger op?' })

      const area8 = page.locator('.ProseMirror > section.focus-area', { hasText: 'Afsnit 1 om fokusområde 8.' })
      expect(await area8.getAttribute('class')).toContain('drawn-later')
      await page.locator('button.quote', { hasText: words }).click()
      await expect.poll(() => area8.getAttribute('class'), { timeout: 30_000 }).not.toContain('drawn-later')
      await expect.poll(() => area8.locator('.comment-range').first().textContent(), { timeout: 30_000 }).toBe(words)
      // Scrolled to: the marked words are on the screen (1280 × 720).
      await expect
        .poll(
          async () => {
            const box = await area8.locator('.comment-range').first().boundingBox()
            return box !== null && box.y >= 0 && box.y + box.height <= 720
          },
          { timeout: 30_000 }
        )
        .toBe(true)
    } finally {
      lars.destroy()
      body.destroy()
      await context.close()
    }
  })

  it('a small plan is rendered whole, as before', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor'))
    await page.waitForSelector('.ProseMirror[contenteditable="true"] .goal-table')
    expect(await page.locator('.ProseMirror').getAttribute('class')).not.toContain('large-plan')
    await context.close()
  })
})
