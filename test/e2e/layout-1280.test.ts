// The editor's geometry on a 1280×720 projector (issue #15, "Layout and
// language"): goal-table words are never cut mid-word, forms open as popovers
// wide enough for their fields, no button is clipped, passing notices do not
// push the editor down, and B/I look bold and italic.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { openPlan, selectWords, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let page: Page

useServerAndBrowser((s) => ({ t, browser } = s))
beforeAll(async () => {
  page = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Lise Layout' }))).page
  await page.waitForSelector('.sync-indicator[data-state=saved]', { timeout: 60_000 })
})

/** Buttons on the page whose text does not fit inside them. */
const clippedButtons = (p: Page) =>
  p.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, .btn'))
      .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
      .map((b) => b.textContent?.trim() || b.getAttribute('aria-label'))
  )

describe('layout at 1280×720', () => {
  it('never cuts a word in a goal table across two lines, and lets the browser hyphenate Danish', async () => {
    const split = await page.evaluate(() => {
      const found: string[] = []
      for (const cell of document.querySelectorAll('.goal-cell-content')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if ((n.parentElement as HTMLElement).closest('button, fieldset, [hidden]')) continue
          const text = n.textContent ?? ''
          for (const m of text.matchAll(/\S+/g)) {
            const range = document.createRange()
            range.setStart(n, m.index)
            range.setEnd(n, m.index + m[0].length)
            const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)))
            if (lines.size > 1) found.push(m[0])
          }
        }
      }
      return found
    })
    expect(split).toEqual([])
    // Where the browser has Danish hyphenation (not Chromium on Linux), it may hyphenate.
    const cell = page.locator('.goal-cell').first()
    expect(await cell.evaluate((c) => [getComputedStyle(c).hyphens, c.closest('[lang]')?.getAttribute('lang')])).toEqual(['auto', 'da'])
  })

  it('keeps the header and every row of a goal table in the same columns', async () => {
    const tables = await page.locator('.goal-table').evaluateAll((els) =>
      els.map((tbl) => {
        const edges = (row: Element) =>
          Array.from(row.querySelectorAll(':scope > [role=columnheader], :scope .goal-cell')).map((c) => Math.round(c.getBoundingClientRect().left))
        const box = tbl.getBoundingClientRect()
        return {
          header: edges(tbl.querySelector('.goal-header')!),
          rows: Array.from(tbl.querySelectorAll('.goal')).map(edges),
          overflow: Array.from(tbl.querySelectorAll('.goal-cell, .goal-controls')).some((c) => c.getBoundingClientRect().right > box.right + 1)
        }
      })
    )
    expect(tables.length).toBeGreaterThan(0)
    for (const tbl of tables) {
      for (const row of tbl.rows) expect(row).toEqual(tbl.header.slice(0, 4))
      expect(tbl.overflow).toBe(false)
    }
  })

  it('opens the target and follow-up forms as popovers wide enough for their fields, inside the window', async () => {
    for (const [part, open] of [
      ['.target', 'Rediger målsætning'],
      ['.follow-up', 'Rediger opfølgning']
    ] as const) {
      const host = page.locator(part).first()
      await host.getByRole('button', { name: open }).click()
      const form = host.locator('fieldset')
      await eventually(async () => expect(await form.isVisible()).toBe(true))
      const g = await form.evaluate((f) => {
        const box = f.getBoundingClientRect()
        const cell = f.closest('.goal-cell')!.getBoundingClientRect()
        const fields = Array.from(f.querySelectorAll<HTMLElement>('.field:not([hidden]) input, .field:not([hidden]) select')).map((i) => {
          const r = i.getBoundingClientRect()
          return { width: r.width, inside: r.left >= box.left && r.right <= box.right }
        })
        return { width: box.width, cellWidth: cell.width, left: box.left, right: box.right, fields }
      })
      expect(g.width).toBeGreaterThan(g.cellWidth) // not squeezed into its column
      expect(g.width).toBeGreaterThanOrEqual(400)
      expect(g.left).toBeGreaterThanOrEqual(0)
      expect(g.right).toBeLessThanOrEqual(1280)
      expect(g.fields.length).toBeGreaterThan(3)
      for (const f of g.fields) {
        expect(f.inside).toBe(true)
        expect(f.width).toBeGreaterThanOrEqual(150)
      }
      await host.getByRole('button', { name: 'Færdig' }).click()
      await eventually(async () => expect(await form.isVisible()).toBe(false))
    }
  })

  it('shows B and I as bold and italic', async () => {
    const look = await page
      .locator('[role=toolbar] button')
      .evaluateAll((bs) => bs.slice(0, 2).map((b) => ({ weight: Number(getComputedStyle(b).fontWeight), style: getComputedStyle(b).fontStyle })))
    expect(look[0]!.weight).toBeGreaterThanOrEqual(700)
    expect(look[1]!.style).toBe('italic')
    // The top bar stays one line, so the sticky toolbar below it is not covered.
    expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThan(60)
  })

  it('clips no button, "Send" in the comments panel included', async () => {
    await selectWords(page, 'tidligere kontakt')
    await page.getByRole('button', { name: 'Kommentér markering' }).click()
    await page.locator('#comment-draft').fill('Kan vi nå det i år?')
    await page.locator('.compose').getByRole('button', { name: 'Send' }).click()
    const reply = page.locator('.comments .reply').first()
    await eventually(async () => expect(await reply.isVisible()).toBe(true))
    const send = await reply.getByRole('button', { name: 'Send' }).boundingBox()
    const panel = (await page.locator('.comments').boundingBox())!
    expect(send!.x + send!.width).toBeLessThanOrEqual(panel.x + panel.width)
    expect(await clippedButtons(page)).toEqual([])
  })

  it('shows a passing notice over the page without moving the editor', async () => {
    const editorTop = () => page.locator('.editor-mount').evaluate((e) => e.getBoundingClientRect().top + window.scrollY)
    const before = await editorTop()
    await page.locator('.plan-editor p').first().click()
    // Pasted HTML with a style block is cleaned, and the editor says so.
    await page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('text/html', '<style>p { color: red }</style><p>indsat tekst</p>')
      data.setData('text/plain', 'indsat tekst')
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    const notice = page.locator('.toasts .notice[role=alert]')
    await eventually(async () => expect(await notice.isVisible()).toBe(true))
    expect(await editorTop()).toBe(before)
    const box = (await notice.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1280)
    expect(box.y).toBeGreaterThanOrEqual(0)
  })
})
