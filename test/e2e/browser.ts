import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll } from 'vitest'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { launchBrowser } from '../../testkit/chromium'
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'

/** Open a plan page in a fresh context and wait until the editor is bound. */
export async function openPlan(
  browser: Browser,
  baseUrl: string,
  planId: string,
  token: string,
  options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('pageerror:', e.message))
  await page.goto(`${baseUrl}/plan/${planId}?token=${encodeURIComponent(token)}`)
  await page.waitForSelector('.plan-editor .goal-table, .plan-editor p', { timeout: 60_000 })
  return { context, page }
}

/** Put the cursor at the very end of a paragraph (cells are narrow: End alone stops at the visual line). */
export async function clickAtEnd(page: Page, paragraph: Locator): Promise<void> {
  const box = (await paragraph.boundingBox())!
  await paragraph.click({ position: { x: box.width - 2, y: box.height - 4 } })
  await page.keyboard.press('End')
}

/**
 * Register the hooks every browser test file needs: a real server on port 0
 * with a fresh data directory and one Chromium, both closed afterwards.
 * `use` receives them once they run (before the file's own beforeAll hooks).
 */
export function useServerAndBrowser(use: (s: { t: TestServer; browser: Browser }) => void): void {
  let t: TestServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    t = await startTestServer()
    browser = await launchBrowser()
    use({ t, browser })
  })
  afterAll(async () => {
    await browser?.close()
    await t?.stop()
    if (t) removeDir(t.dataDir)
  })
}

/** Select the given words inside the editor, as a mouse drag would. */
export async function selectWords(page: Page, words: string): Promise<void> {
  await page.evaluate((w) => {
    const root = document.querySelector('.ProseMirror')!
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent!.indexOf(w)
      if (i >= 0) {
        const range = document.createRange()
        range.setStart(n, i)
        range.setEnd(n, i + w.length)
        const sel = window.getSelection()!
        sel.removeAllRanges()
        sel.addRange(range)
        return
      }
    }
    throw new Error(`"${w}" not found`)
  }, words)
}

/** One rule axe-core found broken: its id, impact and the first few elements. */
export interface AxeViolation {
  id: string
  impact: string
  targets: string[]
}

/**
 * Every WCAG 2.1 A/AA violation axe-core finds on the page, or inside
 * `selector`. The page must allow the injected script (bypassCSP).
 */
export async function axeViolations(page: Page, selector?: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') })
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Element | Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>
        }
      }
    ).axe
    const r = await axe.run(sel ? document.querySelector(sel)! : document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  }, selector ?? null)
}

/** The serious or critical ones of `axeViolations`. */
export async function axeSerious(page: Page, selector?: string): Promise<AxeViolation[]> {
  return (await axeViolations(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
