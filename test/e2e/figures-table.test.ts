// The måltal table: numbers only (text refused at the field, Danish number
// format accepted), rows and columns added and removed, all in plan.json.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let page: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  page = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Måltal' }))).page
})

const figures = async () => ((await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${t.token('viewer')}`)).json()) as PlanExport).figures
const row = async (group: string) => (await figures()).find((f) => f.targetGroup === group)!

describe('figures table', () => {
  it('takes Danish numbers, refuses text at the field, and stores nothing invalid', async () => {
    const table = page.locator('.figures-table').first()
    const cell = table.getByLabel('Sygedagpenge – Måltal 2019')
    await cell.scrollIntoViewIfNeeded()
    await cell.fill('cirka 400')
    await cell.press('Tab')
    expect(await cell.getAttribute('aria-invalid')).toBe('true')
    expect(await table.locator('.field-error').textContent()).toContain('Skriv et tal')
    expect((await row('sygedagpenge')).values['Måltal 2019']).toBe(438)
    await cell.fill('1.412,5')
    await cell.press('Tab')
    await eventually(async () => expect((await row('sygedagpenge')).values['Måltal 2019']).toBe(1412.5), 10_000)
    expect(await cell.getAttribute('aria-invalid')).toBeNull()
  })

  it('adds and removes rows and columns', async () => {
    const table = page.locator('.figures-table').first()
    const rowsBefore = (await figures()).length
    await table.getByRole('button', { name: /Tilføj række/ }).click()
    await eventually(async () => expect((await figures()).length).toBe(rowsBefore + 1), 10_000)
    await table.getByRole('button', { name: /Tilføj kolonne/ }).click()
    await eventually(async () => expect(await table.locator('thead th').count()).toBe(5))
    const newHead = table.getByLabel('Kolonne 4', { exact: true })
    await newHead.fill('Måltal 2020')
    await newHead.press('Tab')
    const cell = table.getByLabel('Jobafklaring – Måltal 2020')
    await cell.fill('99')
    await cell.press('Tab')
    await eventually(async () => expect((await row('jobafklaring')).values['Måltal 2020']).toBe(99), 10_000)
    await table.getByRole('button', { name: 'Slet kolonne Måltal 2018' }).click()
    await eventually(async () => expect(Object.keys((await row('jobafklaring')).values)).not.toContain('Måltal 2018'), 10_000)
    await table.getByRole('button', { name: 'Slet række Ledighedsydelse' }).click()
    await eventually(async () => expect((await figures()).map((f) => f.targetGroup)).not.toContain('ledighedsydelse'), 10_000)
  })
})
