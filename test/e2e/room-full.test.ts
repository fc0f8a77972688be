// Issue #11: an editor whose change would take the plan over its size budget
// is told why in words, the page stops retrying (room-full is final), and
// the plan keeps serving everyone else without the refused change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID, demoPlan } from '../../schema/build'
import { seedPlanDoc } from '../../schema'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { clickAtEnd, openPlan } from './browser'
import { launchBrowser } from '../../testkit/chromium'

let t: TestServer
let browser: Browser
beforeAll(async () => {
  // The demo plan as the server seeds it, plus 2 KiB to type into.
  const seeded = new Y.Doc()
  seedPlanDoc(seeded, demoPlan(DEMO_PLAN_ID))
  const body = Y.encodeStateAsUpdate(seeded).byteLength + 2048
  t = await startTestServer({ roomBudgets: { body, comments: 10 * 1024 * 1024 } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await t?.stop()
  if (t) removeDir(t.dataDir)
})

const planText = async () => (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.md?token=${t.token('viewer')}`)).text()

describe('a plan at its size budget', () => {
  it('tells the editor the plan is full, stops retrying, and keeps serving the plan', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Fuld' }))
    const ind = page.locator('.sync-indicator')
    await eventually(async () => expect(await ind.textContent()).toContain('Gemt'), 15_000)
    const cell = page.locator(`.goal[data-id="${DEMO_IDS.goalMethod}"] .goal-cell[data-column="title"] p`).first()
    await clickAtEnd(page, cell)
    await page.keyboard.type(' ok')
    await eventually(async () => expect(await planText()).toContain(' ok'), 15_000)

    // One paste bigger than what is left of the budget.
    await page.keyboard.insertText(` ${'for meget tekst '.repeat(300)}`)
    await eventually(async () => expect(await ind.textContent()).toContain('største tilladte størrelse'), 15_000)
    expect(await ind.getAttribute('data-state')).toBe('refused')
    expect(await planText()).not.toContain('for meget tekst')

    // Final: once the server has dropped the refused connection, the page does not come back.
    const members = () => [...(t.server.rooms.peek(DEMO_PLAN_ID)?.members ?? [])].map((m) => m.label)
    await eventually(() => expect(members()).not.toContain('Fuld (editor)'), 15_000)
    const reader = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Læser' }))
    await eventually(async () => expect(await reader.page.locator('.plan-editor').textContent()).toContain(' ok'), 15_000)
    expect(members()).toEqual(['Læser (viewer)'])
    expect(await ind.getAttribute('data-state')).toBe('refused')
    await reader.context.close()
    await context.close()
  })
})
