// Copying an address of the app never copies access: after a link is opened,
// neither the address bar nor any link on any page carries the token, the
// page still works after a reload (the session cookie), and the same address
// opened in another browser gets a plain "ask for a link" page.
import { describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

/** Every address on the page: the location and each link's href. */
async function addresses(page: Page): Promise<string[]> {
  return [page.url(), ...(await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))]
}

async function expectNoToken(page: Page): Promise<void> {
  const all = await addresses(page)
  expect(all.length).toBeGreaterThan(1)
  for (const a of all) expect(a, a).not.toMatch(/token=|[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/)
}

describe('no access in addresses', () => {
  it('the plan page, the plan list and the dashboards carry no token, and a copied address opens nothing elsewhere', async () => {
    const token = t.token('admin', { plan: '*', name: 'Birgit' })
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, token)
    await expectNoToken(page)
    const copied = page.url()

    await page.reload()
    await page.waitForSelector('.plan-editor .goal-table')
    await expectNoToken(page)

    await page.locator('a.brand').click()
    await page.waitForSelector('.plan-list, main')
    await page
      .getByRole('link', { name: /Beskæftigelsesplan/ })
      .first()
      .waitFor()
    await expectNoToken(page)

    await page.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}/dashboard`)
    await page.locator('table').first().waitFor()
    await expectNoToken(page)
    await page.goto(`${t.httpUrl}/dashboard?status=offTrack`)
    await page.locator('table').first().waitFor()
    await expectNoToken(page)

    // Someone else's browser, given the copied address.
    const other = await browser.newContext()
    const stranger = await other.newPage()
    await stranger.goto(copied)
    // Without the token the address is no link at all: the page says how to get one.
    await stranger.getByRole('heading', { level: 1 }).waitFor()
    expect(await stranger.getByRole('heading', { level: 1 }).textContent()).toBe('Du skal bruge et link for at åbne en plan')
    expect(await stranger.locator('.plan-editor').count()).toBe(0)
    await other.close()
    await context.close()
  })
})
