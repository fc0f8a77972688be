// Two people in one plan: typing in a goal cell, labelled cursors, adding a
// goal row, two people typing offline into the same new cell, a target
// edited in its form landing in plan.json, and a folded form built when it
// first opens, with what a peer changed meanwhile.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import * as Y from 'yjs'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { BODY_FRAGMENT, type PlanExport } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { clickAtEnd, openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let anne: Page
let bo: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  anne = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne Andersen' }))).page
  bo = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo Bech', group: 'committee' }))).page
})

const goalRow = (page: Page, id: string) => page.locator(`.goal[data-id="${id}"]`)

describe('co-editing in the browser', () => {
  it('text typed in a goal cell appears for the other person, with a labelled cursor', async () => {
    const cell = goalRow(anne, DEMO_IDS.goalLongTerm).locator('.goal-cell[data-column="title"] p').first()
    await clickAtEnd(anne, cell)
    await anne.keyboard.type(' i hele kommunen')
    await eventually(
      async () =>
        expect(await goalRow(bo, DEMO_IDS.goalLongTerm).locator('.goal-cell[data-column="title"]').textContent()).toContain(
          'Færre langtidsledige i hele kommunen'
        ),
      10_000
    )
    await eventually(async () => expect(await bo.locator('.remote-cursor-label').allTextContents()).toContain('Anne Andersen'), 10_000)
    await eventually(async () => expect(await bo.locator('.presence').textContent()).toContain('Anne Andersen'))
  })

  it('a goal row added by one appears for both', async () => {
    const table = (p: Page) => p.locator('.goal-table').first()
    const before = await table(anne).locator('.goal').count()
    await table(anne)
      .getByRole('button', { name: /Tilføj mål/ })
      .click()
    await anne.keyboard.type('Nyt mål fra mødet')
    for (const p of [anne, bo]) await eventually(async () => expect(await table(p).locator('.goal').count()).toBe(before + 1), 10_000)
    await eventually(async () => expect(await table(bo).textContent()).toContain('Nyt mål fra mødet'), 10_000)
  })

  it('two people typing offline into the same new empty cell both keep their text, once', async () => {
    const table = (p: Page) => p.locator('.goal-table').first()
    const before = await table(anne).locator('.goal').count()
    await table(anne)
      .getByRole('button', { name: /Tilføj mål/ })
      .click()
    await anne.keyboard.type('Mål med to forfattere')
    await eventually(async () => expect(await table(bo).textContent()).toContain('Mål med to forfattere'), 10_000)

    // The editor gives each new empty cell its one Y.XmlText in the same
    // transaction (schema/y-text-slots.ts); a reader on the server sees it.
    const reader = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    try {
      await reader.synced()
      const emptyParagraphs = (el: Y.XmlElement | Y.XmlFragment): Y.XmlElement[] =>
        el
          .toArray()
          .flatMap((c) =>
            c instanceof Y.XmlElement ? (c.nodeName === 'paragraph' && c.toString().replace(/<[^>]*>/g, '') === '' ? [c] : emptyParagraphs(c)) : []
          )
      const goalRows = (el: Y.XmlElement | Y.XmlFragment): Y.XmlElement[] =>
        el.toArray().flatMap((c) => (c instanceof Y.XmlElement ? (c.nodeName === 'goal' ? [c] : goalRows(c)) : []))
      const newRow = () => goalRows(reader.doc.getXmlFragment(BODY_FRAGMENT)).find((row) => row.toString().includes('Mål med to forfattere'))
      await eventually(() => expect(newRow()).toBeDefined(), 10_000)
      const empties = emptyParagraphs(newRow()!)
      expect(empties.length).toBeGreaterThan(0)
      for (const p of empties) expect(p.toArray().map((c) => c instanceof Y.XmlText)).toEqual([true])
    } finally {
      reader.destroy()
    }

    // Both offline, both type into the row's empty "Indsats" cell, both back.
    const actions = (p: Page) => table(p).locator('.goal').filter({ hasText: 'Mål med to forfattere' }).locator('.goal-cell[data-column="actions"] p').first()
    for (const p of [anne, bo]) await p.context().setOffline(true)
    await clickAtEnd(anne, actions(anne))
    await anne.keyboard.type('Annes indsats.')
    await clickAtEnd(bo, actions(bo))
    await bo.keyboard.type('Bos indsats.')
    for (const p of [anne, bo]) await p.context().setOffline(false)
    for (const p of [anne, bo]) {
      await eventually(async () => {
        const text = (await actions(p).textContent()) ?? ''
        expect(text).toContain('Annes indsats.')
        expect(text).toContain('Bos indsats.')
        expect(text.split('Annes indsats.').length - 1).toBe(1)
        expect(text.split('Bos indsats.').length - 1).toBe(1)
      }, 30_000)
    }
    expect(await table(anne).locator('.goal').count()).toBe(before + 1)
  })

  it('target values edited in the form land in plan.json; text in a number field is refused at the field', async () => {
    const target = anne.locator('.target').filter({ hasText: 'Langtidsledigheden' }).first()
    await target.getByRole('button', { name: 'Rediger målsætning' }).click()
    const value = target.getByLabel('Mål (tal)')
    await value.fill('seks hundrede')
    await value.press('Tab')
    await expect(target.locator('.field-error').filter({ hasText: 'Skriv et tal' }).count()).resolves.toBe(1)
    const read = async () =>
      ((await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${t.token('viewer')}`)).json()) as PlanExport).goals
        .flatMap((g) => g.targets)
        .find((x) => x.id === DEMO_IDS.targetLongTerm)!
    expect((await read()).target.value).toBe(600)
    await value.fill('575')
    await value.press('Tab')
    await eventually(async () => expect((await read()).target.value).toBe(575), 10_000)
    await target.getByLabel('Mål (periode)').fill('december 2016')
    await target.getByLabel('Mål (periode)').press('Tab')
    await eventually(async () => expect((await read()).target.period).toBe('2016-12'), 10_000)
    await eventually(
      async () =>
        expect(await bo.locator('.target').filter({ hasText: 'Langtidsledigheden' }).first().locator('.target-sentence').textContent()).toContain(
          '575 personer i december 2016'
        ),
      10_000
    )
  })

  it("a folded target or follow-up has no form fields until opened; opened, they show the node's values now, after a peer's change", async () => {
    const sick = (page: Page) => page.locator('.target').filter({ hasText: 'sygedagpenge' }).first()
    const entry = goalRow(bo, DEMO_IDS.goalSick).locator('.follow-up').first()
    // Built lazily: a 200-page plan has hundreds of targets (bench/README, client-open).
    expect(await sick(bo).locator('.target-form input, .target-form select').count()).toBe(0)
    expect(await entry.locator('.follow-up-form input, .follow-up-form select').count()).toBe(0)
    await sick(anne).getByRole('button', { name: 'Rediger målsætning' }).click()
    await sick(anne).getByLabel('Mål (tal)').fill('421')
    await sick(anne).getByLabel('Mål (tal)').press('Tab')
    await eventually(async () => expect(await sick(bo).locator('.target-sentence').textContent()).toContain('421'), 10_000)
    expect(await sick(bo).locator('.target-form input').count()).toBe(0)
    await sick(bo).getByRole('button', { name: 'Rediger målsætning' }).click()
    expect(await sick(bo).getByLabel('Mål (tal)').inputValue()).toBe('421')
    expect(await sick(bo).getByLabel('Indikator').inputValue()).toMatch(/sygedagpenge/i)
    // Open, it follows the peer's next change as before.
    await sick(anne).getByLabel('Mål (tal)').fill('419')
    await sick(anne).getByLabel('Mål (tal)').press('Tab')
    await eventually(async () => expect(await sick(bo).getByLabel('Mål (tal)').inputValue()).toBe('419'), 10_000)
    await entry.getByRole('button', { name: 'Rediger opfølgning' }).click()
    expect(await entry.getByLabel('Målsætning').inputValue()).toBe(DEMO_IDS.targetSickLevel)
    expect(await entry.getByLabel('Målsætning').locator('option').count()).toBeGreaterThan(1)
  })
})
