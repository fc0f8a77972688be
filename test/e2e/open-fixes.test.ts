// A plan that arrives needing a repair is repaired as it opens in an editor's
// browser. The editor used to draw the plan in a transaction that the repair
// plugin followed; it now starts from the document read from Yjs, so the
// repair runs explicitly at open (client/src/editor/create-editor.ts,
// fixOnOpen) and reaches the server without anyone typing.
import { describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import * as Y from 'yjs'
import { DEMO_IDS, DEMO_PLAN_ID } from '../../schema/build'
import { BODY_FRAGMENT } from '../../schema'
import type { TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'
import { openPlan, useServerAndBrowser } from './browser'

let t: TestServer
let browser: Browser

useServerAndBrowser((s) => ({ t, browser } = s))

/** The Yjs element of one cell of a goal, found by the goal's id and the cell's column. */
function goalCell(doc: Y.Doc, goalId: string, column: string): Y.XmlElement {
  const find = (parent: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'goal' && child.getAttribute('id') === goalId) {
        const cell = child.toArray().find((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.getAttribute('column') === column)
        if (cell) return cell
      }
      const inner = find(child)
      if (inner) return inner
    }
    return null
  }
  const cell = find(doc.getXmlFragment(BODY_FRAGMENT))
  if (!cell) throw new Error(`no ${column} cell in goal ${goalId}`)
  return cell
}

describe('fixes at open', () => {
  it('a goal cell emptied before the plan opened gets its paragraph back when an editor opens the plan', async () => {
    const writer = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const reader = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('viewer'))
    try {
      await writer.synced()
      const cell = goalCell(writer.doc, DEMO_IDS.goalSick, 'actions')
      expect(cell.length).toBeGreaterThan(0)
      cell.delete(0, cell.length)
      await reader.synced()
      await eventually(() => expect(goalCell(reader.doc, DEMO_IDS.goalSick, 'actions').length).toBe(0), 10_000)

      await openPlan(browser, t.httpUrl, DEMO_PLAN_ID, t.token('editor'))
      // Nobody types: the repair written at open reaches the server and the other clients.
      await eventually(() => {
        const repaired = goalCell(reader.doc, DEMO_IDS.goalSick, 'actions')
        expect(repaired.length).toBe(1)
        expect((repaired.get(0) as Y.XmlElement).nodeName).toBe('paragraph')
      }, 15_000)
    } finally {
      writer.destroy()
      reader.destroy()
    }
  })
})
