// Issue #15: a plan that does not exist, is deleted or is not yours, a link
// that is invalid, expired or revoked, and `/` without a link each get a page
// that says what happened and what to do (heading, landmarks, Danish and
// English), never the editor stuck on "Henter planen …"; so does no network
// with nothing kept on this computer.
import { describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import type { TestServer } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { axeSerious, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser

useServerAndBrowser((s) => ({ t, browser } = s))

/** A fresh browser (no session) at `path`; bypassCSP only so axe can be injected. */
async function visit(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('pageerror:', e.message))
  await page.goto(`${t.httpUrl}${path}`)
  return page
}

const heading = async (page: Page) => {
  const h1 = page.getByRole('heading', { level: 1 })
  await h1.waitFor({ timeout: 60_000 })
  return (await h1.textContent())?.trim()
}

/** The page is a problem page: landmarks, a heading, what to do, no editor and no token left in the address. */
async function expectProblemPage(page: Page, h1: string): Promise<void> {
  await eventually(async () => expect(await heading(page)).toBe(h1), 30_000)
  expect(await page.getByRole('banner').count()).toBe(1)
  expect(await page.getByRole('main').count()).toBe(1)
  expect(await page.getByRole('heading', { level: 2, name: 'Hvad kan du gøre?' }).count()).toBe(1)
  expect(await page.locator('main li').count()).toBeGreaterThan(0)
  expect(await page.locator('.plan-editor, .loading').count()).toBe(0)
  expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  expect(await axeSerious(page)).toEqual([])
}

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${t.httpUrl}/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })

describe('pages for plans and links that do not open', () => {
  it('/ without a link explains how to get one, in Danish and in English', async () => {
    const page = await visit('/')
    await expectProblemPage(page, 'Du skal bruge et link for at åbne en plan')
    const main = (await page.getByRole('main').textContent())!
    expect(main).toContain('administrator')
    expect(await page.locator('.link-example').textContent()).toMatch(new RegExp(`^${t.httpUrl}/plan/.+\\?token=`))
    await page.getByRole('button', { name: 'English' }).click()
    expect(await heading(page)).toBe('You need a link to open a plan')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('What can you do?')
    await page.context().close()
  })

  it('an invalid link', async () => {
    const page = await visit(`/plan/${DEMO_PLAN_ID}?token=not-a-real-token`)
    await expectProblemPage(page, 'Linket virker ikke')
    expect(await page.getByRole('alert').textContent()).toContain('ugyldigt')
    await page.context().close()
  })

  it('an expired link', async () => {
    const page = await visit(`/plan/${DEMO_PLAN_ID}?token=${t.token('editor', { days: -1 })}`)
    await expectProblemPage(page, 'Linket er udløbet')
    await page.context().close()
  })

  it('a revoked link', async () => {
    const admin = t.token('admin')
    const token = t.token('commenter', { name: 'Rikke Tilbagekaldt' })
    const { invites } = (await (await api(`/plans/${DEMO_PLAN_ID}/invites`, admin)).json()) as { invites: Array<{ id: string; name: string }> }
    const invite = invites.find((i) => i.name === 'Rikke Tilbagekaldt')!
    expect((await api(`/plans/${DEMO_PLAN_ID}/invites/${invite.id}`, admin, { method: 'DELETE' })).ok).toBe(true)
    const page = await visit(`/plan/${DEMO_PLAN_ID}?token=${token}`)
    await expectProblemPage(page, 'Din adgang er trukket tilbage')
    await page.context().close()
  })

  it('a plan that does not exist, and one the link does not open', async () => {
    const missing = await visit(`/plan/findes-ikke-2027?token=${t.token('admin', { plan: '*' })}`)
    await expectProblemPage(missing, 'Planen findes ikke')
    // A session holds: the way on is the plan list.
    expect(await missing.getByRole('link', { name: 'Til dine planer' }).count()).toBe(1)
    await missing.context().close()

    const dashboard = await visit(`/plan/findes-ikke-2027/dashboard?token=${t.token('admin', { plan: '*' })}`)
    await expectProblemPage(dashboard, 'Planen findes ikke')
    await dashboard.context().close()

    const other = await visit(`/plan/findes-ikke-2027?token=${t.token('editor')}`)
    await expectProblemPage(other, 'Du har ikke adgang til planen')
    await other.context().close()
  })

  it('a deleted plan says an administrator can restore it', async () => {
    const admin = t.token('admin', { plan: '*' })
    const { plan } = (await (await api('/plans', admin, { method: 'POST', body: JSON.stringify({ template: 'empty', title: 'Slettes snart' }) })).json()) as {
      plan: { id: string }
    }
    expect((await api(`/plans/${plan.id}`, admin, { method: 'DELETE' })).ok).toBe(true)
    const page = await visit(`/plan/${plan.id}?token=${admin}`)
    await expectProblemPage(page, 'Planen er slettet')
    expect(await page.getByRole('main').textContent()).toContain('gendanne')
    await page.context().close()
  })

  it('a plan deleted between the link check and the socket gets the page too, not "Henter planen …"', async () => {
    const admin = t.token('admin', { plan: '*' })
    const { plan } = (await (
      await api('/plans', admin, { method: 'POST', body: JSON.stringify({ template: 'empty', title: 'Slettes undervejs' }) })
    ).json()) as {
      plan: { id: string }
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    // The server's real answer to "who am I in this plan" (the plan still exists);
    // the plan's sockets (opened as soon as the session cookie is set, beside that
    // call) reach the server only after the plan is deleted, and find it gone.
    let deleted!: () => void
    const gone = new Promise<void>((resolve) => (deleted = resolve))
    await page.routeWebSocket(/\/sync\//, async (ws) => {
      await gone
      ws.connectToServer()
    })
    await page.route(`**/api/session?plan=${plan.id}`, async (route) => {
      const answer = await route.fetch()
      expect((await api(`/plans/${plan.id}`, admin, { method: 'DELETE' })).ok).toBe(true)
      deleted()
      await route.fulfill({ response: answer })
    })
    await page.goto(`${t.httpUrl}/plan/${plan.id}?token=${admin}`)
    await expectProblemPageWithoutAxe(page, 'Planen findes ikke')
    await context.close()
  })

  it('no network and nothing kept on this computer: says so, with a button to try again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    // The page itself loads; the network then fails for the session call, as on a dropped line.
    await context.route('**/api/session**', (route) => route.abort('internetdisconnected'))
    const page = await context.newPage()
    await page.goto(`${t.httpUrl}/plan/${DEMO_PLAN_ID}`)
    await expectProblemPageWithoutAxe(page, 'Ingen forbindelse')
    expect(await page.getByRole('button', { name: 'Prøv igen' }).count()).toBe(1)
    await context.close()
  })

  it('an address that is not a plan', async () => {
    const page = await visit(`/plan/Ikke_Et_Id?token=${t.token('admin', { plan: '*' })}`)
    await expectProblemPage(page, 'Adressen er forkert')
    await page.context().close()
  })
})

async function expectProblemPageWithoutAxe(page: Page, h1: string): Promise<void> {
  await eventually(async () => expect(await heading(page)).toBe(h1), 30_000)
  expect(await page.getByRole('main').count()).toBe(1)
  expect(await page.locator('.plan-editor, .loading').count()).toBe(0)
}
