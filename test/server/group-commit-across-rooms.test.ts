// Updates that arrive in one event-loop turn are stored in one SQLite
// transaction even when they belong to different rooms (a plan's body and
// its comments room during a meeting), and each room still broadcasts only
// after the commit. Frames are delivered through socket stand-ins so both
// land in one turn, which real sockets cannot promise.
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { COMMENTS_SUFFIX, SCHEMA_VERSION, type TokenClaims } from '../../schema'
import { DEMO_PLAN_ID } from '../../schema/build'
import { createThread } from '../../schema/comments'
import { DEFAULT_OPTIONS, SqliteStore, createPlan } from '../../server'
import { Rooms } from '../../server/sync/rooms'
import { Connection } from '../../server/sync/connection'
import { metrics } from '../../server/metrics'
import { removeDir } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { SocketStandIn } from '../helpers/socket-stand-in'
import { textUpdate, updateMessage } from '../helpers/raw-socket'

const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-group-'))
afterAll(() => removeDir(dataDir))

const editor: TokenClaims = { plan: DEMO_PLAN_ID, role: 'editor', name: 'Anne', group: 'administration', exp: 2 ** 31 }

describe('group commit', () => {
  it("stores one turn's updates of two rooms in one transaction, before either room broadcasts", async () => {
    const store = new SqliteStore(dataDir)
    await createPlan(store, 'demo', '', DEMO_PLAN_ID)
    const rooms = new Rooms(store, { idleMs: 60_000, compactEvery: 1000 })
    const file = new Database(join(dataDir, 'faellesplan.sqlite'), { readonly: true })
    const rowsWith = (marker: string) =>
      (file.prepare('SELECT data FROM updates').all() as Array<{ data: Buffer }>).filter((r) => r.data.includes(Buffer.from(marker))).length

    const names = [DEMO_PLAN_ID, DEMO_PLAN_ID + COMMENTS_SUFFIX]
    const markers = names.map((_, i) => `gruppe-${i}-${Math.random().toString(36).slice(2)}`)
    const writers = names.map(() => new SocketStandIn())
    const watchers = names.map(() => new SocketStandIn())
    for (const [i, name] of names.entries()) {
      const kind = i === 0 ? 'body' : 'comments'
      const room = await rooms.get(name)
      new Connection(writers[i]!.socket, room, editor, kind, DEFAULT_OPTIONS.limits, { declaredSchema: SCHEMA_VERSION })
      new Connection(watchers[i]!.socket, room, { ...editor, name: 'Bo' }, kind, DEFAULT_OPTIONS.limits, { declaredSchema: SCHEMA_VERSION })
    }
    await new Promise((r) => setImmediate(r))
    const commitsBefore = metrics.group_commits_total

    // At the first broadcast of either marker, both rows must already be in the file.
    const seenAtBroadcast: number[] = []
    watchers.forEach((w, i) => {
      w.onSend = (m) => {
        if (Buffer.from(m).includes(Buffer.from(markers[i]!))) seenAtBroadcast.push(rowsWith(markers[0]!) + rowsWith(markers[1]!))
      }
    })
    // The body gets text; the comments room a thread signed by its sender (the server checks comments).
    const commentUpdate = (marker: string) => {
      const doc = new Y.Doc()
      createThread(doc, { anchor: { start: null, end: null, quote: 'x' }, author: { name: editor.name, group: editor.group }, text: marker })
      return Y.encodeStateAsUpdate(doc)
    }
    writers.forEach((w, i) => w.receive(updateMessage(i === 0 ? textUpdate(markers[i]!) : commentUpdate(markers[i]!))))

    await eventually(() => expect(seenAtBroadcast).toHaveLength(2))
    expect(seenAtBroadcast).toEqual([2, 2])
    expect(metrics.group_commits_total - commitsBefore).toBe(1)

    for (const s of [...writers, ...watchers]) s.close()
    await rooms.closeAll()
    file.close()
    await store.close()
  })
})
