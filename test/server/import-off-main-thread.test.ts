import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FixtureBlock } from '../fixtures/seeds/fixture'
import { fixtureToDocx } from '../helpers/seed-documents'
import { inviteToken, startServerProcess, type ServerProcess } from '../../testkit/server-process'

// The server as `npm start` runs it (a child process with tsx): an import of
// a large Word file runs in the import worker thread, so the server keeps
// answering while mammoth works, and the plan arrives whole.

let s: ServerProcess
beforeAll(async () => {
  s = await startServerProcess()
})
afterAll(async () => {
  await s.dispose()
})

/** A plan of 20 focus areas, 400 paragraphs and 200 goal rows with a target each. */
function bigPlan(): { title: string; blocks: FixtureBlock[] } {
  const blocks: FixtureBlock[] = []
  for (let fa = 0; fa < 20; fa++) {
    blocks.push({ heading: `Fokusområde ${fa + 1}`, level: 1 })
    for (let p = 0; p < 20; p++) blocks.push({ paragraph: `Afsnit ${p + 1} om indsatsen i fokusområde ${fa + 1}, skrevet som en kommune skriver sine planer.` })
    blocks.push({
      table: [
        ['Mål', 'Handlinger', 'Succeskriterier', 'Opfølgning'],
        ...Array.from({ length: 10 }, (_, i) => [
          `Mål ${fa + 1}.${i + 1}`,
          ['Indsats', { list: ['a', 'b', 'c'] }],
          `Langtidsledigheden skal begrænses fra ${700 + i} personer i december 2013 til ${600 + i} personer i december 2015.`,
          'Kvartalsvis'
        ])
      ]
    })
  }
  return { title: 'Stor plan', blocks }
}

describe('import in the server process', () => {
  it('a large .docx is imported while the server keeps answering other requests', async () => {
    const admin = inviteToken(s.dataDir, { plan: '*', role: 'admin', name: 'Admin', group: 'administration' })
    const docx = new Uint8Array(await fixtureToDocx(bigPlan()))
    const started = performance.now()
    const importing = fetch(`${s.httpUrl}/api/imports?filename=stor.docx&create=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: docx
    })
    let done = false
    void importing.finally(() => {
      done = true
    })
    const latencies: number[] = []
    while (!done) {
      const t0 = performance.now()
      const r = await fetch(`${s.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${admin}` } })
      await r.arrayBuffer()
      latencies.push(performance.now() - t0)
      await new Promise((r) => setTimeout(r, 20))
    }
    const took = performance.now() - started
    const res = await importing
    expect(res.status).toBe(201)
    const body = (await res.json()) as { plan: { id: string }; review: { goals: Array<{ targets: unknown[] }> } }
    expect(body.review.goals).toHaveLength(200)
    expect(body.review.goals.every((g) => g.targets.length === 1)).toBe(true)
    const plan = (await (await fetch(`${s.httpUrl}/api/plans/${body.plan.id}/plan.json`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
      goals: unknown[]
      problems: unknown[]
    }
    expect(plan.goals).toHaveLength(200)
    expect(plan.problems).toEqual([])
    // The server answered all along: many requests during the import, none held up for long.
    console.log(`import took ${took.toFixed(0)} ms; ${latencies.length} requests meanwhile, slowest ${Math.max(...latencies).toFixed(0)} ms`)
    expect(latencies.length).toBeGreaterThan(5)
    expect(Math.max(...latencies)).toBeLessThan(Math.max(500, took / 4))

    // The worker stays for the next import (the first one paid for starting it).
    const again = performance.now()
    const second = await fetch(`${s.httpUrl}/api/imports?filename=stor.docx`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: docx })
    expect(second.status).toBe(200)
    console.log(`second import (preview) took ${(performance.now() - again).toFixed(0)} ms`)
  })
})
