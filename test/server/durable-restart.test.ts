// Restart with SIGTERM keeps everything; a corrupt stored row makes only its
// room refuse (never served empty, never overwritten) while other rooms serve.
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { BODY_FRAGMENT, Close, extractPlanFromYDoc } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { startServerProcess, inviteToken, type ServerProcess } from '../../testkit/server-process'
import { connectClient, eventually } from '../../testkit/y-client'
import { editBody, posOfText } from '../helpers/pm-edit'
import { openRaw } from '../helpers/raw-socket'
import { errorOf } from '../helpers/rest-error'

let server: ServerProcess | null = null
afterAll(async () => {
  await server?.dispose()
})

describe('durability', () => {
  it('a SIGTERM restart keeps every acknowledged edit', async () => {
    server = await startServerProcess()
    const token = inviteToken(server.dataDir, { plan: DEMO_PLAN_ID, role: 'editor', name: 'Anne', group: 'administration' })
    const a = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
    await a.synced()
    for (let i = 0; i < 20; i++) editBody(a.doc, (s) => s.tr.insertText(`#${i}`, posOfText(s.doc, 'Færre langtidsledige')))
    const expected = JSON.stringify(a.doc.getXmlFragment(BODY_FRAGMENT).toJSON())
    // The server broadcasts only what it has stored: once a second client has
    // every edit, they are acknowledged. Then stop it politely.
    const probe = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
    await eventually(() => expect(JSON.stringify(probe.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(expected))
    probe.destroy()
    a.destroy()
    expect(await server.kill('SIGTERM')).toBe(0)
    await server.start()
    const b = connectClient(server.wsUrl, DEMO_PLAN_ID, token)
    await b.synced()
    expect(JSON.stringify(b.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(expected)
    expect(extractPlanFromYDoc(b.doc).goals.find((g) => g.title.includes('#19'))).toBeDefined()
    b.destroy()
  })

  it('a corrupt stored row makes that room refuse while other rooms serve', async () => {
    const s = server!
    const admin = inviteToken(s.dataDir, { plan: '*', role: 'admin', name: 'Admin', group: 'administration' })
    const created = (await (
      await fetch(`${s.httpUrl}/api/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'demo', title: 'Anden plan' })
      })
    ).json()) as { plan: { id: string } }
    await s.kill('SIGTERM')
    const db = new Database(join(s.dataDir, 'faellesplan.sqlite'))
    const rows = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE room = ?').get(DEMO_PLAN_ID) as { n: number }
    const snaps = db.prepare('SELECT COUNT(*) AS n FROM snapshots WHERE room = ?').get(DEMO_PLAN_ID) as { n: number }
    expect(rows.n + snaps.n).toBeGreaterThan(0)
    // Flip bytes in the demo plan's stored state.
    db.prepare('UPDATE snapshots SET data = randomblob(200) WHERE room = ?').run(DEMO_PLAN_ID)
    db.prepare('UPDATE updates SET data = randomblob(200) WHERE room = ?').run(DEMO_PLAN_ID)
    const before = db.prepare('SELECT data FROM updates WHERE room = ? UNION ALL SELECT data FROM snapshots WHERE room = ?').all(DEMO_PLAN_ID, DEMO_PLAN_ID)
    db.close()
    await s.start()

    const raw = await openRaw(s.wsUrl, DEMO_PLAN_ID, admin)
    expect(await raw.closed).toEqual({ code: Close.RoomUnavailable.code, reason: Close.RoomUnavailable.reason })
    expect(raw.received).toEqual([])
    const json = await fetch(`${s.httpUrl}/api/plans/${DEMO_PLAN_ID}/plan.json?token=${admin}`)
    expect(json.status).toBe(500)
    expect((await errorOf(json)).code).toBe('plan-unreadable')

    const other = connectClient(s.wsUrl, created.plan.id, admin)
    await other.synced()
    expect(extractPlanFromYDoc(other.doc).goals.length).toBe(6)
    other.destroy()
    await eventually(() => expect(s.output.join('\n')).toMatch(/room-load-failed/))

    // Nothing overwrote the damaged rows: a person can still recover them.
    await s.kill('SIGTERM')
    const db2 = new Database(join(s.dataDir, 'faellesplan.sqlite'), { readonly: true })
    const after = db2.prepare('SELECT data FROM updates WHERE room = ? UNION ALL SELECT data FROM snapshots WHERE room = ?').all(DEMO_PLAN_ID, DEMO_PLAN_ID)
    db2.close()
    expect(after).toEqual(before)
  })
})
