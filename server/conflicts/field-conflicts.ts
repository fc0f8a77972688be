import { randomUUID } from 'node:crypto'
import type * as Y from 'yjs'
import { CONFLICT_FIELDS, sameFieldValue, type Conflict, type ConflictNodeType, type ConflictValue, type FieldValue } from '../../schema'
import { log } from '../log'
import { metrics } from '../metrics'
import type { Store } from '../storage/store'
import { authorOf } from '../sync/plan-listing'
import type { ClientAuthors } from './client-authors'
import { fieldChanges, type FieldChange, type WrittenValue } from './field-writes'

// The conflicts of one plan's body room: detected as each transaction is
// applied (field-writes.ts), kept in memory while open so the next write to
// the same field merges into them or resolves them, and stored with the
// updates that caused them, in the same group commit.

/** For bench/meeting.ts only: measure sync without detection and author bookkeeping (BENCH_NO_CONFLICT_DETECTION=1). */
export const DETECTION_OFF = process.env.BENCH_NO_CONFLICT_DETECTION === '1'

/** How many received-at times of field values are remembered (older values fall back to their writer's first sight). */
const RECEIVED_AT_ENTRIES = 10_000

/** What a resolution through REST found. */
export type ResolveOutcome = { conflict: Conflict } | { error: 'not-found' | 'not-current' }

const openKey = (nodeId: string, field: string): string => `${nodeId}\u0000${field}`

/** The open conflicts of one body room and their detection. */
export class FieldConflicts {
  private readonly open = new Map<string, Conflict>()
  private dirty = new Map<string, Conflict>()
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

  /** Judge one applied transaction. A failure is logged, never thrown: sync goes on. */
  observe(txn: Y.Transaction, at: string): void {
    try {
      for (const change of fieldChanges(txn, CONFLICT_FIELDS)) this.record(change, txn.origin, at)
    } catch (e) {
      // catch: a detection bug must not cost anyone their edit
      metrics.conflict_detection_errors_total++
      log('error', 'conflict-detection-failed', { plan: this.plan, error: (e as Error).message })
    }
  }

  private record(change: FieldChange, origin: unknown, at: string): void {
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
        ? { ...existing, kept, lost: [...existing.lost, ...lostValues] }
        : {
            id: randomUUID(),
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
      this.dirty.set(c.id, c)
      metrics.conflicts_recorded_total++
      log('info', 'conflict', { plan: this.plan, node: nodeId, field: change.field, kept: kept.value, lost: lostValues.map((v) => v.value) })
    } else if (change.causal && existing) {
      // Whoever wrote this saw the kept value: their write is the choice.
      const resolved: Conflict = { ...existing, resolved: { value: keptValue, by: authorOf(origin), at } }
      this.open.delete(key)
      this.dirty.set(resolved.id, resolved)
    }
  }

  private written(v: WrittenValue, at: string): ConflictValue {
    const author = this.authors.of(v.client)
    const when = v.fresh ? at : (this.receivedAt.get(`${v.client}:${v.clock}`) ?? author?.firstSeen ?? at)
    return { value: v.value, by: author?.name ?? null, at: when }
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
