// Plan management in the browser (issue #12): an administrator renames a plan
// and sets its status in the plan settings dialog, the plan list shows the
// new title, status, period and who changed it, the search field filters as
// you type, and a deleted plan moves to "Slettede planer" and comes back with
// "Gendan". axe-core finds nothing serious on the plan list.
import { describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser, axeSerious } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

describe('plan management in the browser', () => {
  it('an administrator renames a plan and sets its status; the list shows it, search filters, delete and restore work', async () => {
    const admin = t.token('admin', { plan: '*', name: 'Birgit Admin' })
    const created = await fetch(`${t.httpUrl}/api/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'demo', title: 'Udkast til plan' })
    })
    const id = ((await created.json()) as { plan: { id: string } }).plan.id

    // bypassCSP only so the audit below may inject axe (our CSP forbids inline scripts).
    const { context, page } = await openPlan(browser, t.httpUrl, id, admin, { bypassCSP: true })
    await page.getByRole('button', { name: 'Indstillinger', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Planindstillinger' })
    await dialog.getByLabel('Titel').fill('Beskæftigelsesplan 2028')
    await dialog.getByLabel('Periode').fill('2028')
    await dialog.getByLabel('Kommune').fill('Eksempelby Kommune')
    await dialog.getByLabel('Status').selectOption({ label: 'Til behandling i udvalget' })
    // Keyboard: Enter in a field submits the form.
    await dialog.getByLabel('Titel').press('Enter')
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toContain('gemt')
    // The page's own title arrives through sync, like any other editor's.
    await eventually(async () => expect(await page.locator('h1.plan-title').textContent()).toBe('Beskæftigelsesplan 2028'))
    await page.keyboard.press('Escape')

    await page.goto(`${t.httpUrl}/`)
    const item = page.locator('.plan-list li', { has: page.getByRole('link', { name: 'Beskæftigelsesplan 2028', exact: true }) })
    await eventually(async () => {
      const text = await item.textContent()
      expect(text).toContain('Til behandling i udvalget')
      expect(text).toContain('2028')
      expect(text).toContain('Eksempelby Kommune')
      expect(text).toContain('af Birgit Admin')
    })

    // Search filters by title and municipality as you type.
    const links = () => page.locator('main > .plan-list a:not(.dashboard-link)').allTextContents()
    expect(await links()).toContain('Beskæftigelsesplan 2028')
    expect((await links()).length).toBeGreaterThan(1)
    await page.getByLabel('Søg i planer').pressSequentially('eksempelby')
    await eventually(async () => expect(await links()).toEqual(['Beskæftigelsesplan 2028']))
    await page.getByLabel('Søg i planer').fill('findes-ikke-xyz')
    await eventually(async () => expect(await page.getByText('Ingen planer matcher').count()).toBe(1))
    await page.getByLabel('Søg i planer').fill('')
    await eventually(async () => expect((await links()).length).toBeGreaterThan(1))

    // Delete from the plan page: the confirmation names the plan and the undo.
    await page.goto(`${t.httpUrl}/plan/${id}`)
    await page.getByRole('button', { name: 'Indstillinger', exact: true }).click()
    await dialog.getByRole('button', { name: 'Slet plan …' }).focus()
    await page.keyboard.press('Enter')
    // Focus moves to the safe answer; the question names the plan and the undo.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Fortryd')
    const confirmText = await dialog.getByRole('alert').textContent()
    expect(confirmText).toContain('»Beskæftigelsesplan 2028«')
    expect(confirmText).toContain('30 dage')
    expect(await axeSerious(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Ja, slet planen' }).click()
    await page.waitForURL(`${t.httpUrl}/`)
    const deletedSection = page.getByRole('region', { name: 'Slettede planer' })
    await eventually(async () => expect(await deletedSection.textContent()).toContain('Beskæftigelsesplan 2028'))
    expect(await links()).not.toContain('Beskæftigelsesplan 2028')
    expect(await links()).toContain(await demoTitle())

    expect(await axeSerious(page)).toEqual([])

    await deletedSection.getByRole('button', { name: 'Gendan Beskæftigelsesplan 2028' }).click()
    await eventually(async () => expect(await links()).toContain('Beskæftigelsesplan 2028'))
    expect(await page.getByRole('region', { name: 'Slettede planer' }).count()).toBe(0)
    await context.close()
  })

  it('editors see no plan settings and no deleted plans', async () => {
    const { context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Ole' }))
    expect(await page.getByRole('button', { name: 'Indstillinger', exact: true }).count()).toBe(0)
    await page.goto(`${t.httpUrl}/`)
    await page.getByLabel('Søg i planer').waitFor()
    expect(await page.getByRole('region', { name: 'Slettede planer' }).count()).toBe(0)
    await context.close()
  })
})

async function demoTitle(): Promise<string> {
  const r = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}?token=${t.token('viewer')}`)
  return ((await r.json()) as { plan: { title: string } }).plan.title
}
