import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import type { Node as PMNode } from 'prosemirror-model'
import { planToPrintHtml } from '../../schema/export'
import { type Lang, type PlanMeta } from '../../schema'
import { log } from '../log'

// PDF export. Chromium (through playwright-core) prints the print HTML, so the
// PDF looks like the HTML export: real tables, repeated headers, page
// numbers. One browser is launched on the first export and shared; each
// export gets its own context and page (no JavaScript, offline), closed
// afterwards. At most `concurrency` renders run at once, the rest wait in a
// bounded queue. Without Chromium the plain pdf-lib rendering is used.

/** Which engine drew a PDF (sent as the `x-pdf-renderer` header). */
export type PdfRendererName = 'chromium' | 'pdf-lib'

/** How PDFs are made. */
export interface PdfOptions {
  /** `auto`: Chromium when it can be launched, else pdf-lib. */
  renderer: 'auto' | PdfRendererName
  chromiumPath: string
  timeoutMs: number
  concurrency: number
  /** Renders allowed to wait for a slot; beyond that an export is refused (busy). */
  maxQueued: number
}

export const DEFAULT_PDF_OPTIONS: PdfOptions = {
  renderer: 'auto',
  chromiumPath: '/usr/bin/chromium',
  timeoutMs: 60_000,
  concurrency: 2,
  maxQueued: 20
}

/** Headless Chromium as this machine allows it (no downloads, no background networking); the browser tests use the same. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Every window of Chromium 156 preloads two omnibox popups (chrome://omnibox-popup.top-chrome):
  // about a third of a new page's CPU in a headless browser that never shows an address bar.
  // Chromium keeps only the last --disable-features, so Playwright's own list (chromiumSwitches.ts) is repeated here.
  `--disable-features=${[
    'WebUIOmniboxPopup',
    'WebUIOmniboxAimPopup',
    'AvoidUnnecessaryBeforeUnloadCheckSync',
    'DestroyProfileOnBrowserClose',
    'HttpsUpgrades',
    'HttpsFirstBalancedModeAutoEnable',
    'LensOverlay',
    'MediaRouter',
    'PaintHolding',
    'ThirdPartyStoragePartitioning',
    'AvoidCorsURLLoaderRestartOnRedirect',
    'OptimizationHints',
    'NetworkTimeServiceQuerying',
    'AimEnabled',
    'PreconnectToSearch'
  ].join(',')}`
]

/** A PDF export was refused because too many are waiting. */
export class PdfBusyError extends Error {}

/** A rendered PDF and the engine that drew it. */
export interface RenderedPdf {
  bytes: Uint8Array
  renderer: PdfRendererName
}

const LAUNCH_TIMEOUT_MS = 30_000

// After a failed launch, try again only after this long (not on every request).
const RELAUNCH_AFTER_MS = 60_000

// playwright-core (and pdf-lib) are loaded on the first export: importing
// them costs every server start, and every test file that starts a server,
// over a second of CPU.
const loadChromium = async () => (await import('playwright-core')).chromium

/** Makes PDFs of plans; owns the shared browser. Close it with the server. */
export class PdfExporter {
  private browser: Promise<Browser> | null = null
  private launchFailedAt = 0
  private running = 0
  private peak = 0
  private readonly waiting: Array<() => void> = []
  private closed = false

  constructor(private readonly options: PdfOptions = DEFAULT_PDF_OPTIONS) {}

  /** Render a plan to PDF with the configured engine. Throws on a failed or timed-out render. */
  async render(doc: PMNode, meta: PlanMeta, lang: Lang = 'da'): Promise<RenderedPdf> {
    await this.acquire()
    try {
      const browser = this.options.renderer === 'pdf-lib' ? null : await this.getBrowser()
      // pdf-lib too loads with the first PDF that needs it.
      if (!browser) return { bytes: await (await import('./pdf-fallback')).planToPlainPdf(doc, meta, lang), renderer: 'pdf-lib' }
      return { bytes: await this.printWithChromium(browser, planToPrintHtml(doc, meta, { lang })), renderer: 'chromium' }
    } finally {
      this.release()
    }
  }

  /** The most renders that ran at once so far (never above `concurrency`). */
  get peakConcurrency(): number {
    return this.peak
  }

  /** Close the shared browser (server shutdown). */
  async close(): Promise<void> {
    this.closed = true
    const browser = this.browser
    this.browser = null
    if (browser) await browser.then((b) => b.close()).catch(() => undefined)
  }

  private async acquire(): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++
      this.peak = Math.max(this.peak, this.running)
      return
    }
    if (this.waiting.length >= this.options.maxQueued) throw new PdfBusyError(`${this.waiting.length} PDF exports are already waiting`)
    // release() hands its slot straight to the next waiter, so `running` stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.running--
  }

  /** The shared browser, launched on first use; null when Chromium cannot be used (auto falls back). */
  private async getBrowser(): Promise<Browser | null> {
    if (this.closed) throw new Error('The PDF exporter is closed')
    const forced = this.options.renderer === 'chromium'
    if (!this.browser) {
      if (!existsSync(this.options.chromiumPath)) {
        if (forced) throw new Error(`Chromium was not found at ${this.options.chromiumPath}`)
        return null
      }
      if (!forced && Date.now() - this.launchFailedAt < RELAUNCH_AFTER_MS) return null
      // Loaded here, not at startup: playwright-core alone is ~90 MB of a server's memory (bench/README, meeting memory).
      const launching = loadChromium().then((chromium) =>
        chromium.launch({ executablePath: this.options.chromiumPath, args: [...CHROMIUM_ARGS], timeout: LAUNCH_TIMEOUT_MS })
      )
      this.browser = launching
      launching.then(
        (b) =>
          b.on('disconnected', () => {
            if (this.browser === launching) this.browser = null
          }),
        (e: Error) => {
          if (this.browser === launching) this.browser = null
          this.launchFailedAt = Date.now()
          log('error', 'pdf-chromium-launch-failed', { path: this.options.chromiumPath, error: e.message })
        }
      )
    }
    try {
      return await this.browser!
    } catch (e) {
      if (forced) throw e
      return null
    }
  }

  private async printWithChromium(browser: Browser, html: string): Promise<Uint8Array> {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
    let timer: NodeJS.Timeout | undefined
    try {
      const work = (async () => {
        const page = await context.newPage()
        try {
          await page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs })
          return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true })
        } finally {
          await page.close().catch(() => undefined)
        }
      })()
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PDF rendering took longer than ${this.options.timeoutMs} ms`)), this.options.timeoutMs)
      })
      work.catch(() => undefined) // closing the context on timeout rejects it; that is expected
      return new Uint8Array(await Promise.race([work, timeout]))
    } finally {
      clearTimeout(timer)
      await context.close().catch(() => undefined)
    }
  }
}

/** PDF options from the environment: PDF_RENDERER (auto|chromium|pdf-lib), CHROMIUM_PATH, PDF_TIMEOUT_MS. */
export function pdfOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<PdfOptions> {
  const renderer = env.PDF_RENDERER
  return {
    ...(renderer === 'auto' || renderer === 'chromium' || renderer === 'pdf-lib' ? { renderer } : {}),
    ...(env.CHROMIUM_PATH ? { chromiumPath: env.CHROMIUM_PATH } : {}),
    ...(env.PDF_TIMEOUT_MS && Number(env.PDF_TIMEOUT_MS) > 0 ? { timeoutMs: Number(env.PDF_TIMEOUT_MS) } : {})
  }
}
