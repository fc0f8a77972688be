import { HttpError } from '../http/http-error'
import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'

/** What a transaction deleted (Yjs exports the type only through `Transaction`). */
type DeleteSet = Y.Transaction['deleteSet']
import { BODY_FRAGMENT, parseRoomName, readPlanMeta, type PlanStatus } from '../../schema'
import { PLAN_STATUS_WORDS } from '../../schema/export'
import { versionsToKeep, type PmJson, type VersionInfo, type VersionKind } from '../../schema/history'
import { log } from '../log'
import { StorageUnavailableError, type Store } from '../storage/store'
import type { Room, RoomHooks } from '../sync/room'
import type { Rooms } from '../sync/rooms'
import { ServerEdit } from '../sync/plan-listing'
import type { DocSpec, RoomReads } from '../reads/room-reads'
import { restoreBody } from './restore-body'
import { textLostInRestore } from './lost-in-restore'

// A plan's versions (issue #14). Automatic ones are taken once per period
// of `everyMs` (periods follow the clock: 10:00, 10:10, … for ten minutes)
// in which a room was edited, at the end of the period its first unversioned
// edit fell in (only when something changed since the last one; a read worker
// reads the stored state from SQLite and decodes it, so sync never waits), or
// when an idle room with unversioned edits unloads before that (the same
// way), and at every status change (the room's document encoded at that
// moment). An automatic version is stored with its period as a key, and a
// plan holds one version per period: with several processes (REDIS_URL)
// each one that stored edits takes it, the first stores it and the others'
// inserts do nothing. What a later taker stored in between is in the next
// version (its summary counts it).
// Named ones on request. Restore is a forward edit (restore-body.ts) between
// a "før gendannelse" and a "Gendannet fra …" version. Versions of one plan
// are made one at a time, so each summary is against the one before it.

/** How automatic versions are taken. */
export interface VersionOptions {
  /** At most one automatic version per this many ms of editing (VERSION_EVERY_MINUTES). */
  everyMs: number
}

export const DEFAULT_VERSION_OPTIONS: VersionOptions = { everyMs: 10 * 60_000 }

/** Valid version ids: what this server makes (a UUID), so nothing else reaches a query or a log. */
export const isVersionId = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)

/** What a room has done since its plan's last version. */
interface Activity {
  dirty: boolean
  /** When (on the period clock) the first edit since the last version was stored; its period is the version's. */
  since: number | null
  authors: Set<string>
  timer: NodeJS.Timeout | null
  status: PlanStatus
  /** What restores in this room deleted, while it is loaded (see lost-in-restore.ts). */
  restoreDeleted: DeleteSet[]
}

const AUTO_AUTHOR = 'Automatisk'

/** For versions nobody waits for: enqueue has logged the failure (storage unreachable, say); it must not end the process. */
const ignoreLogged = (): void => {}

/** How recovered text starts: it was typed into a block a restore removed. */
export const RECOVERED_PREFIX = 'Skrevet under en gendannelse i tekst, som gendannelsen fjernede, af'

/** The versions of every plan on this server. */
export class Versions {
  private readonly activity = new Map<string, Activity>()
  private readonly queues = new Map<string, Promise<unknown>>()
  /** How far takeDue has moved the period clock ahead of `now` (each call: one period). */
  private skew = 0
  private rooms: Rooms | null = null
  private reads: RoomReads | null = null
  private closed = false

  constructor(
    private readonly store: Store,
    private readonly options: VersionOptions,
    private readonly now: () => number = Date.now
  ) {}

  /** Give the service the rooms and reads it works with (they are made after it: the rooms need its hooks). */
  attach(rooms: Rooms, reads: RoomReads): void {
    this.rooms = rooms
    this.reads = reads
  }

  /** What rooms tell the service. */
  readonly roomHooks: RoomHooks = {
    loaded: (room) => {
      if (!isBody(room)) return
      this.activity.set(room.name, { dirty: false, since: null, authors: new Set(), timer: null, status: readPlanMeta(room.doc).status, restoreDeleted: [] })
    },
    stored: (room, updates) => {
      const a = this.activity.get(room.name)
      if (!a || this.closed) return
      const authors = updates.map((u) => u.by)
      try {
        a.dirty = true
        for (const name of authors) if (name !== null) a.authors.add(name)
        const status = readPlanMeta(room.doc).status
        if (status !== a.status) {
          a.status = status
          const by = [...new Set(authors.filter((x): x is string => x !== null))].join(', ') || AUTO_AUTHOR
          this.takeLive(room, 'status', `Status: ${PLAN_STATUS_WORDS.da[status]}`, by).catch(ignoreLogged)
          return
        }
        a.since ??= this.clock()
        a.timer ??= this.timerFor(room, a.since)
      } catch (e) {
        // catch: a version must never break the commit path
        log('error', 'version-failed', { plan: room.name, error: (e as Error).message })
      }
    },
    applied: (room, update, by) => {
      const a = this.activity.get(room.name)
      if (!a?.restoreDeleted.length) return
      try {
        this.recoverLost(room, a, update, by)
      } catch (e) {
        // catch: recovery must never break the sync path
        log('error', 'text-recovery-failed', { plan: room.name, error: (e as Error).message })
      }
    },
    unloading: (room) => {
      const a = this.activity.get(room.name)
      if (!a) return
      // From storage, in a read worker: the room has just been flushed and
      // compacted, so what is stored is exactly its document, and encoding a
      // large plan here would stall every other room's sync.
      if (a.dirty && !this.closed) this.takeStored(room, a).catch(ignoreLogged)
      if (a.timer) clearTimeout(a.timer)
      this.activity.delete(room.name)
    }
  }

  /** Write text typed into blocks a restore removed back into the plan, at its end, saying who typed it. */
  private recoverLost(room: Room, a: Activity, update: Uint8Array, by: string): void {
    const text = a.restoreDeleted.flatMap((ds) => textLostInRestore(room.doc, ds, update)).join('')
    if (!text.trim()) return
    const found = [{ by, text }]
    log('warn', 'text-recovered-after-restore', { plan: room.name, pieces: found.length })
    // Not inside the commit: an edit of our own, stored and broadcast like any.
    setImmediate(() => {
      if (this.rooms?.peek(room.name) !== room) return
      room.doc.transact(() => {
        room.doc.getXmlFragment(BODY_FRAGMENT).push(
          found.map(({ by, text }) => {
            const p = new Y.XmlElement('paragraph')
            p.insert(0, [new Y.XmlText(`${RECOVERED_PREFIX} ${by}: ${text}`)])
            return p
          })
        )
      }, new ServerEdit('Fællesplan'))
    })
  }

  private authorsOf(a: Activity): string {
    return [...a.authors].join(', ') || AUTO_AUTHOR
  }

  /** The clock periods are counted on: `now`, moved on a period by each takeDue. */
  private clock(): number {
    return this.now() + this.skew
  }

  /** The key of the period `at` falls in: its start and length, the same on every process with the same setting. */
  private periodOf(at: number): string {
    const every = this.options.everyMs
    return `${new Date(Math.floor(at / every) * every).toISOString()}/${every}`
  }

  /** A timer for the end of the period `since` falls in (re-armed by `due` while a long period has not ended). */
  private timerFor(room: Room, since: number): NodeJS.Timeout {
    const end = (Math.floor(since / this.options.everyMs) + 1) * this.options.everyMs
    // setTimeout fires at once past 2^31-1 ms (24.8 days): longer periods wait in steps.
    return setTimeout(() => this.due(room), Math.min(MAX_TIMER_MS, Math.max(0, end - this.clock()))).unref()
  }

  private due(room: Room): void {
    const a = this.activity.get(room.name)
    if (!a) return
    a.timer = null
    if (a.since !== null && (Math.floor(a.since / this.options.everyMs) + 1) * this.options.everyMs > this.clock()) {
      a.timer = this.timerFor(room, a.since)
      return
    }
    if (!a.dirty || this.rooms?.peek(room.name) !== room) return
    room.whenStored((stored) => {
      if (stored && this.activity.get(room.name) === a && a.dirty) this.takeStored(room, a).catch(ignoreLogged)
    })
  }

  /**
   * An automatic version of the room as stored (read by a read worker from
   * SQLite: the sync thread never encodes the plan for it). Edits stored
   * before the worker reads are in it too (they also mark the room changed,
   * so the next version may bring nothing new). Resets the room's activity.
   */
  private takeStored(room: Room, a: Activity): Promise<VersionInfo | null> {
    const author = this.authorsOf(a)
    const period = this.periodOf(a.since ?? this.clock())
    a.dirty = false
    a.since = null
    a.authors.clear()
    if (a.timer) clearTimeout(a.timer)
    a.timer = null
    return this.enqueue(room.name, { stored: room.name }, 'auto', 'Automatisk', author, period)
  }

  /**
   * Version the room's document as it is now (its state is captured here,
   * synchronously; decoding and storing follow in the plan's queue). Resets
   * the room's activity: the version covers everything so far.
   */
  private takeLive(room: Room, kind: VersionKind, name: string, author: string): Promise<VersionInfo> {
    const a = this.activity.get(room.name)
    if (a) {
      a.dirty = false
      a.since = null
      a.authors.clear()
      if (a.timer) clearTimeout(a.timer)
      a.timer = null
    }
    return this.enqueue(room.name, { state: Y.encodeStateAsUpdate(room.doc) }, kind, name, author).then(always)
  }

  /**
   * Store a version of `spec` after the plan's earlier ones; auto versions
   * thin the list. With a `period`: null when the plan already has that
   * period's version (another process took it).
   */
  private enqueue(plan: string, spec: DocSpec, kind: VersionKind, name: string, author: string, period: string | null = null): Promise<VersionInfo | null> {
    const created = new Date(this.now()).toISOString()
    const run = async (): Promise<VersionInfo | null> => {
      const previous = (await this.store.listVersions(plan))[0] ?? null
      const r = await this.reads!.readDocs(plan, 'version-snapshot', 'da', spec, previous ? { version: previous.id } : null)
      if (r.kind !== 'snapshot') throw new Error(`version-snapshot returned ${r.kind}`)
      const info: VersionInfo = { id: randomUUID(), name, kind, stage: r.stage, author, created, summary: r.summary }
      if (!(await this.store.addVersion({ ...info, plan, state: r.state, planJson: r.planJson, period }))) {
        log('info', 'version-period-taken', { plan, period })
        return null
      }
      log('info', 'version-stored', { plan, version: info.id, kind, bytes: r.state.byteLength })
      if (kind === 'auto') await this.thin(plan)
      return info
    }
    const prior = this.queues.get(plan) ?? Promise.resolve()
    const next = prior.then(run, run)
    const settled = next.catch((e: unknown) => {
      log('error', 'version-failed', { plan, kind, error: (e as Error).message })
    })
    this.queues.set(plan, settled)
    void settled.then(() => {
      if (this.queues.get(plan) === settled) this.queues.delete(plan)
    })
    return next
  }

  private async thin(plan: string): Promise<void> {
    const all = await this.store.listVersions(plan)
    const keep = versionsToKeep(all, this.now())
    const drop = all.filter((v) => !keep.has(v.id)).map((v) => v.id)
    if (drop.length) await this.store.deleteVersions(plan, drop)
  }

  /** A plan's versions, newest first. */
  list(plan: string): Promise<VersionInfo[]> {
    return this.store.listVersions(plan)
  }

  /** Save a named version of the plan as it is now (live, once stored, or as stored when nobody has it open). */
  async create(plan: string, name: string, author: string): Promise<VersionInfo> {
    const room = this.rooms!.peek(plan)
    if (!room) return this.enqueue(plan, { room: plan }, 'named', name, author).then(always)
    // Current, not only stored: with other processes (REDIS_URL) the version holds what they stored too.
    if (!(await room.current())) throw new HttpError('plan-not-stored')
    return this.takeLive(room, 'named', name, author)
  }

  /**
   * Restore version `id` of `plan` as a forward change by `by`: a
   * "før gendannelse" version of the live document, the old body written
   * into the live room as an ordinary edit (stored and broadcast like any),
   * then a "Gendannet fra …" version.
   */
  async restore(plan: string, id: string, by: string): Promise<{ before: VersionInfo; restored: VersionInfo }> {
    const target = await this.store.getVersionInfo(plan, id)
    if (!target) throw new HttpError('version-not-found')
    const node = await this.reads!.readDocs(plan, 'plan-node', 'da', { version: id })
    if (node.kind !== 'node') throw new Error(`plan-node returned ${node.kind}`)
    let room: Room
    try {
      room = await this.rooms!.get(plan)
    } catch (e) {
      if (e instanceof StorageUnavailableError) throw e
      throw new HttpError('plan-unreadable')
    }
    try {
      if (!(await room.current())) throw new HttpError('plan-not-stored')
      // The state before and the edit in one turn: whatever reached the server before the restore is in "før gendannelse".
      const before = this.takeLive(room, 'before-restore', 'Før gendannelse', by)
      before.catch(ignoreLogged) // awaited below, unless the restore fails first
      const deleted = restoreBody(room.doc, node.doc as PmJson, new ServerEdit(by))
      this.activity.get(room.name)?.restoreDeleted.push(deleted)
      if (!(await room.stored())) throw new HttpError('plan-not-stored')
      const restored = this.takeLive(room, 'restored', `Gendannet fra "${target.name}" (${target.created.slice(0, 16).replace('T', ' ')})`, by)
      log('info', 'version-restored', { plan, version: id, by })
      return { before: await before, restored: await restored }
    } finally {
      // Loaded only for this edit: let it unload again when nobody is connected.
      this.rooms!.released(plan)
    }
  }

  /** Test hook and tool: take the automatic versions that are due as if their time had come, and wait for them. */
  async takeDue(): Promise<void> {
    // Their periods end now: edits from here on fall in the next one.
    this.skew += this.options.everyMs
    for (const [name, a] of this.activity) {
      const room = this.rooms?.peek(name)
      if (room && a.dirty) {
        await room.stored()
        if (a.dirty) this.takeStored(room, a).catch(() => {})
      }
    }
    await this.idle()
  }

  /** Resolves when every version being made is stored. */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()])
  }

  /**
   * Stop taking versions (call before the rooms unload on shutdown) and wait
   * for those being made, before the read workers stop. Rooms unloaded by a
   * shutdown take no version: decoding a large plan would hold the shutdown
   * up for seconds, and their edits are in the log; the next version holds
   * them (its summary counts them).
   */
  async close(): Promise<void> {
    this.closed = true
    for (const a of this.activity.values()) if (a.timer) clearTimeout(a.timer)
    await this.idle()
  }
}

const isBody = (room: Room): boolean => parseRoomName(room.name)?.kind === 'body'

/** The longest delay setTimeout keeps. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** A version without a period is always stored: its info. */
const always = (v: VersionInfo | null): VersionInfo => {
  if (!v) throw new Error('a version without a period was not stored')
  return v
}
