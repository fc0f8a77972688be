// A commenter cannot change the text; the sync indicator tells the truth;
// pasted HTML is cleaned through the schema; axe finds nothing serious.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { clickAtEnd, openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

const planText = async () =>
  JSON.stringify((await (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${t.token('viewer')}`)).json()) as PlanExport)

describe('roles, sync state and safety in the browser', () => {
  it('a commenter link shows the plan live but cannot change the text', async () => {
    const { page } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Lars LBR' }))
    // A caret for reading and selecting (issue #15), but read-only: the guard refuses every change.
    expect(await page.locator('.plan-editor').getAttribute('aria-readonly')).toBe('true')
    expect(await page.locator('[role="toolbar"]').count()).toBe(0)
    expect(await page.getByRole('note').textContent()).toContain('kommentere, men ikke ændre')
    const cell = page.locator(`.goal[data-id="${DEMO_IDS.goalMethod}"] .goal-cell[data-column="title"] p`).first()
    await cell.click()
    await page.keyboard.type('SKAL IKKE MED')
    await page.waitForTimeout(300)
    expect(await planText()).not.toContain('SKAL IKKE MED')
    expect(await cell.textContent()).not.toContain('SKAL IKKE MED')
    // Live: an editor's change reaches the commenter.
    const editor = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Anne' }))
    await clickAtEnd(editor.page, editor.page.locator(`.goal[data-id="${DEMO_IDS.goalMethod}"] .goal-cell[data-column="title"] p`).first())
    await editor.page.keyboard.type(' – revideret')
    await eventually(async () => expect(await cell.textContent()).toContain('– revideret'), 10_000)
    await editor.context.close()
  })

  it('an editor whose invitation is revoked is disconnected at once and told why, in Danish', async () => {
    const admin = t.token('admin', { name: 'Birgit' })
    const created = await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor', group: 'committee', name: 'Ole Udvalg' })
    })
    const { token, invite } = (await created.json()) as { token: string; invite: { id: string } }
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, token)
    await eventually(async () => expect(await page.locator('.sync-indicator').textContent()).toContain('Gemt'), 10_000)
    expect(
      (await fetch(`${t.httpUrl}/api/plans/${DEMO_PLAN_ID}/invites/${invite.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } })).status
    ).toBe(204)
    await eventually(async () => expect(await page.locator('.sync-indicator').textContent()).toContain('Din adgang til planen er trukket tilbage'), 5_000)
    await context.close()
  })

  it('the sync indicator says saved, offline with a count, and why a refused link fails', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Ida' }))
    const ind = page.locator('.sync-indicator')
    await eventually(async () => expect(await ind.textContent()).toContain('Gemt'), 10_000)
    await context.setOffline(true)
    const cell = page.locator(`.goal[data-id="${DEMO_IDS.goalSick}"] .goal-cell[data-column="followUp"] p`).first()
    await cell.click()
    await page.keyboard.type('abc')
    // Counted in parts of the plan, not keystrokes: three letters in one goal's cell are one goal changed.
    await eventually(async () => expect(await ind.textContent()).toBe('Offline – 1 mål ændret, venter på at blive gemt'))
    await context.setOffline(false)
    await eventually(async () => expect(await ind.textContent()).toContain('Gemt'), 15_000)
    await context.close()

    const expired = t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role: 'editor', name: 'Gammel', group: 'administration', days: -1 })
    const ctx = await browser.newContext()
    const p = await ctx.newPage()
    await p.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}?token=${expired}`)
    // A plain page that says why, not the editor stuck on "Henter planen …".
    await eventually(async () => expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Linket er udløbet'), 10_000)
    expect(await p.locator('.plan-editor').count()).toBe(0)
    expect(new URL(p.url()).searchParams.has('token')).toBe(false)
    await ctx.close()
  })

  it('pasted HTML keeps text and lists but loses scripts and javascript: links', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Paste' }))
    const cell = page.locator(`.goal[data-id="${DEMO_IDS.goalCompanies}"] .goal-cell[data-column="actions"] li p`).first()
    await cell.click()
    await page.evaluate(() => {
      const html =
        '<p>Indsat <a href="javascript:alert(1)">farligt link</a> og <a href="https://star.dk">STAR</a></p><script>window.__pwned = true</script><ul><li onclick="alert(2)">punkt fra Word</li></ul><img src=x onerror="window.__pwned=true">'
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', 'Indsat farligt link og STAR')
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await eventually(async () => expect(await planText()).toContain('farligt link'), 10_000)
    const editorHtml = await page.locator('.plan-editor').innerHTML()
    expect(editorHtml).not.toMatch(/javascript:|<script|onclick|onerror/i)
    expect(editorHtml).toContain('href="https://star.dk"')
    expect(await planText()).toContain('punkt fra Word')
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined()
    expect(await page.getByRole('alert').first().textContent()).toContain('renset')
    await context.close()
  })

  it('a pasted target keeps its numbers as numbers, read by their declared kind ("1.234" is a number, "15 %" none)', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Paste' }))
    await page.locator(`.goal[data-id="${DEMO_IDS.goalMethod}"] .goal-cell[data-column="title"] p`).first().click()
    await page.evaluate(() => {
      const html =
        '<div data-node="target" data-id="copied" data-kind="level" data-indicator="Indsat måltal" data-unit="persons" data-targetvalue="1.234" data-targetperiod="2027" data-baselinevalue="15 %" data-comparator="&lt;="></div>'
      const data = new DataTransfer()
      data.setData('text/html', html)
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await eventually(async () => expect(await planText()).toContain('Indsat måltal'), 10_000)
    const plan = JSON.parse(await planText()) as PlanExport
    const pasted = plan.goals.flatMap((g) => g.targets).find((x) => x.indicator === 'Indsat måltal')!
    expect(pasted.target).toEqual({ value: 1.234, period: '2027', comparator: '<=' })
    expect(pasted.baseline).toBeNull()
    expect(pasted.id).not.toBe('copied')
    expect(plan.problems.filter((p) => p.nodeId === pasted.id)).toEqual([])
    await context.close()
  })

  it('axe-core finds no serious or critical accessibility violations on the editor page', async () => {
    // Our CSP forbids inline scripts, rightly; only this audit context may inject axe.
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Axe' }), { bypassCSP: true })
    await page.waitForTimeout(500)
    const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
    await page.addScriptTag({ content: readFileSync(axePath, 'utf8') })
    const result = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> }
        }
      ).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
    })
    expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
    await context.close()
  })
})
