// Issue #15, "Honest numbers", in real Chromium against the real server: the
// editor lists plan.json's problems and jumps to them; period and percentage
// fields read what Danes write; the follow-up's target picker follows the
// target's name, whole; the dashboard says "Mangler mål" / "Ingen måling"
// rather than a green "På rette spor" nobody measured.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { axeSerious, openPlan, selectWords, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let page: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  page = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Nina Nielsen' }), { bypassCSP: true })).page
})

const readPlan = async () => (await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${t.token('viewer')}`)).json()) as PlanExport
const readTarget = async (id: string) => (await readPlan()).goals.flatMap((g) => g.targets).find((x) => x.id === id)!
const longTerm = () => page.locator('.target').filter({ hasText: 'Langtidsledigheden' }).first()
const problems = () => page.locator('section.problems')

async function editField(scope: ReturnType<Page['locator']>, label: string, text: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true })
  await input.fill(text)
  await input.press('Tab')
}

describe('honest numbers in the editor', () => {
  it('lists no problems for the demo plan, then the target left without a value', async () => {
    await eventually(async () => expect(await problems().locator('h2').textContent()).toBe('Mangler (0)'))
    expect(await problems().textContent()).toContain('Ingen mangler fundet.')

    await longTerm().getByRole('button', { name: 'Rediger målsætning' }).click()
    await editField(longTerm(), 'Mål (tal)', '')
    await eventually(async () => expect((await readTarget(DEMO_IDS.targetLongTerm)).target.value).toBeNull(), 10_000)
    await eventually(async () => expect(await problems().locator('h2').textContent()).toBe('Mangler (1)'))
    const item = problems().getByRole('button')
    expect((await item.textContent())!.replace(/\s+/g, ' ').trim()).toBe('Målsætning: Langtidsledigheden Målsætningen har ingen målværdi endnu')
    expect((await readPlan()).problems.map((p) => p.message)).toEqual(['Målsætningen har ingen målværdi endnu'])
  })

  it('activating a problem from the keyboard selects its node in the editor and scrolls to it', async () => {
    // Start far away from the target: at the top of the plan.
    await page.locator('.ProseMirror').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.locator('.outline button').first().click()
    expect(await page.locator('.target.ProseMirror-selectednode').count()).toBe(0)
    await problems().getByRole('button').focus()
    await page.keyboard.press('Enter')
    await eventually(async () => expect(await page.locator('.target.ProseMirror-selectednode').count()).toBe(1))
    expect(await page.locator('.target.ProseMirror-selectednode .target-sentence').textContent()).toContain('Langtidsledigheden')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true)
    // Its sentence is on screen, below the sticky top bar and toolbar.
    const box = (await page.locator('.target.ProseMirror-selectednode .target-sentence').boundingBox())!
    const toolbar = (await page.locator('[role="toolbar"]').boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height)
    expect(box.y + box.height).toBeLessThanOrEqual(720)
  })

  it('the problems list passes axe with no serious or critical issue', async () => {
    expect(await axeSerious(page, 'section.problems')).toEqual([])
  })

  it('reads "dec. 2019" in a period field as 2019-12 and "15 %" in a percentage field as 15', async () => {
    await editField(longTerm(), 'Mål (periode)', 'dec. 2019')
    await eventually(async () => expect((await readTarget(DEMO_IDS.targetLongTerm)).target.period).toBe('2019-12'), 10_000)
    expect(await longTerm().getByLabel('Mål (periode)').inputValue()).toBe('december 2019')
    expect(await longTerm().locator('.field-error').filter({ hasText: /\S/ }).count()).toBe(0)

    await editField(longTerm(), 'Udgangspunkt (periode)', '31.12.2013')
    await eventually(async () => expect((await readTarget(DEMO_IDS.targetLongTerm)).baseline?.period).toBe('2013-12-31'), 10_000)
    await editField(longTerm(), 'Udgangspunkt (periode)', 'snart')
    expect(await longTerm().locator('.field-error').filter({ hasText: 'Skriv en periode' }).count()).toBe(1)

    const share = page.locator('.target').filter({ hasText: 'Andel sager med mere end 18' }).first()
    await share.getByRole('button', { name: 'Rediger målsætning' }).click()
    await editField(share, 'Mål (tal)', '15 %')
    await eventually(async () => expect((await readTarget(DEMO_IDS.targetFlexLong)).target.value).toBe(15), 10_000)
    expect(await share.locator('.field-error').filter({ hasText: 'Skriv et tal' }).count()).toBe(0)
  })

  it("the follow-up's target picker shows the target's new name, whole, as soon as it is edited", async () => {
    const entry = page.locator(`.goal[data-id="${DEMO_IDS.goalLongTerm}"] .follow-up`).first()
    // The form (and its picker) is built when it first opens; open, it follows edits elsewhere in the plan.
    await entry.getByRole('button', { name: 'Rediger opfølgning' }).click()
    const picker = entry.getByLabel('Målsætning')
    const shown = () => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!)
    expect(await shown()).toMatch(/^Langtidsledigheden /)
    const name = 'Antal langtidsledige borgere i kommunen målt som gennemsnit over de seneste tolv måneder'
    await editField(longTerm(), 'Indikator', name)
    await eventually(async () => expect(await shown()).toMatch(new RegExp(`^${name} `)))
    // Shortened, if at all, between words: what is shown is a prefix of whole words of the sentence.
    const label = await shown()
    const sentence = await page.locator('.target').filter({ hasText: name }).first().locator('.target-sentence').textContent()
    const words = label.replace(/ …$/, '').split(' ')
    expect(sentence!.split(' ').slice(0, words.length)).toEqual(words)
  })

  // Issue #17: the outline and the problems list skip keystrokes that cannot
  // change them (text typed outside a title); typing in a title still reaches them, live.
  it('the outline and the problems list follow typing in titles', async () => {
    const focusTitle = page.locator('h2.focus-title', { hasText: 'Flere sygemeldte hjælpes tilbage i arbejde' })
    await focusTitle.click()
    await page.keyboard.press('End')
    await page.keyboard.type(' og uddannelse')
    await eventually(async () =>
      expect(await page.locator('nav.outline button', { hasText: 'Flere sygemeldte hjælpes tilbage i arbejde og uddannelse' }).count()).toBe(1)
    )

    const noTitle = () => problems().getByRole('button').filter({ hasText: 'Målet har ingen titel' })
    expect(await noTitle().count()).toBe(0)
    const title = page.locator(`.goal[data-id="${DEMO_IDS.goalSick}"] .goal-cell[data-column="title"] p`).first()
    // The title wraps in its column: select its words rather than go to the end of a line.
    await selectWords(page, 'Færre årspersoner på sygedagpenge')
    await page.keyboard.press('Backspace')
    await eventually(async () => expect(await noTitle().count()).toBe(1))
    // Typing elsewhere changes nothing in the list.
    await page.locator('.ProseMirror p', { hasText: 'Der skal være plads til alle' }).click()
    await page.keyboard.type(' Altid.')
    await title.click()
    await page.keyboard.type('Færre på sygedagpenge')
    await eventually(async () => expect(await noTitle().count()).toBe(0))
    expect(await title.textContent()).toBe('Færre på sygedagpenge')
  })
})

describe('honest numbers on the dashboard', () => {
  it('shows "Mangler mål" for a target without a value (though its follow-up said on track) and "Ingen måling" for one never measured', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const dash = await context.newPage()
    await dash.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}/dashboard?token=${encodeURIComponent(t.token('viewer'))}`)
    const status = (id: string) => dash.locator(`tr.target-row[data-target-id="${id}"] td.col-status`)
    await eventually(async () => expect((await status(DEMO_IDS.targetLongTerm).textContent())!.trim()).toBe('○ Mangler mål'))
    expect((await status(DEMO_IDS.targetMethod).textContent())!.trim()).toBe('– Ingen måling')
    expect(await dash.locator('tr.target-row[data-status="onTrack"]').count()).toBe(1)
    await dash.getByLabel('Status').selectOption('noTarget')
    expect(await dash.locator('tr.target-row').count()).toBe(1)
    await context.close()
  })
})
