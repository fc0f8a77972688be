// Offline: one person loses the network, keeps editing, reloads while still
// offline (the app and the edits are there), comes back; both converge.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { clickAtEnd, openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let a: { context: BrowserContext; page: Page }
let b: { context: BrowserContext; page: Page }

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  a = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne' }))
  b = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo' }))
})

const typeAtEndOf = async (page: Page, goalId: string, column: string, text: string) => {
  await clickAtEnd(page, page.locator(`.goal[data-id="${goalId}"] .goal-cell[data-column="${column}"] p`).first())
  await page.keyboard.type(text)
}
const indicator = (page: Page) => page.locator('.sync-indicator')

describe('offline', () => {
  it('edits offline survive a reload without network and merge when back online', async () => {
    await eventually(async () => expect(await indicator(a.page).getAttribute('data-state')).toBe('saved'), 10_000)
    // The service worker must have the app shell before the network goes.
    await eventually(
      async () => expect(await a.page.evaluate(async () => (await (await caches.open('faellesplan-shell-v1')).keys()).length)).toBeGreaterThan(3),
      15_000
    )

    await a.context.setOffline(true)
    await eventually(async () => expect(await indicator(a.page).getAttribute('data-state')).toBe('offline'))
    await typeAtEndOf(a.page, DEMO_IDS.goalClarify, 'title', ' (skrevet i toget)')
    // Counted in parts of the plan, not keystrokes (issue #15): one goal's title typed into.
    await eventually(async () => expect(await indicator(a.page).textContent()).toBe('Offline – 1 mål ændret, venter på at blive gemt'))
    await clickAtEnd(a.page, a.page.locator('.plan-editor > p').first())
    await a.page.keyboard.type(' Skrevet uden net.')
    await eventually(async () => expect(await indicator(a.page).textContent()).toBe('Offline – 1 afsnit og 1 mål ændret, venter på at blive gemt'))

    await typeAtEndOf(b.page, DEMO_IDS.goalCompanies, 'title', ' (skrevet på kontoret)')

    // Reload right after typing, still offline: the app opens from the
    // service worker and the edit from this computer's storage.
    await a.page.reload()
    await a.page.waitForSelector('.plan-editor .goal-table', { timeout: 60_000 })
    expect(await a.page.locator(`.goal[data-id="${DEMO_IDS.goalClarify}"]`).textContent()).toContain('(skrevet i toget)')
    expect(await a.page.locator(`.goal[data-id="${DEMO_IDS.goalCompanies}"]`).textContent()).not.toContain('(skrevet på kontoret)')

    await a.context.setOffline(false)
    for (const page of [a.page, b.page]) {
      await eventually(async () => {
        expect(await page.locator(`.goal[data-id="${DEMO_IDS.goalClarify}"]`).textContent()).toContain('(skrevet i toget)')
        expect(await page.locator(`.goal[data-id="${DEMO_IDS.goalCompanies}"]`).textContent()).toContain('(skrevet på kontoret)')
      }, 20_000)
    }
    await eventually(async () => expect(await indicator(a.page).getAttribute('data-state')).toBe('saved'), 15_000)
  }, 90_000)

  // y-indexeddb issue 28: its writes are not awaited, so a reload straight
  // after typing could lose the edit. Our journal is written synchronously.
  it('a reload straight after typing and deleting, with no network, loses nothing', async () => {
    await a.context.setOffline(true)
    await typeAtEndOf(a.page, DEMO_IDS.goalLongTerm, 'title', ' NU')
    await a.page.keyboard.press('Backspace')
    // Synchronously stored: the journal holds the typing and the deletion the moment the keys are handled.
    expect(
      await a.page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('faellesplan.journal.'))
          .map((k) => JSON.parse(localStorage.getItem(k)!).length)
          .reduce((x, y) => x + y, 0)
      )
    ).toBeGreaterThanOrEqual(4)
    await a.page.reload()
    await a.page.waitForSelector('.plan-editor .goal-table', { timeout: 60_000 })
    const title = a.page.locator(`.goal[data-id="${DEMO_IDS.goalLongTerm}"] .goal-cell[data-column="title"] .goal-cell-content`)
    expect(await title.textContent()).toMatch(/ N$/)
    await a.context.setOffline(false)
    await eventually(
      async () =>
        expect(await b.page.locator(`.goal[data-id="${DEMO_IDS.goalLongTerm}"] .goal-cell[data-column="title"] .goal-cell-content`).textContent()).toMatch(
          / N$/
        ),
      15_000
    )
    await eventually(async () => expect(await indicator(a.page).getAttribute('data-state')).toBe('saved'), 15_000)
    // Everything is on the server now, so the journal is empty again.
    expect(await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('faellesplan.journal.')).length)).toBe(0)
  }, 60_000)
})
