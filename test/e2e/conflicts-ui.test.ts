// Issue #14 in the browser: two people set the same target value offline;
// the editor shows a badge with both values and who wrote them, an editor
// picks one with one click (undoable), a viewer sees the badge without the
// buttons, and the dashboard says "uafklaret".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { extractPlanFromYDoc, type Conflict } from '../../schema'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { goOffline, reconnect, setField } from '../helpers/field-edits'
import { axeSerious, openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

let watcher: YClient
beforeAll(async () => {
  watcher = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Vera' }))
  await watcher.synced()
})
afterAll(() => watcher.destroy())

const valueOf = (targetId: string): unknown =>
  extractPlanFromYDoc(watcher.doc)
    .goals.flatMap((g) => g.targets)
    .find((x) => x.id === targetId)?.target.value

async function openConflicts(all = false): Promise<Conflict[]> {
  const res = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/conflicts${all ? '?all=1' : ''}`, {
    headers: { authorization: `Bearer ${t.token('viewer')}` }
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { conflicts: Conflict[] }).conflicts
}

/** Anna and Bo go offline, set the target value to 55 and 60 and come back; returns the recorded conflict. */
async function concurrentWrites(targetId: string): Promise<Conflict> {
  const anna = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anna' }))
  const bo = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Bo' }))
  await Promise.all([anna.synced(), bo.synced()])
  goOffline(anna)
  goOffline(bo)
  setField(anna.doc, targetId, 'targetValue', 55)
  setField(bo.doc, targetId, 'targetValue', 60)
  await reconnect(anna)
  await eventually(() => expect(valueOf(targetId)).toBe(55))
  await reconnect(bo)
  const conflict = await eventually(async () => {
    const found = (await openConflicts()).find((c) => c.nodeId === targetId)
    expect(found).toBeDefined()
    return found!
  })
  anna.destroy()
  bo.destroy()
  return conflict
}

const badge = (page: Page, c: Conflict) => page.locator(`.conflict[data-conflict="${c.id}"]`)
const text = async (page: Page, c: Conflict) => ((await badge(page, c).textContent()) ?? '').replace(/\s+/g, ' ')

describe('conflicts in the editor and on the dashboard', () => {
  let lost: Conflict
  let kept: Conflict
  beforeAll(async () => {
    lost = await concurrentWrites(DEMO_IDS.targetSickLevel)
    kept = await concurrentWrites(DEMO_IDS.targetClarify)
  }, 90_000)

  it('a viewer sees the badge with both values and names, but no buttons to choose', async () => {
    const { context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Ulla' }), { bypassCSP: true })
    await badge(page, lost).waitFor({ timeout: 20_000 })
    const shown = await text(page, lost)
    expect(shown).toContain('Uafklaret: Mål (tal)')
    expect(shown).toMatch(/55 Anna, /)
    expect(shown).toMatch(/60 Bo, /)
    expect(shown).toContain('(gældende nu)')
    expect(await page.locator('.conflict-pick').count()).toBe(0)
    expect(await axeSerious(page, '.plan-editor')).toEqual([])
    await context.close()
  })

  it('the dashboard says "uafklaret" for the target, and only for targets with a conflict', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    await page.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}/dashboard?token=${encodeURIComponent(t.token('viewer'))}`)
    const row = (id: string) => page.locator(`tr.target-row[data-target-id="${id}"] td.col-status`)
    await eventually(async () => expect(await row(DEMO_IDS.targetSickLevel).textContent()).toContain('uafklaret'), 20_000)
    expect(await row(DEMO_IDS.targetClarify).textContent()).toContain('uafklaret')
    expect(await row(DEMO_IDS.targetLongTerm).textContent()).not.toContain('uafklaret')
    await context.close()
  })

  it('an editor picks the lost value with one click: the field changes, the conflict is resolved, Ctrl+Z brings the kept value back', async () => {
    const { context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Cecilie' }))
    await badge(page, lost).waitFor({ timeout: 20_000 })
    const current = lost.kept.value
    const other = lost.lost[0]!.value
    expect(valueOf(DEMO_IDS.targetSickLevel)).toBe(current)
    await badge(page, lost)
      .getByRole('button', { name: `Vælg ${other} som Mål (tal)` })
      .click()
    await eventually(() => expect(valueOf(DEMO_IDS.targetSickLevel)).toBe(other))
    await eventually(async () => {
      expect((await openConflicts()).find((c) => c.id === lost.id)).toBeUndefined()
      expect((await openConflicts(true)).find((c) => c.id === lost.id)?.resolved).toMatchObject({ value: other, by: 'Cecilie' })
    })
    await badge(page, lost).waitFor({ state: 'detached', timeout: 20_000 })
    await page.locator('.plan-editor p').first().click()
    await page.keyboard.press('Control+z')
    await eventually(() => expect(valueOf(DEMO_IDS.targetSickLevel)).toBe(current))
    // Undoing is an ordinary edit that saw the chosen value: no new conflict.
    expect((await openConflicts()).find((c) => c.nodeId === DEMO_IDS.targetSickLevel)).toBeUndefined()
    await context.close()
  })

  it('picking the value the plan holds keeps it through the server, and the badge goes', async () => {
    const { context, page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Dorte' }))
    await badge(page, kept).waitFor({ timeout: 20_000 })
    const current = kept.kept.value
    await badge(page, kept)
      .getByRole('button', { name: `Vælg ${current} som Mål (tal)` })
      .click()
    await expect.poll(async () => (await page.locator('.notice').textContent()) ?? '').toContain(`${current} er valgt`)
    await badge(page, kept).waitFor({ state: 'detached', timeout: 20_000 })
    expect((await openConflicts(true)).find((c) => c.id === kept.id)?.resolved).toMatchObject({ value: current, by: 'Dorte' })
    expect(valueOf(DEMO_IDS.targetClarify)).toBe(current)
    await context.close()
  })
})
