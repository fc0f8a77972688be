// `npm run rooms` (issue #11): lists every room's stored size and, with
// --compact, merges each log into one state, on the SQLite file of a server
// that is running and writing to the same room meanwhile. Nothing stored is
// lost, the server's own later compaction still works, and a corrupt room is
// reported and left as it is.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { BODY_FRAGMENT, COMMENTS_SUFFIX } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createThread } from '../../schema/comments'
import { SqliteStore } from '../../server'
import { applyStoredRoom } from '../../server/sync/stored-doc'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'

const ROOT = join(import.meta.dirname, '..', '..')

interface Report {
  room: string
  kind: string
  snapshotBytes: number
  logBytes: number
  rows: number
  totalBytes: number
  budgetBytes: number | null
  compaction?: { result: string; bytesBefore: number } | { error: string }
}

function runRooms(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/rooms.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`rooms ${args.join(' ')} did not finish`))
    }, 30_000)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

const dbOf = (dataDir: string) => new Database(join(dataDir, 'faellesplan.sqlite'), { readonly: true })
function sqlite(dataDir: string, room: string): { rows: number; logBytes: number; snapshotBytes: number } {
  const db = dbOf(dataDir)
  try {
    const log = db.prepare('SELECT COUNT(*) AS rows, COALESCE(SUM(LENGTH(data)), 0) AS logBytes FROM updates WHERE room = ?').get(room) as {
      rows: number
      logBytes: number
    }
    const snap = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS snapshotBytes FROM snapshots WHERE room = ?').get(room) as { snapshotBytes: number }
    return { ...log, ...snap }
  } finally {
    db.close()
  }
}

/** The body as a fresh Y.Doc rebuilt from what SQLite holds right now. */
async function storedBody(dataDir: string, room: string): Promise<string> {
  const store = new SqliteStore(dataDir)
  const doc = new Y.Doc()
  try {
    applyStoredRoom(doc, room, await store.loadRoom(room))
    return JSON.stringify(doc.getXmlFragment(BODY_FRAGMENT).toJSON())
  } finally {
    await store.close()
    doc.destroy()
  }
}

const paragraph = (text: string) => {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

const servers: TestServer[] = []
afterAll(async () => {
  for (const s of servers) await s.stop()
  removeDir(servers[0]!.dataDir)
})

describe('npm run rooms', () => {
  it('lists sizes, compacts while the server writes to the room, and loses nothing', async () => {
    const t = await startTestServer()
    servers.push(t)
    const editor = connectClient(t.wsUrl, DEMO_PLAN_ID, t.token('editor'))
    const commenter = connectClient(t.wsUrl, DEMO_PLAN_ID + COMMENTS_SUFFIX, t.token('commenter'))
    await Promise.all([editor.synced(), commenter.synced()])
    const body = editor.doc.getXmlFragment(BODY_FRAGMENT)
    for (let i = 0; i < 30; i++) body.push([paragraph(`før ${i}`)])
    createThread(commenter.doc, { anchor: { start: null, end: null, quote: 'x' }, author: commenter.author, text: 'en kommentar' })
    await eventually(() => expect(sqlite(t.dataDir, DEMO_PLAN_ID).rows).toBeGreaterThanOrEqual(2))
    await eventually(() => expect(sqlite(t.dataDir, DEMO_PLAN_ID + COMMENTS_SUFFIX).rows).toBe(1))
    await t.server.rooms.peek(DEMO_PLAN_ID)!.stored()

    // Listing: every room, with what SQLite holds for it.
    const listed = await runRooms(['--data-dir', t.dataDir, '--json'])
    expect(listed.stderr).toBe('')
    expect(listed.code).toBe(0)
    const rooms = JSON.parse(listed.stdout) as Report[]
    expect(rooms.map((r) => r.room)).toEqual([DEMO_PLAN_ID, DEMO_PLAN_ID + COMMENTS_SUFFIX])
    const body0 = rooms[0]!
    expect(body0).toMatchObject({ kind: 'body', ...sqlite(t.dataDir, DEMO_PLAN_ID), budgetBytes: 50 * 1024 * 1024 })
    expect(body0.totalBytes).toBe(body0.logBytes + body0.snapshotBytes)
    expect(rooms[1]).toMatchObject({ kind: 'comments', rows: 1, budgetBytes: 10 * 1024 * 1024 })

    // The human table says the same.
    const table = await runRooms([], { DATA_DIR: t.dataDir })
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(new RegExp(`^${DEMO_PLAN_ID}\\s+body\\s+.*\\s${body0.rows}\\s`, 'm'))

    // Compact while the editor keeps writing to the loaded room.
    let writing = true
    let written = 0
    const writer = (async () => {
      while (writing) {
        body.push([paragraph(`under ${written++}`)])
        await new Promise((r) => setTimeout(r, 15))
      }
    })()
    const compacted = await runRooms(['--data-dir', t.dataDir, '--compact', '--json'])
    writing = false
    await writer
    expect(compacted.stderr).toBe('')
    expect(compacted.code).toBe(0)
    const after = JSON.parse(compacted.stdout) as Report[]
    expect(after[0]!.compaction).toEqual({ result: 'compacted', bytesBefore: expect.any(Number) })
    expect(after[1]!.compaction).toEqual({ result: 'compacted', bytesBefore: expect.any(Number) })
    expect(written).toBeGreaterThan(0)
    const s = sqlite(t.dataDir, DEMO_PLAN_ID)
    expect(s.snapshotBytes).toBeGreaterThan(0)
    expect(s.rows).toBeLessThan(body0.rows + written)

    // What SQLite holds (compacted state + rows appended meanwhile) is everything the server has.
    const expected = JSON.stringify(body.toJSON())
    await eventually(() => expect(JSON.stringify(t.server.rooms.peek(DEMO_PLAN_ID)!.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(expected))
    await t.server.rooms.peek(DEMO_PLAN_ID)!.stored()
    expect(await storedBody(t.dataDir, DEMO_PLAN_ID)).toBe(expected)

    // The server's own compaction afterwards (on shutdown) still works, and a restart serves everything.
    body.push([paragraph('efter komprimering')])
    const final = JSON.stringify(body.toJSON())
    await eventually(() => expect(JSON.stringify(t.server.rooms.peek(DEMO_PLAN_ID)!.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(final))
    editor.destroy()
    commenter.destroy()
    await t.stop()
    expect(sqlite(t.dataDir, DEMO_PLAN_ID).rows).toBe(0)
    const again = await startTestServer({}, t.dataDir)
    servers.push(again)
    const reader = connectClient(again.wsUrl, DEMO_PLAN_ID, again.token('viewer'))
    await reader.synced()
    expect(JSON.stringify(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON())).toBe(final)
    expect(reader.doc.getXmlFragment(BODY_FRAGMENT).toJSON()).toContain('under 0')
    reader.destroy()
  }, 90_000)

  it('refuses to compact a room whose stored rows fail their checksum, and keeps them', async () => {
    const t = servers[servers.length - 1]!
    const doc = new Y.Doc()
    doc.getXmlFragment(BODY_FRAGMENT).push([paragraph('skadet')])
    await t.server.store.createPlan({ id: 'skadet-plan', title: 'Skadet', createdAt: new Date().toISOString() }, Y.encodeStateAsUpdate(doc))
    doc.getXmlFragment(BODY_FRAGMENT).push([paragraph('mere')])
    const db = new Database(join(t.dataDir, 'faellesplan.sqlite'))
    db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)').run('skadet-plan', Buffer.from(Y.encodeStateAsUpdate(doc)), 'forkert')
    db.close()
    const r = await runRooms(['--data-dir', t.dataDir, '--compact', '--json'])
    expect(r.code).toBe(1)
    const report = (JSON.parse(r.stdout) as Report[]).find((x) => x.room === 'skadet-plan')!
    expect(report.compaction).toEqual({ error: expect.stringContaining('checksum') })
    expect(sqlite(t.dataDir, 'skadet-plan')).toMatchObject({ rows: 2, snapshotBytes: 0 })
  }, 60_000)
})
