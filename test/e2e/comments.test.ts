// The council comments, the administration answers: a council link selects
// text and comments; an editor sees it live, replies, resolves; the council
// sees the resolution. A council suggestion accepted by an editor changes the
// body for everyone; a rejected one leaves it unchanged.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser, selectWords } from './browser'

let t: TestServer
let browser: Browser
let council: Page
let editor: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  council = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Lars LBR', group: 'council' }))).page
  editor = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne Andersen' }))).page
})

const thread = (page: Page, text: string) => page.locator('.thread').filter({ hasText: text })
const bodyText = async () =>
  JSON.stringify((await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${t.token('viewer')}`)).json()) as PlanExport)

describe('comments and suggestions', () => {
  it('a council member comments; an editor sees it live, replies and resolves; the council sees the resolution', async () => {
    await selectWords(council, 'Fortsætte den kommunale stressenhed')
    await council.getByTestId('add-comment').click()
    await council.getByLabel('Skriv din kommentar').fill('Hvor mange pladser er der i stressenheden?')
    await council.getByRole('button', { name: 'Send', exact: true }).click()

    await eventually(async () => expect(await thread(editor, 'Hvor mange pladser').count()).toBe(1), 5_000)
    const th = thread(editor, 'Hvor mange pladser')
    expect(await th.textContent()).toContain('Lars LBR')
    expect(await th.textContent()).toContain('LBR')
    expect(await th.locator('.quote').textContent()).toContain('Fortsætte den kommunale stressenhed')
    // The commented words are highlighted in the plan.
    expect(await editor.locator('.comment-range').first().textContent()).toContain('Fortsætte den kommunale stressenhed')

    await th.getByLabel('Svar').fill('Tolv pladser, vi udvider i 2020.')
    await th.getByRole('button', { name: 'Send' }).click()
    await eventually(async () => expect(await thread(council, 'Hvor mange pladser').textContent()).toContain('Tolv pladser'), 5_000)
    await th.getByRole('button', { name: 'Løs' }).click()

    await eventually(async () => expect(await thread(council, 'Hvor mange pladser').count()).toBe(0), 5_000)
    await council.getByRole('button', { name: 'Løste' }).click()
    await eventually(async () => expect(await thread(council, 'Hvor mange pladser').textContent()).toContain('Løst af Anne Andersen'), 5_000)
    await council.getByRole('button', { name: 'Åbne' }).click()
  })

  it('an accepted council suggestion changes the body for everyone; a rejected one changes nothing', async () => {
    await selectWords(council, 'Opsøgende besøg')
    await council.getByTestId('suggest').click()
    await council.getByLabel('Skriv den nye tekst').fill('Flere opsøgende besøg')
    await council.getByRole('button', { name: 'Send', exact: true }).click()
    await eventually(async () => expect(await thread(editor, 'Flere opsøgende besøg').count()).toBe(1), 5_000)
    await thread(editor, 'Flere opsøgende besøg').getByRole('button', { name: 'Acceptér' }).click()
    await eventually(async () => expect(await bodyText()).toContain('Flere opsøgende besøg ud over den almindelige kontakt'), 5_000)
    await eventually(
      async () => expect(await council.locator(`.goal[data-id="${DEMO_IDS.goalCompanies}"]`).textContent()).toContain('Flere opsøgende besøg'),
      5_000
    )

    await selectWords(council, 'Jobklub som basisaktivering')
    await council.getByTestId('suggest').click()
    await council.getByLabel('Skriv den nye tekst').fill('Ingen jobklub')
    await council.getByRole('button', { name: 'Send', exact: true }).click()
    await eventually(async () => expect(await thread(editor, 'Ingen jobklub').count()).toBe(1), 5_000)
    await thread(editor, 'Ingen jobklub').getByRole('button', { name: 'Afvis' }).click()
    await council.getByRole('button', { name: 'Løste' }).click()
    await eventually(async () => expect(await thread(council, 'Ingen jobklub').textContent()).toContain('Afvist af Anne Andersen'), 5_000)
    expect(await bodyText()).toContain('Jobklub som basisaktivering')
    expect(await bodyText()).not.toContain('Ingen jobklub')
  })

  it('the council cannot resolve; an administrator hides a thread and everyone sees who hid it', async () => {
    const admin = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('admin', { name: 'Birgit Admin' }))).page
    await council.getByRole('button', { name: 'Åbne' }).click()
    await selectWords(council, 'Jobklub som basisaktivering')
    await council.getByTestId('add-comment').click()
    await council.getByLabel('Skriv din kommentar').fill('Reklame for mit firma')
    await council.locator('form.compose').getByRole('button', { name: 'Send', exact: true }).click()
    await eventually(async () => expect(await thread(council, 'Reklame for mit firma').count()).toBe(1), 5_000)
    expect(await thread(council, 'Reklame for mit firma').getByRole('button', { name: 'Løs' }).count()).toBe(0)

    await eventually(async () => expect(await thread(admin, 'Reklame for mit firma').count()).toBe(1), 5_000)
    await thread(admin, 'Reklame for mit firma').getByRole('button', { name: 'Skjul' }).click()
    const hidden = council.locator('.thread').filter({ hasText: 'Tråden er skjult af Birgit Admin' })
    await eventually(async () => expect(await hidden.count()).toBe(1), 5_000)
    expect(await hidden.textContent()).not.toContain('Reklame for mit firma')
    await admin.context().close()
  })

  // Issue #17: highlights are moved with the editor's own edits instead of
  // being placed again at every keystroke; someone else's edit (y-prosemirror
  // replaces the whole document) places them again, so none is lost.
  it('keeps the highlight on the commented words while people type before and after them', async () => {
    const words = 'Der skal være plads til alle på arbejdsmarkedet'
    const highlight = (page: Page) => page.locator('.comment-range').filter({ hasText: 'plads til alle' })
    await council.getByRole('button', { name: 'Åbne' }).click()
    await selectWords(council, words)
    await council.getByTestId('add-comment').click()
    await council.getByLabel('Skriv din kommentar').fill('Også for dem med handicap?')
    await council.locator('form.compose').getByRole('button', { name: 'Send', exact: true }).click()
    await eventually(async () => expect(await highlight(editor).textContent()).toBe(words), 5_000)

    // The editor types before the words, in the same paragraph.
    await editor.locator('.ProseMirror p', { hasText: words }).click({ position: { x: 2, y: 5 } })
    await editor.keyboard.press('Home')
    await editor.keyboard.type('Kort sagt: ')
    await eventually(async () => expect(await editor.locator('.ProseMirror p', { hasText: 'Kort sagt: Der skal' }).count()).toBe(1), 5_000)
    await eventually(async () => expect(await highlight(editor).textContent()).toBe(words), 5_000)

    // Someone else types after the words: their change reaches the editor, the highlight stays.
    const other = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo Berg' }))).page
    await other.locator('.ProseMirror p', { hasText: 'Vi vil have tidligere kontakt' }).click()
    await other.keyboard.press('End')
    await other.keyboard.type(' Også i weekenden.')
    await eventually(async () => expect(await editor.locator('.ProseMirror p', { hasText: 'Også i weekenden.' }).count()).toBe(1), 5_000)
    expect(await highlight(editor).count()).toBe(1)
    expect(await highlight(editor).textContent()).toBe(words)
    await other.context().close()
  })
})
