// Issue #6 in the browser: the export menu on the plan page (keyboard,
// progress, downloads with the server's names, errors) and import on the plan
// list (file input and drop, review beside the source, create, refusals).
import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { DEMO_PLAN_ID } from '../../schema/build'
import { type PlanExport } from '../../schema'
import { danishDay } from '../../schema/export'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
useServerAndBrowser((s) => ({ t, browser } = s))

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const TARGET_SENTENCE = 'Langtidsledigheden skal begrænses fra 681 personer i december 2013 til 600 personer i december 2015'
const GOAL_TITLE = 'Færre langtidsledige'
/** Issue #15: exports are named after the plan's title and the day, not its id. */
const exportName = (ext: string): string => `Beskaeftigelsesplan-2019-${danishDay(new Date())}.${ext}`

/** A small employment plan as a municipality would write it in Word. */
async function planDocx(): Promise<Buffer> {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Beskæftigelsesplan 2015', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Indsatsen for langtidsledige', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Kommunen vil bringe flere langtidsledige tættere på arbejdsmarkedet.')], alignment: AlignmentType.LEFT }),
          new Table({
            rows: [
              new TableRow({ children: ['Mål', 'Handlinger', 'Succeskriterier', 'Opfølgning'].map((h) => cell(h, true)) }),
              new TableRow({
                children: [
                  cell(GOAL_TITLE),
                  cell('Virksomhedsrettede tilbud til alle langtidsledige'),
                  cell(`${TARGET_SENTENCE}.`),
                  cell('Kvartalsvis på Jobindsats.dk')
                ]
              })
            ]
          })
        ]
      }
    ]
  })
  return Packer.toBuffer(doc)
}

async function openPlanList(token: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, ...options })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('pageerror:', e.message))
  await page.goto(`${t.httpUrl}/?token=${encodeURIComponent(token)}`)
  await page.waitForSelector('.plan-list, main p')
  await page.getByRole('heading', { level: 1 }).waitFor()
  return page
}

/** axe-core's serious and critical WCAG 2.1 AA findings (the page's context must bypass our CSP to inject it). */
async function seriousAxeViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') })
  const violations = await page.evaluate(async () => {
    const r = await (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> }
      }
    ).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(({ id, nodes }) => ({ id, nodes }))
}

/** Record every text the given live region shows, so a short-lived status is not missed. */
async function recordStatuses(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __statuses: string[] }
    w.__statuses = []
    const el = document.querySelector(sel)!
    new MutationObserver(() => w.__statuses.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true })
  }, selector)
  return () => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses)
}

describe('import on the plan list', () => {
  let docx: Buffer
  beforeAll(async () => {
    docx = await planDocx()
  })

  it('an admin chooses a .docx, sees each target beside its source sentence, creates the plan and lands in it', async () => {
    const page = await openPlanList(t.token('admin', { plan: '*' }), { bypassCSP: true })
    expect(await seriousAxeViolations(page)).toEqual([])
    const statuses = await recordStatuses(page, '.import-zone .transfer-status')
    await page.locator('.import-zone input[type="file"]').setInputFiles({ name: 'beskaeftigelsesplan.docx', mimeType: DOCX_TYPE, buffer: docx })

    const dialog = page.getByRole('dialog', { name: 'Gennemse importen' })
    await dialog.waitFor({ timeout: 60_000 })
    expect((await statuses()).some((s) => /Sender filen|Læser dokumentet/.test(s))).toBe(true)
    // The modal owns the focus: the title field first.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true)
    await expect.poll(() => dialog.getByRole('heading', { name: new RegExp(GOAL_TITLE) }).count()).toBe(1)

    const row = dialog.locator('.review-targets tbody tr').filter({ hasText: '681' }).first()
    const source = row.locator('.review-source')
    const reading = row.locator('.review-sentence')
    expect(await source.textContent()).toContain(TARGET_SENTENCE)
    expect(await reading.textContent()).toMatch(/600/)
    const [s, r] = [(await source.boundingBox())!, (await reading.boundingBox())!]
    expect(r.x).toBeGreaterThanOrEqual(s.x + s.width - 1) // beside, not below
    expect(Math.abs(r.y - s.y)).toBeLessThan(2)
    expect(await dialog.locator('.review-kept').textContent()).toMatch(/\d+ (afsnit|blocks?)/)
    expect(await seriousAxeViolations(page)).toEqual([])

    // Tab stays inside the dialog.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true)

    await dialog.getByLabel('Planens titel').fill('Importeret plan 2015')
    await dialog.getByRole('button', { name: 'Opret plan' }).click()
    await page.waitForURL(/\/plan\/[a-z0-9-]+/, { timeout: 60_000 })
    await page.waitForSelector('.plan-editor .goal', { timeout: 60_000 })
    expect(await page.locator('.plan-editor .goal').first().textContent()).toContain(GOAL_TITLE)
    await eventually(async () => expect(await page.locator('.plan-editor .target-sentence').first().textContent()).toMatch(/600/), 10_000)
    expect(await page.locator('.plan-title').textContent()).toBe('Importeret plan 2015')

    const url = new URL(page.url())
    const planId = url.pathname.split('/')[2]!
    expect(url.searchParams.has('token')).toBe(false)
    const plan = (await (await fetch(`${t.httpUrl}/api/plans/${planId}/plan.json?token=${t.token('viewer', { plan: planId })}`)).json()) as PlanExport
    const target = plan.goals.flatMap((g) => g.targets).find((x) => x.target.value === 600)
    expect(target, JSON.stringify(plan.goals)).toBeDefined()
    expect(target!.baseline?.value).toBe(681)
    await page.context().close()
  })

  it('a file dropped on the page lights the drop zone and opens the review; Escape discards it', async () => {
    const token = t.token('admin', { plan: '*' })
    const page = await openPlanList(token)
    const before = ((await (await fetch(`${t.httpUrl}/api/plans?token=${token}`)).json()) as { plans: unknown[] }).plans.length
    const dataTransfer = await page.evaluateHandle(
      ({ b64, type }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
        const data = new DataTransfer()
        data.items.add(new File([bytes], 'trukket.docx', { type }))
        return data
      },
      { b64: docx.toString('base64'), type: DOCX_TYPE }
    )

    await page.dispatchEvent('h1', 'dragenter', { dataTransfer })
    expect(await page.locator('.import-zone').getAttribute('class')).toContain('dragging')
    expect(await page.locator('.drop-overlay').isVisible()).toBe(true)
    await page.dispatchEvent('h1', 'drop', { dataTransfer })
    expect(await page.locator('.drop-overlay').count()).toBe(0)

    const dialog = page.getByRole('dialog', { name: 'Gennemse importen' })
    await dialog.waitFor({ timeout: 60_000 })
    expect(await dialog.textContent()).toContain('trukket.docx')
    expect(await dialog.locator('.review-source').first().textContent()).toContain(TARGET_SENTENCE)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    // Focus goes back to the import control, and nothing was created.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('file')
    const after = ((await (await fetch(`${t.httpUrl}/api/plans?token=${token}`)).json()) as { plans: unknown[] }).plans.length
    expect(after).toBe(before)
    await page.context().close()
  })

  it('reads a Markdown file the same way', async () => {
    const page = await openPlanList(t.token('admin', { plan: '*' }))
    const md = [
      '# Beskæftigelsesplan 2015',
      '',
      '## Indsatsen for langtidsledige',
      '',
      '| Mål | Handlinger | Succeskriterier | Opfølgning |',
      '|---|---|---|---|',
      `| ${GOAL_TITLE} | Tilbud | ${TARGET_SENTENCE}. | Kvartalsvis |`,
      ''
    ].join('\n')
    await page.locator('.import-zone input[type="file"]').setInputFiles({ name: 'plan.md', mimeType: 'text/markdown', buffer: Buffer.from(md) })
    const dialog = page.getByRole('dialog', { name: 'Gennemse importen' })
    await dialog.waitFor({ timeout: 60_000 })
    expect(await dialog.getByLabel('Planens titel').inputValue()).toBe('Beskæftigelsesplan 2015')
    expect(await dialog.locator('.review-source').first().textContent()).toContain(TARGET_SENTENCE)
    await dialog.getByRole('button', { name: 'Annullér' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.context().close()
  })

  it('refuses an .exe and an unreadable .docx with a clear notice', async () => {
    const page = await openPlanList(t.token('admin', { plan: '*' }))
    const input = page.locator('.import-zone input[type="file"]')
    await input.setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00not a plan') })
    const alert = page.locator('.import-zone [role="alert"]')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('„setup.exe“ kan ikke importeres')
    expect(await page.getByRole('dialog').count()).toBe(0)

    // Past the client's type check: the server's own message is shown.
    await input.setInputFiles({ name: 'ødelagt.docx', mimeType: DOCX_TYPE, buffer: Buffer.from('this is not a zip archive') })
    await eventually(async () => expect(await alert.textContent()).toMatch(/„ødelagt\.docx“ kunne ikke importeres: \S+/), 10_000)
    expect(await page.getByRole('dialog').count()).toBe(0)
    await page.context().close()
  })

  it('shows nothing of import to a non-admin', async () => {
    const page = await openPlanList(t.token('editor', { plan: DEMO_PLAN_ID }))
    await page.locator('.plan-list').waitFor()
    expect(await page.locator('input[type="file"]').count()).toBe(0)
    expect(await page.getByText('Importér plan').count()).toBe(0)
    // A file dropped anyway gets a word, and the page stays the app.
    const dataTransfer = await page.evaluateHandle(() => {
      const data = new DataTransfer()
      data.items.add(new File(['Mål'], 'plan.txt', { type: 'text/plain' }))
      return data
    })
    await page.dispatchEvent('h1', 'drop', { dataTransfer })
    await page.getByText('Kun administratorer kan importere planer').waitFor()
    expect(await page.locator('.plan-list').count()).toBe(1)
    await page.context().close()
  })
})

describe('export menu on the plan page', () => {
  it('is operable from the keyboard: Enter opens, arrows move and wrap, Escape closes and returns focus', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('commenter', { name: 'Rikke Råd' }), { bypassCSP: true })
    const button = page.getByRole('button', { name: 'Eksportér' })
    const menu = page.getByRole('menu')
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim())
    await button.focus()
    await page.keyboard.press('Enter')
    expect(await menu.isVisible()).toBe(true)
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    expect(await focused()).toBe('Word (.docx)')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('PDF')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe('JSON')
    await page.keyboard.press('Home')
    expect(await focused()).toBe('Word (.docx)')
    await page.keyboard.press('Escape')
    expect(await menu.isVisible()).toBe(false)
    expect(await focused()).toBe('Eksportér ▾')

    // Space opens too; Enter on an item downloads it with the server's file name.
    await page.keyboard.press('Space')
    await page.keyboard.press('End')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe('Markdown')
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toBe(exportName('md'))
    expect(readFileSync((await download.path())!, 'utf8')).toContain('#')
    // No address carrying the token is left on the page for a download.
    expect(await page.locator('a[href*="/api/"]').count()).toBe(0)
    await context.close()
  })

  it('downloads Word and PDF with progress shown while the server builds them', async () => {
    const { page, context } = await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('viewer', { name: 'Vera Viewer' }), { acceptDownloads: true })
    const statuses = await recordStatuses(page, '.export-menu .transfer-status')
    const button = page.getByRole('button', { name: 'Eksportér' })

    for (const [item, ext, type, magic] of [
      ['Word (.docx)', 'docx', 'wordprocessingml', 'PK'],
      ['PDF', 'pdf', 'application/pdf', '%PDF']
    ] as const) {
      await button.click()
      const response = page.waitForResponse((r) => r.url().includes(`/plan.${ext}`))
      const started = Date.now()
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('menuitem', { name: item }).click()])
      console.log(`export ${ext}: click to download ${Date.now() - started} ms, content-length ${(await response).headers()['content-length'] ?? 'none'}`)
      const headers = (await response).headers()
      expect(headers['content-type']).toContain(type)
      // The server declares the length, so the bar shows a percentage.
      expect(Number(headers['content-length'])).toBeGreaterThan(1000)
      await eventually(async () => expect((await statuses()).some((s) => /Henter .* \d+ %/.test(s))).toBe(true))
      expect(download.suggestedFilename()).toBe(exportName(ext))
      const bytes = readFileSync((await download.path())!)
      expect(bytes.length).toBeGreaterThan(1000)
      expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic)
    }
    const seen = await statuses()
    expect(seen).toContain('Bygger Word-fil …')
    expect(seen).toContain('Bygger PDF …')
    expect(seen.some((s) => s.includes(`${exportName('pdf')} er hentet`))).toBe(true)

    // Udskriv: the print page opens in a new tab, fetched with the token like the rest,
    // and its print dialog opens (issue #15). window.print is replaced before any page loads.
    const printed: string[] = []
    await context.exposeBinding('reportPrint', ({ frame }) => {
      printed.push(frame.url())
    })
    await context.addInitScript(() => {
      window.print = () => {
        void (window as unknown as { reportPrint: () => Promise<void> }).reportPrint()
      }
    })
    await button.click()
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('menuitem', { name: 'Udskriv' }).click()])
    await tab.waitForURL(/^blob:/, { timeout: 60_000 })
    await eventually(async () => expect(await tab.locator('body').textContent()).toContain('Beskæftigelsesplan 2019'), 10_000)
    expect(tab.url()).not.toContain('token')
    await eventually(async () => expect(printed).toEqual([tab.url()]))
    await eventually(async () => expect(await page.locator('.export-menu .transfer-status').textContent()).toContain('Udskriftssiden er åbnet'))
    await context.close()
  })

  it("shows the server's message when an export is refused", async () => {
    // A real refusal: the link expires while the page is open.
    const expires = Date.now() + 10_000
    const { page, context } = await openPlan(
      browser,
      t.httpUrl,
      DEMO_PLAN_ID,
      t.server.mintTokenNow({ plan: DEMO_PLAN_ID, role: 'editor', name: 'Kortvarig', group: 'administration', days: 10 / 86400 })
    )
    await page.waitForTimeout(Math.max(0, expires - Date.now()) + 1200)
    await page.getByRole('button', { name: 'Eksportér' }).click()
    await page.getByRole('menuitem', { name: 'CSV (mål)' }).click()
    const alert = page.locator('.export-error')
    await alert.waitFor()
    expect(await alert.getAttribute('role')).toBe('alert')
    expect(await alert.textContent()).toContain('CSV kunne ikke hentes: Linket er udløbet')
    await alert.getByRole('button', { name: 'Luk besked' }).click()
    expect(await alert.count()).toBe(0)
    await context.close()
  })
})
