import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS } from '../server'

/** Launch Debian's Chromium with the flags the PDF export uses (no downloads, no background networking). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] })
}
