// Issue #14 in the browser: "Historik" saves a named version, compares it
// with the plan now (text marked, goal table with before → after), restores
// it as a new change, and a returning visitor sees what changed since.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { extractPlanFromYDoc } from '../../schema'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { setField } from '../helpers/field-edits'
import { editBody, posOfText } from '../helpers/pm-edit'
import { axeSerious, openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

let anna: YClient
beforeAll(async () => {
  anna = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anna' }))
  await anna.synced()
})
afterAll(() => anna.destroy())

const SICK = DEMO_IDS.targetSickLevel
const valueOf = (): unknown =>
  extractPlanFromYDoc(anna.doc)
    .goals.flatMap((g) => g.targets)
    .find((x) => x.id === SICK)?.target.value
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim()

async function openHistory(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Historik', exact: true }).click()
  await page.locator('.history-dialog[open]').waitFor()
  await page.locator('.history-dialog .version, .history-dialog :text("Der er ingen gemte versioner endnu.")').first().waitFor({ timeout: 20_000 })
}

const version = (page: Page, name: string) =>
  page.locator('.history-dialog .version').filter({ has: page.locator('.version-name', { hasText: new RegExp(`^${name}$`) }) })

describe('version history, comparison, restore and since-last-visit', () => {
  let context: BrowserContext
  let page: Page
  const before = 438

  beforeAll(async () => {
    ;({ context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Cecilie' }), { bypassCSP: true }))
    expect(valueOf()).toBe(before)
  })
  afterAll(async () => {
    await context.close()
  })

  it('saves a named version from the Historik panel; the list shows stage, who, when and the summary line', async () => {
    // A first visit shows no summary of changes.
    expect(await page.locator('.since-visit').count()).toBe(0)
    await openHistory(page)
    await page.getByLabel('Navn på versionen').fill('Til udvalget')
    await page.getByRole('button', { name: 'Gem version' }).click()
    await expect.poll(async () => page.locator('.history-status').textContent(), { timeout: 20_000 }).toBe('Versionen »Til udvalget« er gemt.')
    const v = version(page, 'Til udvalget')
    await v.waitFor()
    const facts = squash(await v.locator('.version-facts').textContent())
    expect(facts).toContain('Navngivet')
    expect(facts).toContain('Cecilie')
    expect(squash(await v.locator('.version-summary').textContent())).not.toBe('')
    expect(await axeSerious(page, '.history-dialog')).toEqual([])
    await page.keyboard.press('Escape')
    await page.locator('.history-dialog').waitFor({ state: 'detached' })
    // Focus goes back to the button that opened the panel.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Historik')
  })

  it("on the next visit after someone else's edits, a dismissible summary shows what changed, numbers before → after, with a link to the comparison", async () => {
    // This visit remembers the newest version; Anna's edits come after it.
    await page.reload()
    await page.waitForSelector('.plan-editor .goal-table')
    expect(await page.locator('.since-visit').count()).toBe(0)
    setField(anna.doc, SICK, 'targetValue', 400)
    editBody(anna.doc, (s) => {
      const at = posOfText(s.doc, 'hvordan vi følger op.') + 'hvordan vi følger op.'.length
      return s.tr.insertText(' Opdateret i marts.', at)
    })
    await eventually(async () => {
      const res = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json`, { headers: { authorization: `Bearer ${t.token('viewer')}` } })
      const plan = (await res.json()) as { goals: Array<{ targets: Array<{ id: string; target: { value: number } }> }> }
      expect(plan.goals.flatMap((g) => g.targets).find((x) => x.id === SICK)?.target.value).toBe(400)
    })
    await page.reload()
    const since = page.locator('.since-visit')
    await since.waitFor({ timeout: 20_000 })
    const text = squash(await since.textContent())
    expect(text).toContain('Ændret siden dit sidste besøg')
    expect(text).toContain('Flere sygemeldte hjælpes tilbage i arbejde')
    expect(text).toContain('mål 438 → 400 årspersoner')
    expect(text).toContain('1 afsnit i teksten redigeret')
    const href = await since.getByRole('link', { name: 'Se alle ændringer' }).getAttribute('href')
    expect(href).toMatch(/\/compare\?from=.+&to=now$/)
    await since.getByRole('button', { name: 'Skjul' }).click()
    expect(await page.locator('.since-visit').count()).toBe(0)
  })

  it('"Sammenlign med nu" shows the text with insertions marked and the goal table with before → after', async () => {
    await openHistory(page)
    await version(page, 'Til udvalget').getByRole('link', { name: 'Sammenlign med nu' }).click()
    await page.waitForSelector('.compare-view h1')
    await page.locator('.compare-summary').waitFor({ timeout: 20_000 })
    expect(squash(await page.locator('h1').textContent())).toMatch(/^Sammenligning: Til udvalget \(.+\) → nu$/)
    const row = page.locator(`tr.goal-change[data-kind="target-changed"][data-item="${SICK}"]`)
    expect(squash(await row.textContent())).toContain('mål 438 → 400 årspersoner')
    const ins = page.locator('.text-change ins')
    expect(squash(await ins.first().textContent())).toContain('Opdateret i marts.')
    // Not by colour alone: underlined, with a sign and words for screen readers.
    expect(await ins.first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline')
    expect(await ins.first().locator('.diff-mark').textContent()).toBe('+')
    expect(await ins.first().locator('.sr-only').first().textContent()).toContain('tilføjet')
    expect(await axeSerious(page, '.compare-view')).toEqual([])
  })

  it('"Gendan" asks first, then brings the old value back as a new change with "før" and "gendannet" versions', async () => {
    await page.getByRole('link', { name: 'Tilbage til planen' }).click()
    await page.waitForSelector('.plan-editor .goal-table')
    await openHistory(page)
    await version(page, 'Til udvalget').getByRole('button', { name: 'Gendan' }).click()
    const confirm = page.locator('.version-confirm[role="alertdialog"]')
    expect(squash(await confirm.textContent())).toContain('ny ændring')
    expect(squash(await confirm.textContent())).toContain('Intet går tabt')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ja, gendan')
    await page.keyboard.press('Enter')
    await expect.poll(async () => page.locator('.history-status').textContent(), { timeout: 20_000 }).toContain('er gendannet som en ny ændring')
    await eventually(() => expect(valueOf()).toBe(before))
    await page.locator('.history-dialog .version[data-kind="restored"]').waitFor()
    await page.locator('.history-dialog .version[data-kind="before-restore"]').waitFor()
    expect(await page.locator('.history-dialog .version[data-kind="named"] .version-name').allTextContents()).toContain('Til udvalget')
  })

  it('a viewer compares and downloads but cannot save or restore', async () => {
    const viewer = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Ulla' }))
    await openHistory(viewer.page)
    await version(viewer.page, 'Til udvalget').waitFor()
    expect(await viewer.page.locator('.history-save').count()).toBe(0)
    expect(await viewer.page.getByRole('button', { name: 'Gendan' }).count()).toBe(0)
    expect(await version(viewer.page, 'Til udvalget').getByRole('link', { name: 'Sammenlign med nu' }).count()).toBe(1)
    const download = viewer.page.waitForEvent('download')
    await version(viewer.page, 'Til udvalget').locator('button[data-export="json"]').click()
    const file = await download
    const json = JSON.parse(await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8')) as {
      goals: Array<{ targets: Array<{ id: string; target: { value: number } }> }>
    }
    expect(json.goals.flatMap((g) => g.targets).find((x) => x.id === SICK)?.target.value).toBe(before)

    // "Sammenlign med …" another version: the one saved just before the restore still has Anna's 400.
    await version(viewer.page, 'Til udvalget').getByRole('button', { name: 'Sammenlign med …' }).click()
    const chooser = viewer.page.getByLabel('Sammenlign »Til udvalget« med')
    expect(await viewer.page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT')
    const option = await chooser.locator('option', { hasText: 'Før gendannelse' }).getAttribute('value')
    await chooser.selectOption(option!)
    await viewer.page.getByRole('button', { name: 'Sammenlign', exact: true }).click()
    await viewer.page.locator('.compare-summary').waitFor({ timeout: 20_000 })
    expect(squash(await viewer.page.locator('h1').textContent())).toMatch(/^Sammenligning: Til udvalget \(.+\) → Før gendannelse/)
    expect(squash(await viewer.page.locator(`tr.goal-change[data-item="${SICK}"]`).textContent())).toContain('mål 438 → 400 årspersoner')
    await viewer.context.close()
  })
})
