// Presence at a meeting of eight (issue #15): one browser and seven Yjs
// clients over the real server, all claiming the same colour (as the old
// name hash often gave two people). Everyone is shown in a different colour,
// and a caret's name shows only while its owner types or under the mouse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Browser, Page } from 'playwright-core'
import { DEMO_PLAN_ID } from '../../schema/build'
import { BODY_FRAGMENT } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser
let page: Page
const clients: YClient[] = []

useServerAndBrowser((s) => ({ t, browser } = s))

/** The first `n` non-empty text nodes of the plan body, in document order. */
function texts(doc: Y.Doc, n: number): Y.XmlText[] {
  const out: Y.XmlText[] = []
  const walk = (el: Y.XmlFragment | Y.XmlElement) => {
    for (const child of el.toArray()) {
      if (out.length >= n) return
      if (child instanceof Y.XmlText) {
        if (child.length > 3) out.push(child)
      } else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(doc.getXmlFragment(BODY_FRAGMENT))
  return out
}

const cursorAt = (text: Y.XmlText, index: number) => {
  const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))
  return { anchor: pos, head: pos }
}

beforeAll(async () => {
  page = (await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor', { name: 'Mødeleder Mette' }))).page
  for (let i = 0; i < 7; i++) {
    const c = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor', { name: `Deltager ${i + 1}`, group: 'committee' }))
    clients.push(c)
    await c.synced()
  }
  for (const [i, c] of clients.entries()) {
    const text = texts(c.doc, 7)[i]!
    c.provider.awareness.setLocalStateField('user', { name: `Deltager ${i + 1}`, group: 'committee', color: '#1f5fbf' })
    c.provider.awareness.setLocalStateField('cursor', cursorAt(text, 2))
  }
})

afterAll(() => {
  for (const c of clients) c.destroy()
})

/** Client id → [caret colour, whether its name shows], as the browser draws them. */
const carets = (p: Page) =>
  p.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll<HTMLElement>('.remote-cursor')).map((c) => [
        c.dataset.client!,
        [getComputedStyle(c).borderLeftColor, getComputedStyle(c.querySelector('.remote-cursor-label')!).visibility === 'visible'] as const
      ])
    )
  )

describe('presence at a meeting of eight', () => {
  it('shows eight people in eight different colours, in the list and at the carets', async () => {
    const swatches = page.locator('.presence li .swatch')
    await eventually(async () => expect(await swatches.count()).toBe(8))
    await eventually(async () => {
      const colours = await swatches.evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor))
      expect(new Set(colours).size).toBe(8)
    })
    await eventually(async () => {
      const shown = await carets(page)
      expect(Object.keys(shown)).toHaveLength(7)
      expect(new Set(Object.values(shown).map(([colour]) => colour)).size).toBe(7)
    })
    // The browser's own colour, published to the others, is one nobody else has.
    const own = await page
      .locator('.presence li')
      .first()
      .locator('.swatch')
      .evaluate((e) => getComputedStyle(e).backgroundColor)
    expect(Object.values(await carets(page)).map(([colour]) => colour)).not.toContain(own)
  })

  it('shows a name while its owner types and hides it once they stop; names show under the mouse', async () => {
    // Everyone has just arrived: their names show for a moment, then go.
    await eventually(async () => expect(Object.values(await carets(page)).every(([, visible]) => !visible)).toBe(true))

    const typist = clients[3]!
    const text = texts(typist.doc, 7)[3]!
    text.insert(2, 'ny ')
    typist.provider.awareness.setLocalStateField('cursor', cursorAt(text, 5))
    const id = String(typist.doc.clientID)
    await eventually(async () => expect((await carets(page))[id]?.[1]).toBe(true))
    expect(
      Object.entries(await carets(page))
        .filter(([, [, visible]]) => visible)
        .map(([k]) => k)
    ).toEqual([id])
    await eventually(async () => expect(await page.locator('.plan-editor').textContent()).toContain('ny '))
    // Typing stopped: the name goes, the caret stays.
    await eventually(async () => expect((await carets(page))[id]?.[1]).toBe(false))
    expect(Object.keys(await carets(page))).toContain(id)

    const other = page.locator(`.remote-cursor[data-client="${clients[0]!.doc.clientID}"]`)
    await other.hover({ force: true })
    await eventually(async () => expect((await carets(page))[String(clients[0]!.doc.clientID)]?.[1]).toBe(true))
    await page.mouse.move(5, 700)
    await eventually(async () => expect((await carets(page))[String(clients[0]!.doc.clientID)]?.[1]).toBe(false))
  })
})
