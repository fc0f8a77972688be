// Regression: a sync step 1 handled in the same event-loop turn as another
// client's update was answered at once from the room's document, which
// already held that update while it still waited for the group commit. A
// kill -9 in that gap lost an update another client had received. Socket
// timing cannot pin this down, so the test drives two connections of a real
// room over a real SQLite file through socket stand-ins, message by message,
// and checks the file each time the server sends anything.
import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { DEMO_PLAN_ID } from '../../schema/build'
import { MessageType, SCHEMA_VERSION, type TokenClaims } from '../../schema'
import { DEFAULT_OPTIONS, SqliteStore, createPlan } from '../../server'
import { Room } from '../../server/sync/room'
import { Connection } from '../../server/sync/connection'
import { removeDir } from '../helpers/in-process-server'
import { eventually } from '../../testkit/y-client'
import { SocketStandIn } from '../helpers/socket-stand-in'
import { textUpdate, updateMessage } from '../helpers/raw-socket'

const dataDir = mkdtempSync(join(tmpdir(), 'faellesplan-reply-'))
afterAll(() => removeDir(dataDir))

const claims = (name: string): TokenClaims => ({ plan: DEMO_PLAN_ID, role: 'editor', name, group: 'administration', exp: 2 ** 31 })

/** Sync step 1 from a client that has nothing yet. */
const emptyStep1 = () => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeSyncStep1(e, new Y.Doc())
  return encoding.toUint8Array(e)
}

describe('sync replies', () => {
  it('never carry an update before it is in SQLite', async () => {
    const store = new SqliteStore(dataDir)
    await createPlan(store, 'demo', '', DEMO_PLAN_ID)
    const room = await Room.load(DEMO_PLAN_ID, store, { compactEvery: 1000 })
    const file = new Database(join(dataDir, 'faellesplan.sqlite'), { readonly: true })
    const marker = `svar-${Math.random().toString(36).slice(2)}`
    const storedRows = () =>
      (file.prepare('SELECT data FROM updates').all() as Array<{ data: Buffer }>).filter((r) => r.data.includes(Buffer.from(marker))).length

    const writer = new SocketStandIn()
    const reader = new SocketStandIn()
    new Connection(writer.socket, room, claims('Skriver'), 'body', DEFAULT_OPTIONS.limits, { declaredSchema: SCHEMA_VERSION })
    new Connection(reader.socket, room, claims('Læser'), 'body', DEFAULT_OPTIONS.limits, { declaredSchema: SCHEMA_VERSION })
    let leaked = 0
    reader.onSend = (m) => {
      if (Buffer.from(m).includes(Buffer.from(marker)) && storedRows() === 0) leaked++
    }

    // Both frames in one turn, as when the server reads two sockets in one poll.
    writer.receive(updateMessage(textUpdate(marker)))
    reader.receive(emptyStep1())
    await eventually(() => expect(storedRows()).toBe(1))
    await eventually(() => expect(reader.sent.some((m) => Buffer.from(m).includes(Buffer.from(marker)))).toBe(true))
    expect(leaked).toBe(0)

    // The reply that waited is a complete sync step 2.
    const replies = reader.sent.filter((m) => {
      const d = decoding.createDecoder(m)
      return decoding.readVarUint(d) === MessageType.sync && decoding.readVarUint(d) === 1
    })
    expect(replies).toHaveLength(1)
    writer.close()
    reader.close()
    await room.destroy()
    file.close()
    await store.close()
  })
})
