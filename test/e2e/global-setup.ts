import { build } from 'vite'
import { existsSync } from 'node:fs'

/** Build the client once, so every browser test runs the real built app served by the real server. */
export default async function setup(): Promise<void> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing at /usr/bin/chromium: run .ci/run or apt-get install chromium')
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' })
}
