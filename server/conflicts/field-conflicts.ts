import type * as Y from 'yjs'
import { CONFLICT_FIELDS, sameFieldValue, type Conflict, type ConflictNodeType, type ConflictValue, type FieldValue } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { Store } from '../storage/store'
import { authorOf } from '../sync/plan-listing'
import type { ClientAuthors } from './client-authors'
import { conflictId, mergeConflict, unionWrites } from './conflict-merge'
import { fieldChanges, type FieldChange, type WrittenValue } from './field-writes'

// The conflicts of one plan's body room: detected as each transaction is
// applied (field-writes.ts), kept in memory while open so the next write to
// the same field merges into them or resolves them, and stored with the
// updates that caused them, in the same group commit.
//
// With several processes every process also judges the writes it applies
// from the others (so two writes that met only after each was stored on its
// own process are still judged); both then record the same row (its id comes
// from the lost write, and stores merge rows: conflict-merge.ts). Records
// such a transaction made are written at once (its updates are stored
// already), and names another process learnt are read from storage.

/** For bench/meeting.ts only: measure sync without detection and author bookkeeping (BENCH_NO_CONFLICT_DETECTION=1). */
export const DETECTION_OFF = process.env.BENCH_NO_CONFLICT_DETECTION === '1'

/** How many received-at times of field values are remembered (older values fall back to their writer's first sight). */
const RECEIVED_AT_ENTRIES = 10_000

/** What a resolution through REST found. */
export type ResolveOutcome = { conflict: Conflict } | { error: 'not-found' | 'not-current' }

const openKey = (nodeId: string, field: string): string => `${nodeId}\u0000${field}`

const clientOf = (write: string): number => Number(write.split(':')[0])

/** How long after a peer's field write the open conflicts are read again (several writes, one read). */
const REFRESH_DELAY_MS = 50

/** The open conflicts of one body room and their detection. */
export class FieldConflicts {
  private readonly open = new Map<string, Conflict>()
  /** Changed by this process's clients' writes: stored with the commit of those writes. */
  private dirty = new Map<string, Conflict>()
  /** Changed by writes applied from other processes (stored already): written by settle(). */
  private peerDirty = new Map<string, Conflict>()
  /** Records naming a writer this process does not know yet (latest copy by id). */
  private unnamed = new Map<string, Conflict>()
  /** Resolved here: a read of storage from before the resolution landed must not reopen them. */
  private readonly settled = new Set<string>()
  private settling: Promise<void> | null = null
  private settleAgain = false
  private refreshing = false
  private refreshAgain = false
  private readonly receivedAt = new Map<string, string>()

  /** `open`: the plan's open conflicts as stored; `write`: how a resolution is stored (default: straight to the store). */
  constructor(
    private readonly plan: string,
    private readonly store: Store,
    private readonly authors: ClientAuthors,
    open: readonly Conflict[] = [],
    private readonly write: (c: Conflict) => Promise<void> = (c) => store.putConflict(c)
  ) {
    for (const c of open) this.open.set(openKey(c.nodeId, c.field), c)
  }

  /**
   * Judge one applied transaction (`fromPeer`: applied from another process,
   * stored already). A failure is logged, never thrown: sync goes on. True
   * when a watched field changed.
   */
  observe(txn: Y.Transaction, at: string, fromPeer = false): boolean {
    try {
      const changes = fieldChanges(txn, CONFLICT_FIELDS)
      for (const change of changes) this.record(change, txn.origin, at, fromPeer)
      return changes.length > 0
    } catch (e) {
      // catch: a detection bug must not cost anyone their edit
      metrics.conflict_detection_errors_total++
      log('error', 'conflict-detection-failed', { plan: this.plan, error: (e as Error).message })
      return false
    }
  }

  private record(change: FieldChange, origin: unknown, at: string, fromPeer: boolean): void {
    const nodeId = String(change.element.getAttribute('id') ?? '')
    const key = openKey(nodeId, change.field)
    const keptValue = change.kept?.value ?? null
    if (change.kept?.fresh) this.remember(change.kept, at)
    const lost = change.lost.filter((l) => !sameFieldValue(l.value, keptValue))
    const existing = this.open.get(key)
    if (lost.length) {
      const kept = change.kept ? this.written(change.kept, at) : { value: null, by: null, at }
      const lostValues = lost.map((l) => this.written(l, at))
      const c: Conflict = existing
        ? { ...existing, kept, lost: unionWrites(existing.lost, lostValues) }
        : {
            id: conflictId(this.plan, nodeId, change.field, lostValues[0]!.write!),
            plan: this.plan,
            kind: 'field',
            nodeId,
            nodeType: change.nodeType as ConflictNodeType,
            field: change.field,
            kept,
            lost: lostValues,
            created: at,
            resolved: null
          }
      this.open.set(key, c)
      this.changed(c, fromPeer)
      metrics.conflicts_recorded_total++
      log('info', 'conflict', { plan: this.plan, node: nodeId, field: change.field, kept: kept.value, lost: lostValues.map((v) => v.value) })
    } else if (change.causal && existing) {
      // Whoever wrote this saw the kept value: their write is the choice.
      const by = fromPeer ? (change.kept ? (this.authors.of(change.kept.client)?.name ?? null) : null) : authorOf(origin)
      const resolved: Conflict = { ...existing, resolved: { value: keptValue, by, at } }
      this.open.delete(key)
      this.settled.add(resolved.id)
      this.changed(resolved, fromPeer)
    }
  }

  /** A record was created or changed: queue it for storing, and for names it lacks. */
  private changed(c: Conflict, fromPeer: boolean): void {
    // A record still waiting for its own commit goes with it (its newer copy included).
    if (!fromPeer || this.dirty.has(c.id)) this.dirty.set(c.id, c)
    else this.peerDirty.set(c.id, c)
    if ([c.kept, ...c.lost].some((v) => v.by === null && v.write !== undefined && !this.authors.knows(clientOf(v.write)))) this.unnamed.set(c.id, c)
    if (this.peerDirty.size || this.unnamed.size) this.settleSoon()
  }

  private settleSoon(): void {
    if (this.settling) {
      this.settleAgain = true
      return
    }
    this.settling = this.settle().finally(() => {
      this.settling = null
      if (this.settleAgain) {
        this.settleAgain = false
        this.settleSoon()
      }
    })
  }

  /** Fill in names other processes stored, then write what writes from other processes changed. */
  private async settle(): Promise<void> {
    const unnamed = [...this.unnamed.values()]
    this.unnamed.clear()
    const clients = new Set<number>()
    for (const c of unnamed) for (const v of [c.kept, ...c.lost]) if (v.by === null && v.write !== undefined) clients.add(clientOf(v.write))
    if (clients.size) await this.authors.lookUp(this.store, clients)
    for (const c of unnamed) {
      const pending = this.dirty.get(c.id)
      if (pending) this.dirty.set(c.id, this.withNames(pending))
      else this.peerDirty.set(c.id, this.withNames(this.peerDirty.get(c.id) ?? c))
      const key = openKey(c.nodeId, c.field)
      const open = this.open.get(key)
      if (open?.id === c.id) this.open.set(key, this.withNames(open))
    }
    const rows = [...this.peerDirty.values()]
    this.peerDirty = new Map()
    for (const c of rows) {
      try {
        await this.write(c)
      } catch (e) {
        // catch: the room's own commits report storage failures; this record is written again by the next process that judges the field
        log('error', 'conflict-write-failed', { plan: this.plan, conflict: c.id, error: (e as Error).message })
      }
    }
  }

  private withNames(c: Conflict): Conflict {
    const name = (v: ConflictValue): ConflictValue =>
      v.by === null && v.write !== undefined ? { ...v, by: this.authors.of(clientOf(v.write))?.name ?? null } : v
    return { ...c, kept: name(c.kept), lost: c.lost.map(name) }
  }

  /**
   * Read the plan's open conflicts from storage again, soon (several calls,
   * one read; one read at a time): records and resolutions other processes
   * stored become known before the next write to their field, as far as
   * timing allows (the stores' merge covers the rest).
   */
  refreshSoon(): void {
    if (this.refreshing) {
      this.refreshAgain = true
      return
    }
    this.refreshing = true
    setTimeout(() => {
      void this.refresh()
        .catch((e: Error) => log('error', 'conflict-refresh-failed', { plan: this.plan, error: e.message }))
        .finally(() => {
          this.refreshing = false
          if (this.refreshAgain) {
            this.refreshAgain = false
            this.refreshSoon()
          }
        })
    }, REFRESH_DELAY_MS).unref()
  }

  private async refresh(): Promise<void> {
    const stored = await this.store.listConflicts(this.plan)
    const storedIds = new Set(stored.map((c) => c.id))
    const waiting = (id: string) => this.dirty.has(id) || this.peerDirty.has(id) || this.settled.has(id)
    for (const [key, c] of [...this.open]) {
      if (storedIds.has(c.id) || waiting(c.id)) continue
      // Not open in storage: resolved by another process (or not stored yet, then it stays).
      const now = await this.store.getConflict(this.plan, c.id)
      if (now?.resolved && this.open.get(key)?.id === c.id) this.open.delete(key)
    }
    for (const s of stored) {
      if (waiting(s.id)) continue
      const key = openKey(s.nodeId, s.field)
      const mine = this.open.get(key)
      if (!mine) this.open.set(key, s)
      else if (mine.id === s.id) this.open.set(key, mergeConflict(s, mine)[0]!)
    }
  }

  private written(v: WrittenValue, at: string): ConflictValue {
    const author = this.authors.of(v.client)
    const when = v.fresh ? at : (this.receivedAt.get(`${v.client}:${v.clock}`) ?? author?.firstSeen ?? at)
    return { value: v.value, by: author?.name ?? null, at: when, write: `${v.client}:${v.clock}` }
  }

  private remember(v: WrittenValue, at: string): void {
    this.receivedAt.set(`${v.client}:${v.clock}`, at)
    if (this.receivedAt.size > RECEIVED_AT_ENTRIES) this.receivedAt.delete(this.receivedAt.keys().next().value!)
  }

  /**
   * Keep the current value (REST): no document change, only the record.
   * `value` must be the value the document holds, so the record never
   * claims a choice the document does not show.
   */
  async resolve(id: string, value: FieldValue, by: string, at: string): Promise<ResolveOutcome> {
    const c = [...this.open.values()].find((x) => x.id === id)
    if (!c) return resolveStored(this.store, this.plan, id, value, by, at)
    if (!sameFieldValue(c.kept.value, value)) return { error: 'not-current' }
    const resolved: Conflict = { ...c, resolved: { value, by, at } }
    this.open.delete(openKey(c.nodeId, c.field))
    this.dirty.delete(c.id)
    this.settled.add(c.id)
    await this.write(resolved)
    return { conflict: resolved }
  }

  /** The conflicts created or changed since the last group commit. */
  take(): Conflict[] {
    if (this.dirty.size === 0) return []
    const rows = [...this.dirty.values()]
    this.dirty = new Map()
    return rows
  }
}

/** Resolve a stored conflict of a plan whose room is not loaded (or that is already resolved). */
export async function resolveStored(store: Store, plan: string, id: string, value: FieldValue, by: string, at: string): Promise<ResolveOutcome> {
  const c = await store.getConflict(plan, id)
  if (!c) return { error: 'not-found' }
  if (c.resolved) return { conflict: c }
  if (!sameFieldValue(c.kept.value, value)) return { error: 'not-current' }
  const resolved: Conflict = { ...c, resolved: { value, by, at } }
  await store.putConflict(resolved)
  return { conflict: resolved }
}
