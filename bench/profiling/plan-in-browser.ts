// What the browser profiles share (open-timeline, keystroke-profile,
// page-cpu): the client built into a scratch folder (unminified unless asked,
// so a profile keeps function names), a real server on it with its own data,
// the plan to open (the 200-page plan seeded, or the demo plan), Chromium,
// and the cleanup of all of it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import * as Y from 'yjs'
import type { Browser } from 'playwright-core'
import { DEMO_PLAN_ID, demoMeta } from '../../schema/build'
import { seedPlanDoc } from '../../schema'
import { startServer, type RunningServer } from '../../server'
import { launchBrowser } from '../../testkit/chromium'
import { bigPlanDoc } from '../../testkit/big-plan'

export const BIG_PLAN_ID = 'plan-200'

export interface PlanInBrowser {
  server: RunningServer
  browser: Browser
  planId: string
  /** A fresh editor link to the plan (a new invitation each call). */
  url(): string
  close(): Promise<void>
}

/** `plan`: 'plan-200' seeds the ≈ 200-page plan; anything else opens the demo plan. */
export async function planInBrowser(plan: string, options: { minify?: boolean } = {}): Promise<PlanInBrowser> {
  const clientDir = mkdtempSync(join(tmpdir(), 'profile-client-'))
  await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir: clientDir, minify: options.minify ?? false, sourcemap: false } })
  const dataDir = mkdtempSync(join(tmpdir(), 'profile-data-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, clientDir })
  const planId = plan === BIG_PLAN_ID ? BIG_PLAN_ID : DEMO_PLAN_ID
  if (planId === BIG_PLAN_ID) {
    const ydoc = new Y.Doc()
    seedPlanDoc(ydoc, { meta: { ...demoMeta(planId), title: 'Stor plan' }, doc: bigPlanDoc(30, 10, 30) })
    await server.store.createPlan({ id: planId, title: 'Stor plan', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(ydoc))
  }
  const browser = await launchBrowser()
  return {
    server,
    browser,
    planId,
    url: () =>
      `http://127.0.0.1:${server.port}/plan/${planId}?token=${server.mintTokenNow({ plan: planId, role: 'editor', name: 'Bench', group: 'administration' })}`,
    async close() {
      await browser.close()
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(clientDir, { recursive: true, force: true })
    }
  }
}
