// Issue #15: axe-core (WCAG 2.0/2.1 A and AA rules, injected from
// node_modules, no network) finds no serious or critical violation on the
// plan list, the editor, the dashboard, the history dialog and the sharing
// dialog. Each page's counts by impact are printed, so the closing note can
// quote them.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { axeViolations, openPlan, useServerAndBrowser, type AxeViolation } from './browser'

let t: TestServer
let browser: Browser
let page: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  // bypassCSP only so axe can be injected; the app itself runs under its CSP.
  page = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('admin', { name: 'Aksel Admin' }), { bypassCSP: true })).page
})

/** Audit the page (or a part of it), print the counts by impact, and return the serious and critical ones. */
async function audit(name: string, selector?: string): Promise<AxeViolation[]> {
  const found = await axeViolations(page, selector)
  const counts: Record<string, number> = {}
  for (const v of found) counts[v.impact] = (counts[v.impact] ?? 0) + 1
  console.log(`axe ${name}: ${found.length} violations ${JSON.stringify(counts)} ${found.map((v) => `${v.id}(${v.impact})`).join(' ')}`)
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

describe('axe-core on the main pages', () => {
  it('the audit finds what is broken (a button without a name), so a clean result means something', async () => {
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('button'), { id: 'nameless' })))
    expect((await audit('editor with a nameless button')).map((v) => v.id)).toContain('button-name')
    await page.evaluate(() => document.getElementById('nameless')!.remove())
  })

  it('the editor, also with a target form, a follow-up form and the comment box open', async () => {
    expect(await audit('editor')).toEqual([])
    await page.getByRole('button', { name: 'Rediger målsætning' }).first().click()
    await page.getByRole('button', { name: 'Rediger opfølgning' }).first().click()
    await page.getByRole('button', { name: 'Kommentér markering' }).click()
    expect(await audit('editor with forms open')).toEqual([])
  })

  it("a council member's editor (read-only text, the note about it inside the main landmark)", async () => {
    const council = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Rita Råd' }), { bypassCSP: true })
    expect(await council.page.getByRole('main').getByRole('note').count()).toBe(1)
    const found = await axeViolations(council.page)
    console.log(`axe commenter editor: ${found.length} violations ${found.map((v) => `${v.id}(${v.impact})`).join(' ')}`)
    expect(found.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
    await council.context.close()
  })

  it('the history dialog', async () => {
    await page.getByRole('button', { name: 'Historik' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await dialog.locator('li, p').first().waitFor()
    expect(await audit('history dialog')).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('the sharing dialog', async () => {
    await page.getByRole('button', { name: 'Del', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await dialog.locator('table, p').first().waitFor()
    expect(await audit('sharing dialog')).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('the dashboard', async () => {
    await page.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}/dashboard`)
    await page.waitForSelector('tr.target-row', { timeout: 60_000 })
    expect(await audit('dashboard')).toEqual([])
  })

  it('the plan list', async () => {
    await page.goto(`${t.httpUrl}/`)
    await page
      .getByRole('link', { name: /Beskæftigelsesplan/ })
      .first()
      .waitFor({ timeout: 60_000 })
    expect(await audit('plan list')).toEqual([])
  })
})
