// Issue #12: a municipal employee signs in with the organisation's OpenID
// Connect provider in real Chromium: the authorization code flow with PKCE
// through a real provider (oidc-provider on 127.0.0.1), lands in the plan
// list ("ask an administrator" until they are a member), opens a plan they
// are a member of, and gets a plain page for one they are not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import { removeDir, type TestServer } from '../helpers/in-process-server'
import type { TestProvider } from '../helpers/oidc-provider'
import { startSignInServers } from '../helpers/sign-in-servers'
import { eventually } from '../../testkit/y-client'
import { axeSerious, openPlan } from './browser'
import { launchBrowser } from '../../testkit/chromium'

let t: TestServer
let idp: TestProvider
let stop: () => Promise<void>
let browser: Browser
beforeAll(async () => {
  ;({ t, idp, stop } = await startSignInServers([{ sub: 'alice-sub', email: 'alice@kommune.dk', name: 'Alice Andersen' }]))
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await stop()
  removeDir(t.dataDir)
})

describe('sign-in with the organisation account', () => {
  it('signs in through the provider, asks for access, then opens a member plan and refuses another', async () => {
    const admin = t.token('admin', { plan: '*' })
    const other = (await (
      await fetch(`${t.httpUrl}/api/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'empty', title: 'Anden plan' })
      })
    ).json()) as { plan: { id: string } }

    // bypassCSP only so the axe audit can be injected; the app itself runs under its CSP.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true })
    const page = await context.newPage()
    page.on('pageerror', (e) => console.error('pageerror:', e.message))
    await page.goto(`${t.httpUrl}/`)
    const signIn = page.getByRole('link', { name: 'Log ind med din organisations konto' })
    await signIn.waitFor({ timeout: 60_000 })
    const loginsBefore = idp.logins
    await signIn.click()

    // Through the provider and back: signed in, no membership yet.
    await page.getByText('Du har ikke adgang til nogen planer endnu. Bed en administrator om at give dig adgang.').waitFor({ timeout: 60_000 })
    expect(idp.logins).toBe(loginsBefore + 1)
    expect(new URL(page.url()).pathname).toBe('/')
    expect(page.url()).not.toMatch(/code=|state=|token=/)
    expect(await axeSerious(page)).toEqual([])

    // An administrator gives Alice the demo plan, and only that, in the sharing dialog.
    const adminPage = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, admin)).page
    await adminPage.getByRole('button', { name: 'Del', exact: true }).click()
    const dialog = adminPage.getByRole('dialog')
    await dialog.getByLabel('E-mail').fill('alice@kommune.dk')
    await dialog.getByLabel('Rolle', { exact: true }).last().selectOption('editor')
    await dialog.getByRole('button', { name: 'Giv adgang' }).click()
    await dialog.getByText('alice@kommune.dk har nu adgang.').waitFor()
    const aliceRow = dialog.locator('tr').filter({ hasText: 'alice@kommune.dk' })
    await aliceRow.waitFor()
    expect(await aliceRow.textContent()).toContain('log-ind')
    await adminPage.context().close()
    await page.reload()
    const planLink = page.getByRole('link', { name: /Beskæftigelsesplan/ }).first()
    await planLink.waitFor({ timeout: 60_000 })
    expect(await page.getByRole('link', { name: 'Anden plan' }).count()).toBe(0)

    await planLink.click()
    await page.waitForSelector('.plan-editor .goal-table', { timeout: 60_000 })
    await eventually(async () => expect(await page.locator('.me').textContent()).toMatch(/Alice Andersen.*redaktør/))
    // Her role is the member row's: she may edit, so the editor is editable.
    await eventually(async () => expect(await page.locator('.plan-editor').getAttribute('contenteditable')).toBe('true'))

    // A plan she is not a member of: a plain page, no editor.
    await page.goto(`${t.httpUrl}/plan/${other.plan.id}`)
    await page.getByRole('alert').waitFor({ timeout: 60_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Du har ikke adgang til planen')
    expect(await page.getByRole('alert').textContent()).toContain('ikke adgang til denne plan')
    expect(await page.locator('.plan-editor').count()).toBe(0)
    expect(await axeSerious(page)).toEqual([])
    await context.close()
  })
})
