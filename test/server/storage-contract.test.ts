// One suite for the Store contract, run against both engines: SQLite in a
// temporary data directory and PostgreSQL in a schema of its own, dropped
// afterwards. Whatever a caller may rely on is here once, so the two
// implementations cannot drift apart. (issue #16)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { Conflict } from '../../schema'
import type { VersionInfo } from '../../schema/history'
import { SqliteStore } from '../../server'
import { PostgresStore } from '../../server/storage/postgres-store'
import { CorruptRoomError, type ClientAuthor, type InviteRecord, type Store, type VersionRecord } from '../../server/storage/store'
import { DatabaseNewerError } from '../../server/storage/migrations'
import { SQLITE_MIGRATIONS, migrateSqlite } from '../../server/storage/sqlite-migrations'
import { POSTGRES_MIGRATIONS, migratePostgres } from '../../server/storage/postgres-migrations'
import pg from 'pg'
import { applyStoredRoom } from '../../server/sync/stored-doc'
import { TEST_DATABASE_URL, dropSchema, freshSchemaName, requirePostgres, sqlIn } from '../../testkit/postgres'

/** What the suite needs from an engine besides the contract: open it (again), and reach under it. */
interface Engine {
  name: 'sqlite' | 'postgres'
  open(): Promise<Store>
  /** Overwrite the checksum of a room's update rows, as a damaged disk would. */
  damage(room: string): Promise<void>
  /** Record a migration this code does not know, as a newer release would. */
  pretendNewer(): Promise<void>
  /** The versions the migrations table records. */
  migrations(): Promise<number[]>
  cleanup(): Promise<void>
}

function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'faellesplan-contract-'))
  const raw = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(join(dir, 'faellesplan.sqlite'))
    try {
      return fn(db)
    } finally {
      db.close()
    }
  }
  return {
    name: 'sqlite',
    open: async () => new SqliteStore(dir),
    damage: async (room) => void raw((db) => db.prepare("UPDATE updates SET sum = 'damaged' WHERE room = ?").run(room)),
    pretendNewer: async () => void raw((db) => db.prepare("INSERT INTO schema_migrations VALUES (999, 'from the future', '2099-01-01')").run()),
    migrations: async () =>
      raw((db) => (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version)),
    cleanup: async () => rmSync(dir, { recursive: true, force: true })
  }
}

function postgresEngine(): Engine {
  const schema = freshSchemaName('contract')
  return {
    name: 'postgres',
    open: () => PostgresStore.open({ url: TEST_DATABASE_URL, schema, poolSize: 4 }),
    damage: async (room) => void (await sqlIn(schema, "UPDATE updates SET sum = 'damaged' WHERE room = $1", [room])),
    pretendNewer: async () => void (await sqlIn(schema, "INSERT INTO schema_migrations VALUES (999, 'from the future', '2099-01-01')")),
    migrations: async () => (await sqlIn<{ version: number }>(schema, 'SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version),
    cleanup: () => dropSchema(schema)
  }
}

/** Yjs updates of one writer typing words, each building on the one before. */
function typed(words: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (const w of words) doc.getText('t').insert(doc.getText('t').length, w)
  return updates
}

const textOf = (room: string, stored: Awaited<ReturnType<Store['loadRoom']>>): string => {
  const doc = new Y.Doc()
  applyStoredRoom(doc, room, stored)
  return doc.getText('t').toString()
}

const invite = (id: string, over: Partial<InviteRecord> = {}): InviteRecord => ({
  id,
  plan: 'plan-a',
  role: 'editor',
  group: 'administration',
  name: `Person ${id}`,
  createdBy: 'test',
  createdAt: '2026-01-01T10:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
  revokedAt: null,
  ...over
})

const conflict = (id: string, resolved = false): Conflict => ({
  id,
  plan: 'plan-a',
  kind: 'field',
  nodeId: `node-${id}`,
  nodeType: 'target',
  field: 'targetValue',
  kept: { value: 55, by: 'Anna', at: '2026-01-01T10:00:00.000Z' },
  lost: [{ value: 60, by: 'Bo', at: '2026-01-01T10:00:01.000Z' }],
  created: `2026-01-01T10:00:0${id.length % 10}.000Z`,
  resolved: resolved ? { value: 55, by: 'Anna', at: '2026-01-02T10:00:00.000Z' } : null
})

const version = (id: string, created: string, plan = 'plan-a'): VersionRecord => ({
  id,
  plan,
  name: `Version ${id}`,
  kind: 'named',
  stage: 'draft',
  author: 'Anna',
  created,
  summary: { goalsChanged: 1, goalsAdded: 0, goalsRemoved: 0, paragraphsEdited: 2 },
  state: new Uint8Array([1, 2, 3, id.length]),
  planJson: JSON.stringify({ id })
})

const PLAN_META = { title: 'Plan A', municipality: 'Aarhus', period: '2027', status: 'draft' }

for (const make of [sqliteEngine, postgresEngine]) {
  const engine = make()
  describe(`Store contract: ${engine.name}`, () => {
    let store: Store
    beforeAll(async () => {
      if (engine.name === 'postgres') await requirePostgres()
      store = await engine.open()
    })
    afterAll(async () => {
      await store?.close()
      await engine.cleanup()
    })

    it('appends updates of several rooms in order and loads them back; ids grow per room', async () => {
      expect(store.created).toBe(true)
      const a = typed(['Mål ', 'for ', '2027'])
      const b = typed(['kommentar'])
      const last = await store.appendUpdates([
        { room: 'r1', update: a[0]! },
        { room: 'r2', update: b[0]! },
        { room: 'r1', update: a[1]! }
      ])
      const last2 = await store.appendUpdates([{ room: 'r1', update: a[2]! }])
      // Each room's range: the row before the commit (read inside it) and the commit's last row.
      expect(last.get('r1')!.prevId).toBe(0)
      expect(last2.get('r1')!.prevId).toBe(last.get('r1')!.lastId)
      expect(last2.get('r1')!.lastId).toBeGreaterThan(last.get('r1')!.lastId)
      expect(last.get('r2')!.lastId).toBeGreaterThan(0)
      expect(last.get('r2')!.prevId).toBe(0)
      const r1 = await store.loadRoom('r1')
      expect(r1.snapshot).toBeNull()
      expect(r1.updates.map((u) => [...u])).toEqual(a.map((u) => [...u]))
      expect(r1.lastId).toBe(last2.get('r1')!.lastId)
      expect(textOf('r1', r1)).toBe('Mål for 2027')
      expect(textOf('r2', await store.loadRoom('r2'))).toBe('kommentar')
      expect(await store.loadRoom('never-written')).toEqual({ snapshot: null, updates: [], lastId: 0 })
    })

    it('refuses a room whose stored bytes fail their checksum (CorruptRoomError), and leaves other rooms alone', async () => {
      await store.appendUpdates(typed(['skadet']).map((update) => ({ room: 'damaged', update })))
      await engine.damage('damaged')
      await expect(store.loadRoom('damaged')).rejects.toBeInstanceOf(CorruptRoomError)
      expect(textOf('r2', await store.loadRoom('r2'))).toBe('kommentar')
    })

    it('keeps a log with a gap, and loading it is refused rather than served without the missing update', async () => {
      const [one, , three] = typed(['én ', 'to ', 'tre'])
      await store.appendUpdates([one!, three!].map((update) => ({ room: 'gap', update })))
      const stored = await store.loadRoom('gap')
      expect(stored.updates).toHaveLength(2)
      expect(() => textOf('gap', stored)).toThrow(CorruptRoomError)
    })

    it('compacts: the state replaces the rows up to it, later rows stay; an offline compaction merges the rest', async () => {
      const updates = typed(['a', 'b', 'c', 'd'])
      const ids = []
      for (const update of updates) ids.push((await store.appendUpdates([{ room: 'c', update }])).get('c')!.lastId)
      const doc = new Y.Doc()
      for (const u of updates.slice(0, 2)) Y.applyUpdate(doc, u)
      await store.compact('c', Y.encodeStateAsUpdate(doc), ids[1]!)
      const after = await store.loadRoom('c')
      expect(after.snapshot).not.toBeNull()
      expect(after.updates).toHaveLength(2)
      expect(after.lastId).toBe(ids[3])
      expect(textOf('c', after)).toBe('abcd')
      const sizes = await store.roomSizes()
      expect(sizes.find((s) => s.room === 'c')).toMatchObject({ rows: 2 })
      expect(sizes.find((s) => s.room === 'c')!.snapshotBytes).toBeGreaterThan(0)

      const merge = (stored: typeof after) => {
        const d = new Y.Doc()
        applyStoredRoom(d, 'c', stored)
        return Y.encodeStateAsUpdate(d)
      }
      expect(await store.compactOffline('c', merge)).toBe('compacted')
      expect(await store.compactOffline('c', merge)).toBe('nothing-to-do')
      const merged = await store.loadRoom('c')
      expect(merged.updates).toHaveLength(0)
      expect(merged.lastId).toBe(ids[3])
      expect(textOf('c', merged)).toBe('abcd')
      await expect(store.compactOffline('damaged', merge)).rejects.toBeInstanceOf(CorruptRoomError)
    })

    it('loadUpdatesSince: the rows after a known row; the compacted state when rows after it were compacted away', async () => {
      const updates = typed(['en ', 'to ', 'tre ', 'fire'])
      const ids: number[] = []
      for (const update of updates) ids.push((await store.appendUpdates([{ room: 'since', update }])).get('since')!.lastId)
      const tail = await store.loadUpdatesSince('since', ids[1]!)
      expect(tail.snapshot).toBeNull()
      expect(tail.updates.map((u) => [...u])).toEqual(updates.slice(2).map((u) => [...u]))
      expect(tail.lastId).toBe(ids[3])
      // Nothing after the last row: no rows, and the last id is the one asked about.
      expect(await store.loadUpdatesSince('since', ids[3]!)).toEqual({ snapshot: null, updates: [], lastId: ids[3] })
      expect(await store.loadUpdatesSince('never-written', 0)).toEqual({ snapshot: null, updates: [], lastId: 0 })

      const doc = new Y.Doc()
      for (const u of updates.slice(0, 3)) Y.applyUpdate(doc, u)
      await store.compact('since', Y.encodeStateAsUpdate(doc), ids[2]!)
      // A reader at ids[1] lost row ids[2] to the compaction: it gets the state, then the rows after it.
      const past = await store.loadUpdatesSince('since', ids[1]!)
      expect(past.snapshot).not.toBeNull()
      expect(past.updates).toHaveLength(1)
      expect(past.lastId).toBe(ids[3])
      const reader = new Y.Doc()
      for (const u of updates.slice(0, 2)) Y.applyUpdate(reader, u)
      for (const u of [past.snapshot!, ...past.updates]) Y.applyUpdate(reader, u)
      expect(reader.getText('t').toString()).toBe('en to tre fire')
      // A reader at or past the compacted row does not need the state.
      const after = await store.loadUpdatesSince('since', ids[2]!)
      expect(after.snapshot).toBeNull()
      expect(after.updates).toHaveLength(1)
      // A room with a damaged row refuses this read too.
      await expect(store.loadUpdatesSince('damaged', 0)).rejects.toBeInstanceOf(CorruptRoomError)
    })

    it('compaction only moves forward: a state older than the stored one is not written, and deletes nothing', async () => {
      const updates = typed(['a', 'b', 'c', 'd'])
      const ids: number[] = []
      for (const update of updates) ids.push((await store.appendUpdates([{ room: 'forward', update }])).get('forward')!.lastId)
      const stateUpTo = (n: number) => {
        const doc = new Y.Doc()
        for (const u of updates.slice(0, n)) Y.applyUpdate(doc, u)
        return Y.encodeStateAsUpdate(doc)
      }
      await store.compact('forward', stateUpTo(3), ids[2]!)
      // Another process compacted less, later: its state lacks row ids[2], which is gone from the log.
      await store.compact('forward', stateUpTo(1), ids[0]!)
      const stored = await store.loadRoom('forward')
      expect(stored.updates).toHaveLength(1)
      expect(textOf('forward', stored)).toBe('abcd')
      expect((await store.roomSizes()).find((r) => r.room === 'forward')).toMatchObject({ rows: 1 })
      // The same row again is no step forward either.
      await store.compact('forward', stateUpTo(1), ids[2]!)
      expect(textOf('forward', await store.loadRoom('forward'))).toBe('abcd')
      await store.compact('forward', stateUpTo(4), ids[3]!)
      const last = await store.loadRoom('forward')
      expect(last.updates).toHaveLength(0)
      expect(textOf('forward', last)).toBe('abcd')
    })

    it('a commit is stored when appendUpdates resolves (another process reads it at once); onDisk resolves after, in order', async () => {
      const other = await engine.open()
      try {
        const words = typed(['gemt ', 'på ', 'disk'])
        const order: number[] = []
        const flushes: Array<Promise<unknown>> = []
        for (const [i, update] of words.entries()) {
          await store.appendUpdates([{ room: 'on-disk', update }])
          // Before any flush: stored means another connection (process) sees it, so a killed process loses nothing acknowledged or broadcast.
          expect((await other.loadRoom('on-disk')).updates).toHaveLength(i + 1)
          flushes.push(store.onDisk().then(() => order.push(i)))
        }
        await Promise.all(flushes)
        expect(order).toEqual([0, 1, 2])
        expect(textOf('on-disk', await other.loadRoom('on-disk'))).toBe('gemt på disk')
      } finally {
        await other.close()
      }
    })

    it("two stores on one database (two processes) committing the same rooms at once: each room's ranges chain, no gap, no overlap", async () => {
      const other = await engine.open()
      try {
        const words = Array.from({ length: 40 }, (_, i) => `w${i} `)
        const x = typed(words)
        const y = typed(words)
        // Both rooms in every commit, in both orders: locks taken per room must not deadlock.
        const commits = x.map((u, i) => {
          const batch =
            i % 2
              ? [
                  { room: 'shared-x', update: u },
                  { room: 'shared-y', update: y[i]! }
                ]
              : [
                  { room: 'shared-y', update: y[i]! },
                  { room: 'shared-x', update: u }
                ]
          return (i % 2 ? store : other).appendUpdates(batch)
        })
        const results = await Promise.all(commits)
        for (const room of ['shared-x', 'shared-y']) {
          const ranges = results.map((r) => r.get(room)!).sort((a, b) => a.lastId - b.lastId)
          let prev = 0
          for (const range of ranges) {
            // prevId is exactly the last row of the commit before (a reader that saw it misses nothing).
            expect(range.prevId).toBe(prev)
            expect(range.lastId).toBeGreaterThan(range.prevId)
            prev = range.lastId
          }
          const stored = await other.loadRoom(room)
          expect(stored.lastId).toBe(prev)
          expect(stored.updates).toHaveLength(words.length)
        }
      } finally {
        await other.close()
      }
    })

    it('stores a group commit whole or not at all: one bad row rolls back every room', async () => {
      const before = await store.loadRoom('r1')
      // A conflict row without its plan breaks a NOT NULL column, last in the transaction.
      const bad: Conflict = { ...conflict('bad'), plan: null as unknown as string }
      await expect(
        store.appendUpdates(
          [
            { room: 'r1', update: typed(['aldrig'])[0]! },
            { room: 'atomic', update: typed(['heller ikke'])[0]! }
          ],
          [],
          { authors: [], conflicts: [bad] }
        )
      ).rejects.toThrow()
      expect((await store.loadRoom('r1')).updates).toHaveLength(before.updates.length)
      expect((await store.loadRoom('atomic')).updates).toHaveLength(0)
      // And the store goes on working after the failed transaction.
      await store.appendUpdates([{ room: 'atomic', update: typed(['nu'])[0]! }])
      expect(textOf('atomic', await store.loadRoom('atomic'))).toBe('nu')
    })

    it('plans: create, list, touch (in a commit and outside), delete and restore', async () => {
      const state = Y.encodeStateAsUpdate(new Y.Doc())
      await store.createPlan({ id: 'plan-a', title: 'Plan A', createdAt: '2026-01-01T10:00:00.000Z' }, state, PLAN_META)
      await store.createPlan({ id: 'plan-b', title: 'Plan B', createdAt: '2026-01-01T10:00:00.000Z' }, state)
      await expect(store.createPlan({ id: 'plan-a', title: 'igen', createdAt: '2026-01-02T00:00:00.000Z' }, state)).rejects.toThrow()
      expect((await store.listPlans()).map((p) => p.id)).toEqual(['plan-a', 'plan-b'])
      expect(await store.getPlan('plan-a')).toEqual({
        id: 'plan-a',
        title: 'Plan A',
        createdAt: '2026-01-01T10:00:00.000Z',
        municipality: 'Aarhus',
        period: '2027',
        status: 'draft',
        changedAt: null,
        changedBy: null,
        deletedAt: null
      })
      // A plan without a listing row reads defaults.
      expect(await store.getPlan('plan-b')).toMatchObject({ municipality: '', period: '', status: 'draft', changedAt: null })
      expect((await store.loadRoom('plan-a')).updates).toHaveLength(1)
      await store.appendUpdates(
        [{ room: 'plan-a', update: typed(['x'])[0]! }],
        [{ id: 'plan-a', ...PLAN_META, title: 'Plan A2', changedAt: '2026-01-03T00:00:00.000Z', changedBy: 'Anna' }]
      )
      expect(await store.getPlan('plan-a')).toMatchObject({ title: 'Plan A2', changedAt: '2026-01-03T00:00:00.000Z', changedBy: 'Anna' })
      // null keeps the previous name.
      await store.touchPlan({ id: 'plan-a', ...PLAN_META, title: 'Plan A3', status: 'approved', changedAt: '2026-01-04T00:00:00.000Z', changedBy: null })
      expect(await store.getPlan('plan-a')).toMatchObject({ title: 'Plan A3', status: 'approved', changedBy: 'Anna' })
      expect(await store.setPlanDeleted('plan-b', '2026-02-01T00:00:00.000Z')).toBe(true)
      expect(await store.setPlanDeleted('no-such-plan', '2026-02-01T00:00:00.000Z')).toBe(false)
      expect((await store.listPlans()).map((p) => p.id)).toEqual(['plan-a'])
      expect((await store.listDeletedPlans('2026-01-15T00:00:00.000Z')).map((p) => p.id)).toEqual(['plan-b'])
      expect(await store.listDeletedPlans('2026-03-01T00:00:00.000Z')).toEqual([])
      expect(await store.setPlanDeleted('plan-b', null)).toBe(true)
      expect((await store.getPlan('plan-b'))!.deletedAt).toBeNull()
      expect(await store.getPlan('no-such-plan')).toBeNull()
    })

    it('invitations and API tokens: create, list newest first, change, revoke, last seen, invalid ones', async () => {
      await store.createInvite(invite('i1'))
      await store.createInvite(invite('i2', { createdAt: '2026-01-02T10:00:00.000Z', role: 'commenter', group: 'council' }))
      await store.createInvite(invite('t1', { kind: 'api', plan: '*', role: 'admin' }))
      expect(await store.getInvite('i1')).toEqual({ ...invite('i1'), lastSeenAt: null, kind: 'invite' })
      expect((await store.listInvites('plan-a')).map((i) => i.id)).toEqual(['i2', 'i1'])
      expect((await store.listApiTokens()).map((i) => i.id)).toEqual(['t1'])
      expect(await store.changeInvite('i1', { role: 'viewer' })).toMatchObject({ id: 'i1', role: 'viewer', group: 'administration' })
      await store.inviteSeen('i1', '2026-01-05T00:00:00.000Z')
      expect((await store.getInvite('i1'))!.lastSeenAt).toBe('2026-01-05T00:00:00.000Z')
      expect(await store.revokeInvite('i1', '2026-01-06T00:00:00.000Z')).toBe(true)
      expect(await store.revokeInvite('i1', '2026-01-07T00:00:00.000Z')).toBe(false)
      expect(await store.changeInvite('i1', { role: 'admin' })).toBeNull()
      expect(await store.invalidInvites(['i1', 'i2', 'unknown'])).toEqual(['i1', 'unknown'])
      expect(await store.invalidInvites([])).toEqual([])
      expect(await store.getInvite('unknown')).toBeNull()
    })

    it('users and members: sign-ins keep one user per issuer and subject; members by plan', async () => {
      const first = await store.upsertUser({
        id: 'u1',
        issuer: 'https://idp',
        subject: 's1',
        email: 'Anna@Kommune.dk',
        name: 'Anna',
        createdAt: '2026-01-01T00:00:00.000Z',
        lastLoginAt: '2026-01-01T00:00:00.000Z'
      })
      expect(first.id).toBe('u1')
      const again = await store.upsertUser({ ...first, id: 'other', name: 'Anna A.', lastLoginAt: '2026-01-02T00:00:00.000Z' })
      expect(again).toMatchObject({ id: 'u1', name: 'Anna A.', createdAt: '2026-01-01T00:00:00.000Z', lastLoginAt: '2026-01-02T00:00:00.000Z' })
      await store.upsertUser({ ...first, id: 'u2', subject: 's2', email: null, name: 'Bo' })
      expect((await store.findUsersByEmail('anna@kommune.DK')).map((u) => u.id)).toEqual(['u1'])
      expect(await store.getUser('u2')).toMatchObject({ name: 'Bo', email: null })
      await store.putMember({ user: 'u2', plan: 'plan-a', role: 'editor', group: 'committee', createdBy: 'Anna', createdAt: '2026-01-03T00:00:00.000Z' })
      await store.putMember({ user: 'u1', plan: 'plan-a', role: 'viewer', group: 'council', createdBy: 'Anna', createdAt: '2026-01-03T00:00:00.000Z' })
      await store.putMember({ user: 'u1', plan: 'plan-a', role: 'admin', group: 'administration', createdBy: 'x', createdAt: '2099-01-01T00:00:00.000Z' })
      expect(await store.getMember('u1', 'plan-a')).toEqual({
        user: 'u1',
        plan: 'plan-a',
        role: 'admin',
        group: 'administration',
        createdBy: 'Anna',
        createdAt: '2026-01-03T00:00:00.000Z'
      })
      // By name, in byte order ("Anna A." before "Bo").
      expect((await store.listMembers('plan-a')).map((m) => [m.user, m.name, m.email])).toEqual([
        ['u1', 'Anna A.', 'Anna@Kommune.dk'],
        ['u2', 'Bo', null]
      ])
      expect(await store.removeMember('u2', 'plan-a')).toBe(true)
      expect(await store.removeMember('u2', 'plan-a')).toBe(false)
      expect(await store.getMember('u2', 'plan-a')).toBeNull()
    })

    it('sessions: live until revoked, or until the invitation they were opened with is revoked', async () => {
      await store.createInvite(invite('s-inv'))
      const base = { claims: '{"name":"Anna"}', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z', revokedAt: null }
      await store.createSession({ id: 'sess1', inviteId: 's-inv', ...base })
      await store.createSession({ id: 'sess2', inviteId: null, ...base })
      expect(await store.getLiveSession('sess1')).toEqual({ id: 'sess1', inviteId: 's-inv', ...base })
      await store.revokeInvite('s-inv', '2026-01-02T00:00:00.000Z')
      expect(await store.getLiveSession('sess1')).toBeNull()
      expect(await store.getLiveSession('sess2')).not.toBeNull()
      await store.revokeSession('sess2', '2026-01-02T00:00:00.000Z')
      expect(await store.getLiveSession('sess2')).toBeNull()
    })

    it('versions: newest first, only of their own plan, with state and plan.json; thinning deletes', async () => {
      await store.addVersion(version('v1', '2026-01-01T00:00:00.000Z'))
      await store.addVersion(version('v2', '2026-01-02T00:00:00.000Z'))
      await store.addVersion(version('v3', '2026-01-02T00:00:00.000Z'))
      await store.addVersion(version('w1', '2026-01-03T00:00:00.000Z', 'plan-b'))
      const info = (v: VersionRecord): VersionInfo => ({
        id: v.id,
        name: v.name,
        kind: v.kind,
        stage: v.stage,
        author: v.author,
        created: v.created,
        summary: v.summary
      })
      // Same time: the later one first.
      expect(await store.listVersions('plan-a')).toEqual([
        info(version('v3', '2026-01-02T00:00:00.000Z')),
        info(version('v2', '2026-01-02T00:00:00.000Z')),
        info(version('v1', '2026-01-01T00:00:00.000Z'))
      ])
      expect(await store.getVersionInfo('plan-a', 'v1')).toEqual(info(version('v1', '2026-01-01T00:00:00.000Z')))
      expect(await store.getVersionInfo('plan-b', 'v1')).toBeNull()
      expect(await store.getVersionPlanJson('plan-a', 'v2')).toBe('{"id":"v2"}')
      expect(await store.getVersionPlanJson('plan-b', 'v2')).toBeNull()
      const v1 = (await store.getVersion('plan-a', 'v1'))!
      expect([...v1.state]).toEqual([1, 2, 3, 2])
      expect(v1).toMatchObject({ plan: 'plan-a', planJson: '{"id":"v1"}' })
      expect(await store.getVersion('plan-b', 'v1')).toBeNull()
      await store.deleteVersions('plan-a', ['v1', 'v3', 'w1'])
      expect((await store.listVersions('plan-a')).map((v) => v.id)).toEqual(['v2'])
      expect((await store.listVersions('plan-b')).map((v) => v.id)).toEqual(['w1'])
    })

    it('one version per plan and period: a second insert of a period stores nothing; other plans and versions without a period are not limited', async () => {
      const auto = (id: string, plan: string, period: string | null): VersionRecord => ({
        ...version(id, '2026-02-01T10:10:00.000Z', plan),
        kind: 'auto',
        period
      })
      const period = '2026-02-01T10:00:00.000Z/600000'
      expect(await store.addVersion(auto('p1', 'plan-p', period))).toBe(true)
      // Another process taking the same period's version: nothing stored, the first one kept.
      expect(await store.addVersion({ ...auto('p2', 'plan-p', period), author: 'Bo' })).toBe(false)
      expect(await store.addVersion(auto('p3', 'plan-p', '2026-02-01T10:10:00.000Z/600000'))).toBe(true)
      expect(await store.addVersion(auto('q1', 'plan-q', period))).toBe(true)
      expect(await store.addVersion(auto('n1', 'plan-p', null))).toBe(true)
      expect(await store.addVersion(version('n2', '2026-02-01T10:11:00.000Z', 'plan-p'))).toBe(true)
      expect((await store.listVersions('plan-p')).map((v) => [v.id, v.author])).toEqual([
        ['n2', 'Anna'],
        ['n1', 'Anna'],
        ['p3', 'Anna'],
        ['p1', 'Anna']
      ])
      expect(await store.getVersion('plan-p', 'p2')).toBeNull()
      expect((await store.listVersions('plan-q')).map((v) => v.id)).toEqual(['q1'])
    })

    it('conflicts and client authors: stored with a commit or alone; the first sender names a client id', async () => {
      const anna: ClientAuthor = { room: 'plan-a', clientId: 4_000_000_000, name: 'Anna', sub: 'i2', firstSeen: '2026-01-01T00:00:00.000Z' }
      await store.appendUpdates([{ room: 'plan-a', update: typed(['y'])[0]! }], [], { authors: [anna], conflicts: [conflict('c1'), conflict('c22', true)] })
      await store.appendUpdates([{ room: 'plan-a', update: typed(['z'])[0]! }], [], { authors: [{ ...anna, name: 'Relay' }], conflicts: [] })
      expect(await store.clientAuthor('plan-a', 4_000_000_000)).toEqual(anna)
      expect(await store.clientAuthor('plan-a', 1)).toBeNull()
      expect(await store.listClientAuthors('plan-a')).toEqual([anna])
      expect((await store.listConflicts('plan-a')).map((c) => c.id)).toEqual(['c1'])
      expect((await store.listConflicts('plan-a', true)).map((c) => c.id).sort()).toEqual(['c1', 'c22'])
      const resolved = conflict('c1', true)
      await store.putConflict(resolved)
      expect(await store.getConflict('plan-a', 'c1')).toEqual(resolved)
      expect(await store.getConflict('plan-b', 'c1')).toBeNull()
      expect(await store.listConflicts('plan-a')).toEqual([])
    })

    // Issue #16: two processes record one conflict, each knowing one name; a stale open copy reaches storage after a resolution.
    it('conflicts only move forward: copies of one record unite names and lost writes; a resolved row stays resolved and its resolution stays', async () => {
      const base = conflict('c-merge')
      const w = (value: number, by: string | null, write: string) => ({ value, by, at: '2026-01-01T10:00:00.000Z', write })
      const fromP0: Conflict = { ...base, kept: w(60, null, '2:0'), lost: [w(55, 'Anna', '1:0')] }
      const fromP1: Conflict = { ...base, kept: w(60, 'Bo', '2:0'), lost: [w(55, null, '1:0')] }
      await store.putConflict(fromP0)
      await store.appendUpdates([{ room: 'plan-a', update: typed(['m'])[0]! }], [], { authors: [], conflicts: [fromP1] })
      const united = await store.getConflict('plan-a', 'c-merge')
      expect(united?.kept).toEqual(w(60, 'Bo', '2:0'))
      expect(united?.lost).toEqual([w(55, 'Anna', '1:0')])

      const resolution = { value: 60, by: 'Eva', at: '2026-01-03T10:00:00.000Z' }
      await store.putConflict({ ...united!, resolved: resolution })
      // A causal write judged on another process resolves it again; a stale copy tries to reopen it.
      await store.putConflict({ ...fromP1, resolved: { value: 61, by: 'Bo', at: '2026-01-04T10:00:00.000Z' } })
      await store.putConflict(fromP1)
      expect((await store.getConflict('plan-a', 'c-merge'))?.resolved).toEqual(resolution)
      expect((await store.listConflicts('plan-a')).map((c) => c.id)).not.toContain('c-merge')

      // A write lost after the resolution, merged by a stale copy into the resolved record: recorded, as a record of its own.
      await store.putConflict({ ...fromP1, lost: [...fromP1.lost, w(70, 'Cai', '3:0')] })
      const open = (await store.listConflicts('plan-a')).filter((c) => c.nodeId === base.nodeId)
      expect(open).toHaveLength(1)
      expect(open[0]!.lost).toEqual([w(70, 'Cai', '3:0')])
      expect(open[0]!.id).not.toBe('c-merge')
      expect((await store.getConflict('plan-a', 'c-merge'))?.lost).toEqual([w(55, 'Anna', '1:0')])
    })

    it('migrations run once: opening again changes nothing; a database from a newer release is refused', async () => {
      const latest = (engine.name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS).map((m) => m.version)
      expect(await engine.migrations()).toEqual(latest)
      const second = await engine.open()
      try {
        expect(second.created).toBe(false)
        expect(await engine.migrations()).toEqual(latest)
        expect((await second.getPlan('plan-a'))!.title).toBe('Plan A3')
      } finally {
        await second.close()
      }
      await engine.pretendNewer()
      await expect(engine.open()).rejects.toBeInstanceOf(DatabaseNewerError)
    })
  })
}

describe('SQLite data directories from before migrations', () => {
  it('open, migrate and keep every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faellesplan-legacy-'))
    try {
      // The tables exactly as the release before this one made them (no schema_migrations), with rows in them.
      const db = new Database(join(dir, 'faellesplan.sqlite'))
      for (const m of SQLITE_MIGRATIONS) m.up(db)
      const update = typed(['gammel tekst'])[0]!
      db.prepare('INSERT INTO plans VALUES (?, ?, ?)').run('old-plan', 'Gammel plan', '2025-01-01T00:00:00.000Z')
      db.prepare('INSERT INTO updates (room, data, sum) VALUES (?, ?, ?)').run(
        'old-plan',
        Buffer.from(update),
        (await import('../../server/storage/room-rows')).digest(update)
      )
      db.prepare(
        "INSERT INTO invites (id, plan, role, grp, name, created_by, created_at, expires_at, last_seen_at, kind) VALUES ('old', 'old-plan', 'editor', 'administration', 'Gammel', 'cli', 'x', 'y', 'z', 'api')"
      ).run()
      db.close()

      const store = new SqliteStore(dir)
      try {
        expect(store.created).toBe(false)
        expect((await store.getPlan('old-plan'))!.title).toBe('Gammel plan')
        expect(textOf('old-plan', await store.loadRoom('old-plan'))).toBe('gammel tekst')
        expect(await store.getInvite('old')).toMatchObject({ lastSeenAt: 'z', kind: 'api' })
      } finally {
        await store.close()
      }
      const check = new Database(join(dir, 'faellesplan.sqlite'), { readonly: true })
      expect((check.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version)).toEqual(
        SQLITE_MIGRATIONS.map((m) => m.version)
      )
      check.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('versions stored by the release before periods', () => {
  // Several processes of that release could each take a version of one period: such duplicates must not stop the migration, and stay.
  const duplicates = [
    ['old-1', 'old-plan', 'Automatisk', 'auto', 'Anna', '2025-06-01T10:10:00.000Z', 'draft', Buffer.from([1]), '{}', '{}'],
    ['old-2', 'old-plan', 'Automatisk', 'auto', 'Anna', '2025-06-01T10:10:00.000Z', 'draft', Buffer.from([1]), '{}', '{}']
  ]
  const insert = 'INSERT INTO versions (id, plan, name, kind, author, created, stage, state, plan_json, summary)'
  const keptAndKeyed = async (store: Store) => {
    expect((await store.listVersions('old-plan')).map((v) => v.id).sort()).toEqual(['old-1', 'old-2'])
    const period = '2025-06-01T10:20:00.000Z/600000'
    expect(await store.addVersion({ ...version('new-1', '2025-06-01T10:30:00.000Z', 'old-plan'), kind: 'auto', period })).toBe(true)
    expect(await store.addVersion({ ...version('new-2', '2025-06-01T10:30:00.000Z', 'old-plan'), kind: 'auto', period })).toBe(false)
  }

  it('SQLite: migrate and keep them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faellesplan-versions-'))
    try {
      const db = new Database(join(dir, 'faellesplan.sqlite'))
      migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 3))
      for (const row of duplicates) db.prepare(`${insert} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...row)
      db.close()
      const store = new SqliteStore(dir)
      try {
        await keptAndKeyed(store)
      } finally {
        await store.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('PostgreSQL: migrate and keep them', async () => {
    await requirePostgres()
    const schema = freshSchemaName('oldversions')
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` })
    await client.connect()
    try {
      await migratePostgres(client, schema, POSTGRES_MIGRATIONS.slice(0, 1))
      for (const row of duplicates) await client.query(`${insert} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, row)
      const store = await PostgresStore.open({ url: TEST_DATABASE_URL, schema, poolSize: 2 })
      try {
        await keptAndKeyed(store)
      } finally {
        await store.close()
      }
    } finally {
      await client.end()
      await dropSchema(schema)
    }
  })
})
