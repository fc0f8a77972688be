// Issue #12: an administrator makes a personal API token in the UI, sees it
// once, and revokes it there; the revoked token no longer opens the REST API.
import { describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser, axeSerious } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

describe('API tokens in the UI', () => {
  it('creates a token shown once, lists it without the token, and revokes it', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('admin', { plan: '*', name: 'Birgit' }), { bypassCSP: true })
    await page.goto(`${t.httpUrl}/`)
    await page.getByText('API-nøgler til scripts').click()
    await page.getByLabel('Hvad bruges nøglen til?').fill('Power BI')
    await page.getByLabel('Adgang').selectOption(DEMO_PLAN_ID)
    await page.getByRole('button', { name: 'Lav nøgle' }).click()
    const value = page.getByLabel('Ny API-nøgle')
    await value.waitFor({ timeout: 60_000 })
    const token = await value.inputValue()
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    const plan = (bearer: string) => fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { authorization: `Bearer ${bearer}` } })
    expect((await plan(token)).status).toBe(200)

    expect(await axeSerious(page, '.api-tokens')).toEqual([])

    // Shown once: after a reload the list names it, the token is gone from the page.
    await page.reload()
    await page.getByText('API-nøgler til scripts').click()
    await page.getByRole('cell', { name: 'Power BI', exact: true }).waitFor({ timeout: 60_000 })
    expect(await page.content()).not.toContain(token)

    await page.getByRole('button', { name: 'Tilbagekald Power BI' }).click()
    await page.getByRole('cell', { name: 'Tilbagekaldt' }).waitFor({ timeout: 60_000 })
    await eventually(async () => expect((await plan(token)).status).toBe(401))
    await context.close()
  })
})
