// Versions (issue #14): how long listing versions and comparing two versions
// of the 200-page plan take through the real server's REST API (goal: < 1 s
// server side), and how many bytes an automatic version stores (Yjs v2 state
// + plan.json) when the automerge-paper trace is typed into a plan, one
// version per `--every` edits.
// Run: npx tsx bench/versions.ts [--every 5000] [--limit 60000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { BODY_FRAGMENT, META_MAP } from '../schema'
import { demoMeta } from '../schema/build'
import { snapshotOf, startServer, storeNewPlan } from '../server'
import { bigPlanDoc } from '../testkit/big-plan'
import { percentile, report } from './lib/report'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const every = arg('every', 5000)
const limit = arg('limit', 60_000)

async function serverSide() {
  const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-bench-versions-'))
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, versions: { everyMs: 1e9 } })
  try {
    const planId = 'big-plan'
    await storeNewPlan(server.store, { meta: { ...demoMeta(planId), title: 'Stor plan' }, doc: bigPlanDoc() })
    const token = server.mintTokenNow({ plan: planId, role: 'editor', name: 'Bench', group: 'administration' })
    const get = async (path: string) => {
      const t0 = performance.now()
      const r = await fetch(`http://127.0.0.1:${server.port}/api/plans/${planId}/${path}`, { headers: { authorization: `Bearer ${token}` } })
      const body = await r.text()
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.slice(0, 200)}`)
      return { ms: performance.now() - t0, bytes: body.length }
    }
    const t0 = performance.now()
    const v1 = await server.versions.create(planId, 'Første', 'Bench')
    const createMs = performance.now() - t0
    // Edit the live room on the server: every target value and a period, and the last paragraph.
    const room = await server.rooms.get(planId)
    room.doc.transact(() => {
      const walk = (el: Y.XmlElement | Y.XmlFragment, n = { targets: 0 }) => {
        for (const c of el.toArray()) {
          if (!(c instanceof Y.XmlElement)) continue
          if (c.nodeName === 'target' && n.targets++ % 3 === 0) {
            c.setAttribute('targetValue', ((Number(c.getAttribute('targetValue')) || 0) - 5) as unknown as string)
            c.setAttribute('targetPeriod', '2020')
          }
          walk(c, n)
        }
      }
      walk(room.doc.getXmlFragment(BODY_FRAGMENT))
      room.doc.getMap(META_MAP).set('title', 'Stor plan, ændret')
    })
    const v2 = await server.versions.create(planId, 'Anden', 'Bench')
    for (let i = 0; i < 20; i++) await server.versions.create(planId, `Version ${i + 3}`, 'Bench')
    const runs = (n: number, fn: () => Promise<{ ms: number; bytes: number }>) =>
      (async () => {
        const xs: number[] = []
        let bytes = 0
        for (let i = 0; i < n; i++) {
          const r = await fn()
          xs.push(r.ms)
          bytes = r.bytes
        }
        return { p50: +percentile(xs, 50).toFixed(1), max: +Math.max(...xs).toFixed(1), bytes }
      })()
    const list = await runs(9, () => get('versions'))
    const compare = await runs(5, () => get(`compare?from=${v1.id}&to=${v2.id}`))
    const compareNow = await runs(5, () => get(`compare?from=${v1.id}&to=now`))
    const exportJson = await runs(5, () => get(`plan.json?version=${v1.id}`))
    server.rooms.released(planId)
    return [
      { measure: 'save a version of the 200-page plan (state, extract, summary in a read worker), ms', value: +createMs.toFixed(1) },
      { measure: 'GET versions (22 versions), ms p50', value: list.p50 },
      { measure: 'GET compare two versions, ms p50 / max', value: `${compare.p50} / ${compare.max}` },
      { measure: 'GET compare version with now, ms p50 / max', value: `${compareNow.p50} / ${compareNow.max}` },
      { measure: 'compare answer, KB', value: Math.round(compare.bytes / 1024) },
      { measure: 'GET plan.json?version=, ms p50', value: exportJson.p50 }
    ]
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

type Patch = [number, number, string]
function traceStorage() {
  const here = dirname(fileURLToPath(import.meta.url))
  const trace = JSON.parse(gunzipSync(readFileSync(join(here, '..', '..', 'shared', 'traces', 'automerge-paper.json.gz'))).toString('utf8')) as {
    txns: Array<{ patches: Patch[] }>
  }
  const patches = trace.txns.flatMap((t) => t.patches).slice(0, limit)
  // The trace typed into one paragraph of a plan (newlines as text): the Yjs text structure the editor writes.
  const doc = new Y.Doc()
  doc.transact(() => {
    for (const [k, v] of Object.entries(demoMeta('trace-plan'))) doc.getMap(META_MAP).set(k, v)
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText()])
    doc.getXmlFragment(BODY_FRAGMENT).insert(0, [p])
  })
  const text = (doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
  const sizes: Array<{ state: number; json: number }> = []
  let previous: Y.Doc | null = null
  let extractMs = 0
  for (let i = 0; i < patches.length; i++) {
    const [pos, del, ins] = patches[i]!
    if (del) text.delete(pos, del)
    if (ins) text.insert(pos, ins)
    if ((i + 1) % every === 0 || i === patches.length - 1) {
      const t0 = performance.now()
      const snap = snapshotOf('trace-plan', doc, previous)
      extractMs += performance.now() - t0
      sizes.push({ state: snap.state.byteLength, json: snap.planJson.length })
      previous?.destroy()
      previous = new Y.Doc()
      Y.applyUpdateV2(previous, snap.state)
    }
  }
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length)
  const last = sizes[sizes.length - 1]!
  return [
    { measure: `trace edits replayed (automerge-paper), one automatic version per ${every}`, value: patches.length },
    { measure: 'automatic versions', value: sizes.length },
    { measure: 'stored bytes per automatic version, mean (Yjs v2 state + plan.json)', value: mean(sizes.map((s) => s.state + s.json)) },
    { measure: 'of which Yjs v2 state, mean bytes', value: mean(sizes.map((s) => s.state)) },
    { measure: 'last version: state / plan.json bytes', value: `${last.state} / ${last.json}` },
    { measure: 'Yjs v1 state of the last version, bytes (for comparison)', value: Y.encodeStateAsUpdate(doc).byteLength },
    { measure: 'making one version (decode, extract, summary), ms mean', value: +(extractMs / sizes.length).toFixed(1) }
  ]
}

report('versions', [...(await serverSide()), ...traceStorage()], { every, limit })
