import { createHash } from 'node:crypto'
import type { Conflict, ConflictValue } from '../../schema'

// With several processes (issue #16) each one judges every write it applies,
// so the same lost write can be recorded by two processes, each knowing
// different names, and an older in-memory copy can reach storage after a
// newer one. These rules make the stored row the union of what every
// process knew, and let a record move only forward: open → resolved.

/**
 * The id of the conflict a lost write starts: a UUID-shaped hash of the
 * field and the write's Yjs id, so two processes that detect the same lost
 * write name the same row.
 */
export function conflictId(plan: string, nodeId: string, field: string, write: string): string {
  const h = createHash('sha256').update(`${plan}\u0000${nodeId}\u0000${field}\u0000${write}`).digest('hex')
  const variant = ((parseInt(h[16]!, 16) & 3) | 8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Whether two recorded values are the same write (by Yjs id; records from before ids were kept compare value and time). */
export const sameWrite = (a: ConflictValue, b: ConflictValue): boolean =>
  a.write !== undefined || b.write !== undefined ? a.write === b.write : a.value === b.value && a.at === b.at

/** `v` with its writer's name taken from `others` when it lacks one. */
const named = (v: ConflictValue, others: readonly ConflictValue[]): ConflictValue => {
  if (v.by !== null) return v
  const by = others.find((o) => o.by !== null && sameWrite(o, v))?.by
  return by ? { ...v, by } : v
}

/** `list` with every write of `more` it lacks appended (writes it has keep their first copy, names filled). */
export function unionWrites(list: readonly ConflictValue[], more: readonly ConflictValue[]): ConflictValue[] {
  const out = list.map((v) => named(v, more))
  for (const v of more) if (!out.some((o) => sameWrite(o, v))) out.push(v)
  return out
}

/**
 * What to store when `incoming` is written over `stored` (same id): names
 * either knew are kept, lost writes are united, and a resolution is never
 * undone nor replaced. Lost writes a resolved row does not hold are not
 * folded into it (that would hide them): they become a record of their own,
 * the second row returned, as one process would have started after the
 * resolution.
 */
export function mergeConflict(stored: Conflict | null, incoming: Conflict): Conflict[] {
  if (!stored) return [incoming]
  const all = [incoming.kept, ...incoming.lost]
  const storedAll = [stored.kept, ...stored.lost]
  if (stored.resolved) {
    const kept = named(stored.kept, all)
    const lost = stored.lost.map((v) => named(v, all))
    const out: Conflict[] = [{ ...stored, kept, lost }]
    const fresh = incoming.lost.filter((v) => !storedAll.some((o) => sameWrite(o, v)))
    if (incoming.resolved === null && fresh.length && fresh[0]!.write !== undefined) {
      out.push({ ...incoming, id: conflictId(incoming.plan, incoming.nodeId, incoming.field, fresh[0]!.write), lost: fresh })
    }
    return out
  }
  return [
    {
      ...incoming,
      kept: named(incoming.kept, storedAll),
      lost: unionWrites(stored.lost, incoming.lost),
      created: stored.created < incoming.created ? stored.created : incoming.created
    }
  ]
}
