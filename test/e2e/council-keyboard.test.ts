// Issue #15, "Council and keyboard": a council member comments with the
// keyboard alone — a caret in the read-only text, Shift+arrow selections,
// a comment button on each goal, target, follow-up and figures cell — and
// proposes new target values that an editor accepts, undoes and accepts again.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { ThreadReport } from '../../schema/comments'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { axeSerious, openPlan, selectWords, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let council: Page
let editor: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  council = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Lars LBR', group: 'council' }))).page
  editor = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne Andersen' }))).page
})

const viewer = () => t.token('viewer')
const readPlan = async () => (await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${viewer()}`)).json()) as PlanExport
const readThreads = async () =>
  ((await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/comments.json?token=${viewer()}`)).json()) as { threads: ThreadReport[] }).threads
const target = async (id: string) => (await readPlan()).goals.flatMap((g) => g.targets).find((x) => x.id === id)!
const thread = (page: Page, text: string) => page.locator('.thread').filter({ hasText: text })
/** What has focus: enough to tell the elements of this page apart. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return {
      skip: el?.matches('a.skip-link') === true ? (el.getAttribute('href') ?? '') : null,
      node: el?.getAttribute('data-comment-node') ?? null,
      goal: el?.closest('.goal')?.getAttribute('data-id') ?? null,
      editor: el?.classList.contains('ProseMirror') === true,
      id: el?.id ?? ''
    }
  })

describe('council and keyboard', () => {
  it(`a commenter posts a comment on the first goal with at most 10 Tab presses from page load`, async () => {
    const { context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Tove Tastatur', group: 'council' }))
    await page.waitForSelector(`.goal[data-id="${DEMO_IDS.goalSick}"] [data-comment-node="goal"]`)
    // Press Tab until the first goal's comment button has focus; a skip link
    // to the plan is followed with Enter, as a keyboard user would.
    let tabs = 0
    const followed = new Set<string>()
    for (;;) {
      const f = await focused(page)
      if (f.node === 'goal' && f.goal === DEMO_IDS.goalSick) break
      if (f.skip === '#editor' && !followed.has(f.skip)) {
        followed.add(f.skip)
        await page.keyboard.press('Enter')
        continue
      }
      expect(tabs, 'Tab presses before the first goal’s comment button').toBeLessThan(40)
      await page.keyboard.press('Tab')
      tabs++
    }
    const name = await page.evaluate(() => document.activeElement!.getAttribute('aria-label'))
    expect(name).toBe('Kommentér mål: Færre årspersoner på sygedagpenge')
    await page.keyboard.press('Enter')
    await eventually(async () => expect((await focused(page)).id).toBe('comment-draft'))
    await page.keyboard.type('Hvor mange årspersoner er der nu?')
    await page.keyboard.press('Tab')
    tabs++
    expect(await page.evaluate(() => document.activeElement!.textContent)).toBe('Send')
    await page.keyboard.press('Enter')
    console.log(`council-keyboard: ${tabs} Tab presses from page load to a posted comment on the first goal (skip link followed: ${followed.size > 0})`)
    expect(tabs).toBeLessThanOrEqual(10)

    await eventually(async () => {
      const th = (await readThreads()).find((x) => x.comments[0]?.text === 'Hvor mange årspersoner er der nu?')
      expect(th).toMatchObject({ attached: true, goalId: DEMO_IDS.goalSick, node: { type: 'goal', id: DEMO_IDS.goalSick } })
    })
    // Focus is back on the button the comment started from.
    await eventually(async () => expect((await focused(page)).node).toBe('goal'))
    // The editor sees what the comment is about.
    await eventually(async () =>
      expect(await thread(editor, 'Hvor mange årspersoner er der nu?').textContent()).toContain('Mål: Færre årspersoner på sygedagpenge')
    )
    // And the goal row is marked as commented on.
    await eventually(async () => expect(await editor.locator(`.goal.comment-node-range[data-id="${DEMO_IDS.goalSick}"]`).count()).toBe(1))
    await context.close()
  })

  it('the read-only text has a caret: Shift+arrows select, typing changes nothing, and "Kommentér markering" comments on the keyboard selection', async () => {
    const before = JSON.stringify(await readPlan())
    const pm = council.locator('.ProseMirror')
    expect(await pm.getAttribute('aria-readonly')).toBe('true')
    await pm.focus()
    await council.keyboard.press('Control+Home')
    await council.keyboard.press('Shift+Control+ArrowRight')
    await council.keyboard.press('Shift+Control+ArrowRight')
    await eventually(async () => expect((await council.evaluate(() => window.getSelection()!.toString())).trim()).toBe('Beskæftigelsesplan 2019'))
    // Every way of changing the text is refused in the browser, before the server has to.
    await council.keyboard.press('ArrowRight')
    await council.keyboard.type('XYZ')
    await council.keyboard.press('Backspace')
    await council.keyboard.press('Enter')
    await council.keyboard.press('Delete')
    await council.keyboard.press('Control+Home')
    await council.keyboard.press('Shift+Control+ArrowRight')
    await council.keyboard.press('Shift+Control+ArrowRight')
    expect(await pm.locator('h2').first().textContent()).toBe('Beskæftigelsesplan 2019 for Eksempel Kommune')

    // Tab on to the comments panel's button; the selection made with the keyboard is what gets commented.
    for (let i = 0; i < 200 && (await council.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'add-comment'; i++)
      await council.keyboard.press('Tab')
    await council.keyboard.press('Enter')
    await council.keyboard.type('Hvilket år gælder planen?')
    await council.keyboard.press('Control+Enter')
    await eventually(async () => {
      const th = (await readThreads()).find((x) => x.comments[0]?.text === 'Hvilket år gælder planen?')
      expect(th).toMatchObject({ attached: true, quote: 'Beskæftigelsesplan 2019', node: null })
    })
    expect(JSON.stringify(await readPlan())).toBe(before)
    // The connection was never refused (a refused socket shows a notice and stops syncing).
    expect(await council.locator('.notice[role="alert"]').count()).toBe(0)
  })

  it('every target, follow-up and figures cell has a named comment button', async () => {
    expect(await council.locator('.target [data-comment-node="target"]').count()).toBe(await council.locator('.target').count())
    expect(await council.locator('.follow-up [data-comment-node="follow_up"]').count()).toBe(await council.locator('.follow-up').count())
    const cell = council.locator('[data-comment-node="figures_cell"]').first()
    expect(await cell.getAttribute('aria-label')).toMatch(/^Kommentér tal: .+, .+/)
    await cell.click()
    await council.keyboard.type('Hvor kommer tallet fra?')
    await council.keyboard.press('Control+Enter')
    await eventually(async () =>
      expect((await readThreads()).find((x) => x.comments[0]?.text === 'Hvor kommer tallet fra?')).toMatchObject({
        attached: true,
        node: { type: 'figures_cell', id: null }
      })
    )
  })

  it('a commenter proposes target values; the editor accepts, undoes (the thread is open again, not "Accepteret") and accepts again', async () => {
    const id = DEMO_IDS.targetSickLevel
    expect(await target(id)).toMatchObject({ target: { value: 438, period: '2019', comparator: '<=' } })
    const box = council.locator('.target').first()
    // Commenters get no edit form, only the proposal.
    expect(await box.getByRole('button', { name: 'Rediger målsætning' }).isVisible()).toBe(false)
    await box.getByRole('button', { name: 'Foreslå nye værdier for målsætningen: Antal årspersoner på sygedagpenge' }).click()
    await council.keyboard.press('Control+a')
    await council.keyboard.type('420')
    await box.locator('.suggest-form').getByLabel('Mål (periode)').fill('dec. 2020')
    await box.getByLabel('Begrundelse (valgfri)').fill('Stressenheden virker.')
    await box.getByRole('button', { name: 'Send forslag' }).click()

    const th = thread(editor, 'Stressenheden virker.')
    await eventually(async () => expect(await th.count()).toBe(1))
    const change = await th.getByTestId('target-suggestion').textContent()
    expect(change).toContain('438')
    expect(change).toContain('420')
    expect(await target(id)).toMatchObject({ target: { value: 438 } })
    // The commenter cannot decide it.
    expect(await thread(council, 'Stressenheden virker.').getByRole('button', { name: 'Acceptér' }).count()).toBe(0)

    await th.getByRole('button', { name: 'Acceptér' }).click()
    await eventually(async () => expect(await target(id)).toMatchObject({ target: { value: 420, period: '2020-12', comparator: '<=' } }))
    await editor.getByRole('button', { name: 'Løste' }).click()
    await eventually(async () => expect(await thread(editor, 'Stressenheden virker.').textContent()).toContain('Accepteret af Anne Andersen'))

    // Undo in the editor: the values go back, and no thread claims they were accepted.
    await editor.locator('.ProseMirror h2').first().click()
    await editor.keyboard.press('Control+z')
    await eventually(async () => expect(await target(id)).toMatchObject({ target: { value: 438, period: '2019' } }))
    await editor.getByRole('button', { name: 'Åbne' }).click()
    const reopened = thread(editor, 'Stressenheden virker.')
    await eventually(async () => expect(await reopened.getByTestId('not-applied').count()).toBe(1))
    expect(await reopened.textContent()).not.toContain('Accepteret af')
    // The council sees the same.
    await eventually(async () => expect(await thread(council, 'Stressenheden virker.').getByTestId('not-applied').count()).toBe(1))

    await reopened.getByRole('button', { name: 'Acceptér igen' }).click()
    await eventually(async () => expect(await target(id)).toMatchObject({ target: { value: 420 } }))
    await editor.getByRole('button', { name: 'Løste' }).click()
    await eventually(async () => expect(await thread(editor, 'Stressenheden virker.').textContent()).toContain('Accepteret af Anne Andersen'))
    await editor.getByRole('button', { name: 'Åbne' }).click()
  })
})

describe('the commenter page', () => {
  it('passes axe with no serious or critical issue, with the comment buttons and an open proposal form', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Axel Axe', group: 'council' }), {
      bypassCSP: true
    })
    await page.waitForSelector('[data-comment-node="goal"]')
    await page.locator('.target').first().locator('.suggest-values').click()
    expect(await axeSerious(page)).toEqual([])
    await context.close()
  })
})

describe('an undone text suggestion', () => {
  it('no longer says "Accepteret" once the editor undoes it', async () => {
    await selectWords(council, 'Jobklub som basisaktivering')
    await council.getByTestId('suggest').click()
    await council.getByLabel('Skriv den nye tekst').fill('Jobklub to gange om ugen')
    await council.locator('form.compose').getByRole('button', { name: 'Send', exact: true }).click()
    const th = thread(editor, 'Jobklub to gange om ugen')
    await eventually(async () => expect(await th.count()).toBe(1))
    await th.getByRole('button', { name: 'Acceptér' }).click()
    await eventually(async () => expect(JSON.stringify(await readPlan())).toContain('Jobklub to gange om ugen'))
    await editor.getByRole('button', { name: 'Løste' }).click()
    await eventually(async () => expect(await thread(editor, 'Jobklub to gange om ugen').textContent()).toContain('Accepteret af Anne Andersen'))

    await editor.locator('.ProseMirror h2').first().click()
    await editor.keyboard.press('Control+z')
    await eventually(async () => expect(JSON.stringify(await readPlan())).toContain('Jobklub som basisaktivering'))
    await editor.getByRole('button', { name: 'Åbne' }).click()
    await eventually(async () => expect(await thread(editor, 'Jobklub to gange om ugen').getByTestId('not-applied').count()).toBe(1))
    expect(await thread(editor, 'Jobklub to gange om ugen').textContent()).not.toContain('Accepteret af')
    await eventually(async () => expect(await thread(council, 'Jobklub to gange om ugen').getByTestId('not-applied').count()).toBe(1))
  })
})
