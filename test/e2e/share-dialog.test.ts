// Issue #12, sharing dialog: an administrator opens "Del", invites a council
// member and copies the link (shown once); the council member opens it in
// another browser and comments; made viewer, their page reloads itself with a
// notice and the comment button is gone; revoked, their page says so. The
// open dialog is a real modal (focus inside, Escape closes and returns focus)
// and axe finds nothing serious in it.
import { describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser, selectWords, axeSerious } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

const focusInDialog = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('dialog.share-dialog'))

describe('the sharing dialog', () => {
  it('invite, copy the link once, the invitee comments; a role change reaches their open page; revoking closes it', async () => {
    // bypassCSP: only so axe can be injected into this audit page.
    const { page: admin, context: adminContext } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('admin', { name: 'Birgit' }), {
      bypassCSP: true,
      permissions: ['clipboard-read', 'clipboard-write']
    })
    const share = admin.getByRole('button', { name: 'Del', exact: true })
    await share.click()
    const dialog = admin.getByRole('dialog', { name: 'Del planen' })
    await dialog.waitFor()
    expect(await focusInDialog(admin)).toBe(true)

    // Escape closes and gives focus back to "Del".
    await admin.keyboard.press('Escape')
    await eventually(async () => expect(await dialog.count()).toBe(0), 5_000)
    expect(await share.evaluate((el) => el === document.activeElement)).toBe(true)
    await share.click()
    await dialog.waitFor()

    // Tab never leaves the modal.
    for (let i = 0; i < 25; i++) {
      await admin.keyboard.press('Tab')
      expect(await focusInDialog(admin)).toBe(true)
    }

    await dialog.getByLabel('Navn', { exact: true }).fill('Lars LBR')
    await dialog.getByLabel('Gruppe', { exact: true }).selectOption('council')
    await dialog.getByLabel('Rolle', { exact: true }).selectOption('commenter')
    await dialog.getByLabel('Gyldig i dage').fill('7')
    await dialog.getByRole('button', { name: 'Opret link' }).click()

    const linkField = dialog.getByTestId('new-link')
    await linkField.waitFor()
    const link = await linkField.inputValue()
    expect(link).toMatch(new RegExp(`/plan/${DEMO_PLAN_ID}\\?token=`))
    expect(await dialog.textContent()).toContain('Linket vises kun nu')
    await dialog.getByRole('button', { name: 'Kopiér link' }).click()
    await eventually(async () => expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link), 5_000)
    // The list shows the new person, active, never seen, through an invitation link.
    const larsRow = dialog.locator('tr', { hasText: 'Lars LBR' })
    await eventually(async () => expect(await larsRow.textContent()).toMatch(/LBR.*kommentator.*aktiv.*aldrig.*invitationslink/s), 5_000)

    expect(await axeSerious(admin, 'dialog.share-dialog')).toEqual([])

    // The council member opens the link in another browser and comments.
    const lars = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await lars.newPage()
    page.on('pageerror', (e) => console.error('pageerror:', e.message))
    await page.goto(link)
    await page.waitForSelector('.plan-editor p', { timeout: 60_000 })
    expect(page.url()).not.toContain('token=')
    await selectWords(page, 'Fortsætte den kommunale stressenhed')
    await page.getByTestId('add-comment').click()
    await page.getByLabel('Skriv din kommentar').fill('Hvor mange pladser er der?')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await eventually(async () => expect(await admin.locator('.thread', { hasText: 'Hvor mange pladser er der?' }).count()).toBe(1), 10_000)
    // The list now says when Lars was last seen (not "aldrig").
    await dialog.getByRole('button', { name: 'Luk' }).click()
    await share.click()
    await eventually(async () => expect(await dialog.locator('tr', { hasText: 'Lars LBR' }).textContent()).not.toContain('aldrig'), 5_000)

    // Made viewer: Lars's page reloads itself, says so, and offers no commenting.
    await dialog.getByLabel('Rolle for Lars LBR').selectOption('viewer')
    await eventually(async () => expect(await dialog.locator('[role=status]').textContent()).toContain('Lars LBR er nu læser'), 5_000)
    await eventually(async () => expect(await page.locator('.notice[role=alert]').textContent()).toContain('Du er nu læser'), 15_000)
    await page.waitForSelector('.plan-editor p', { timeout: 60_000 })
    expect(await page.getByTestId('add-comment').count()).toBe(0)
    // Nor editing the comment they wrote as a commenter (the server would refuse it as read-only).
    expect(await page.locator('.thread', { hasText: 'Hvor mange pladser er der?' }).count()).toBe(1)
    expect(await page.locator('.thread', { hasText: 'Hvor mange pladser er der?' }).getByRole('button', { name: 'Rediger' }).count()).toBe(0)
    expect(await page.locator('.me').textContent()).toContain('læser')

    // Revoked (with a confirmation): Lars's page says access was revoked.
    await dialog.getByRole('button', { name: 'Tilbagekald adgangen for Lars LBR' }).click()
    await dialog.getByRole('button', { name: 'Ja, tilbagekald' }).click()
    await eventually(async () => expect(await dialog.locator('tr', { hasText: 'Lars LBR' }).textContent()).toContain('tilbagekaldt'), 5_000)
    await eventually(async () => expect(await page.locator('.sync-indicator').textContent()).toContain('Din adgang til planen er trukket tilbage'), 10_000)

    await lars.close()
    await adminContext.close()
  })
})
