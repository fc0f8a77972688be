// Five editors edit the same goal table offline (rows inserted, deleted and
// moved, cells typed and split, target values changed), then reconnect in a
// random order. All converge, the plan still fits the schema, extractPlan
// reports nothing new, and no text nobody deleted is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT, extractPlan, readPlanMeta, yBodyToPlanNode } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { findIdFixes } from '../../schema/editing'
import { startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually, type YClient } from '../../testkit/y-client'
import { GoalTableEditor, randomGoalTableEdit } from '../helpers/goal-table-edits'

let server: ServerProcess

beforeAll(async () => {
  server = await startServerProcess()
})
afterAll(async () => {
  await server?.dispose()
})

describe('offline merge at scale', () => {
  it.each([1, 2, 3])(
    '5 offline editors reconnect in random order and converge without loss (seed %i)',
    async (seed) => {
      let x = seed * 7919
      const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648), x / 2147483648)
      const clients: YClient[] = []
      for (let i = 0; i < 5; i++) {
        const token = await server.invite({ plan: DEMO_PLAN_ID, role: 'editor', name: `Redaktør ${i}`, group: 'administration' })
        const c = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
        await c.synced()
        clients.push(c)
      }
      const before = extractPlan(yBodyToPlanNode(clients[0]!.doc).doc, readPlanMeta(clients[0]!.doc)).problems.length
      const editor = new GoalTableEditor(clients[0]!.doc)

      for (const c of clients) c.provider.disconnect()
      for (let round = 0; round < 12; round++) {
        clients.forEach((c, peer) => editor.apply(c.doc, peer, randomGoalTableEdit(rand)))
      }
      // Reconnect in a random order with small gaps.
      const order = [0, 1, 2, 3, 4].sort(() => rand() - 0.5)
      for (const i of order) {
        clients[i]!.provider.connect()
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 60)))
      }

      await eventually(() => {
        const sv = clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64'))
        expect(new Set(sv).size).toBe(1)
        const bodies = clients.map((c) => JSON.stringify(c.doc.getXmlFragment(BODY_FRAGMENT).toJSON()))
        expect(new Set(bodies).size).toBe(1)
      }, 20_000)

      const { doc, problems } = yBodyToPlanNode(clients[0]!.doc)
      expect(problems).toEqual([])
      expect(() => doc.check()).not.toThrow()
      const plan = extractPlan(doc, readPlanMeta(clients[0]!.doc))
      // New rows have empty cells and no targets; those are not reading errors.
      const reading = plan.problems.filter((p) => !/har ingen titel|ingen målværdi endnu/.test(p.message))
      expect(reading.length).toBeLessThanOrEqual(before)
      expect(editor.lostTokens(doc.textContent)).toEqual([])
      // Inserted rows get fresh ids and moves copy nothing, so the merge needs no id fixes.
      expect(findIdFixes(doc)).toEqual([])

      // A late joiner gets exactly the converged state from the server.
      const late = connectClient(server.wsUrl, DEMO_PLAN_ID, await server.invite({ plan: DEMO_PLAN_ID, role: 'viewer', name: 'Sen', group: 'council' }))
      await late.synced()
      await eventually(() =>
        expect(JSON.stringify(late.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(JSON.stringify(clients[0]!.doc.getXmlFragment(BODY_FRAGMENT).toJSON()))
      )
      late.destroy()
      for (const c of clients) c.destroy()
    },
    90_000
  )
})
