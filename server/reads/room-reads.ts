import * as Y from 'yjs'
import { commentsRoomOf, type Lang } from '../../schema'
import { CorruptRoomError, type Store } from '../storage/store'
import type { Rooms } from '../sync/rooms'
import { ReadFailedError, type ReadPool, type RoomSource } from './read-pool'
import { needsComments, showsConflicts, type ReadOutput, type ReadResult } from './render'

// Where a REST read gets a plan's documents. A loaded room is read from
// memory, once everything it holds is stored (so an export never shows an
// edit a crash could lose), and handed to a read worker as one encoded state;
// a cold room is read by the worker itself from SQLite, or, on PostgreSQL,
// read here (rows, checksums checked: no decoding) and its rows handed to
// the worker. Either way the decoding and rendering happen off the main thread.

/**
 * Which document a read is of: a room (live or stored), a stored version of
 * the plan, a state captured by the caller (v1), or a room as stored once its
 * pending updates are (`stored`: read by the worker from SQLite even while the
 * room is loaded, so a large plan is never encoded on the sync thread; for
 * reads where any moment after the request will do, like automatic versions).
 */
export type DocSpec = { room: string } | { version: string } | { state: Uint8Array } | { stored: string }

/** The REST reads of plans, through the read pool. */
export class RoomReads {
  /** `storeFile`: the SQLite file workers may read cold rooms from; null: cold rooms' rows are read here and handed over. */
  constructor(
    private readonly store: Store,
    private readonly rooms: Rooms,
    private readonly pool: ReadPool,
    private readonly storeFile: string | null
  ) {}

  /**
   * Render `output` for a plan (of its stored version `version`, when given;
   * the caller checked that the version belongs to the plan). Throws
   * ReadsBusyError (queue full) or ReadFailedError.
   */
  read(planId: string, output: ReadOutput, lang: Lang, version?: string): Promise<ReadResult> {
    return this.readDocs(planId, output, lang, version === undefined ? { room: planId } : { version })
  }

  /** Render `output` from `body` (and `other`, for a comparison or a version's summary). */
  readDocs(planId: string, output: ReadOutput, lang: Lang, body: DocSpec, other: DocSpec | null = null): Promise<ReadResult> {
    return this.pool.run(async () => {
      const bodySource = await this.sourceOf(planId, body)
      const comments = needsComments(output) ? await this.source(commentsRoomOf(planId)) : null
      // Conflicts belong to the live plan; read after the body is stored (they are stored in the same commit as the updates that caused them).
      const conflicts = 'room' in body && showsConflicts(output) ? { conflicts: await this.store.listConflicts(planId) } : {}
      return { planId, output, lang, body: bodySource, comments, other: other === null ? null : await this.sourceOf(planId, other), ...conflicts }
    })
  }

  private async sourceOf(planId: string, spec: DocSpec): Promise<RoomSource> {
    if ('room' in spec) return this.source(spec.room)
    if ('state' in spec) return { kind: 'state', update: spec.state }
    if ('stored' in spec) return this.storedSource(spec.stored)
    if (this.storeFile !== null) return { kind: 'version', plan: planId, id: spec.version }
    const stored = await this.store.getVersion(planId, spec.version)
    if (!stored) throw new ReadFailedError(false, `plan ${planId} has no version ${spec.version}`)
    return { kind: 'state', update: stored.state, v2: true }
  }

  private async storedSource(room: string): Promise<RoomSource> {
    const live = this.rooms.peek(room)
    if (!live || this.storeFile === null) return this.source(room)
    if (!(await live.stored())) throw new ReadFailedError(true, `room ${room} could not store its updates`)
    return { kind: 'stored', room }
  }

  private async source(room: string): Promise<RoomSource> {
    const live = this.rooms.peek(room)
    if (live) {
      // Current, not only stored: with other processes (REDIS_URL) the room may not have heard of all they stored.
      if (!(await live.current())) throw new ReadFailedError(true, `room ${room} could not store its updates`)
      return { kind: 'state', update: Y.encodeStateAsUpdate(live.doc) }
    }
    if (this.storeFile !== null) return { kind: 'stored', room }
    // A store the workers cannot open (PostgreSQL): the rows, for the worker to decode.
    try {
      return { kind: 'rows', room, stored: await this.store.loadRoom(room) }
    } catch (e) {
      if (e instanceof CorruptRoomError) throw new ReadFailedError(true, e.message)
      throw e
    }
  }
}
