import { Worker } from 'node:worker_threads'
import type { Conflict, Lang } from '../../schema'
import { log } from '../log'
import type { StoredRoom } from '../storage/store'
import type { ReadOutput, ReadResult } from './render'

// A small pool of read workers for the REST reads, and the bound on how many
// run at once. A large plan takes a second or more to decode and render; on
// the main thread that second belongs to every room's sync. In the pool it
// does not, and at most `workers` reads run at a time with at most
// `maxQueued` waiting: past that a read is refused (503) instead of piling up
// memory and latency for everyone.

/** How the read pool is sized. */
export interface ReadPoolOptions {
  /** Worker threads (each runs one read at a time). */
  workers: number
  /** Reads that may wait for a worker; one more is refused with 503. */
  maxQueued: number
  /** Heap cap of each worker: a read that needs more ends only that worker. */
  heapMb: number
  /** Longest one read may take before its worker is ended. */
  timeoutMs: number
  /**
   * A worker with nothing to do for this long is ended; the next read starts
   * a fresh one. Each worker thread holds ~60 MB (its own V8 heap, the
   * TypeScript loader, the plan code), which a server in a meeting that
   * exported once, or took one automatic version, otherwise kept for good.
   */
  idleMs: number
}

export const DEFAULT_READ_POOL_OPTIONS: ReadPoolOptions = { workers: 2, maxQueued: 16, heapMb: 1024, timeoutMs: 60_000, idleMs: 60_000 }

/**
 * Where a worker gets a document from: its state encoded by the main thread
 * (a loaded room; `v2` for a version's stored state), SQLite (a cold room),
 * a cold room's rows read by the main thread (PostgreSQL), or a stored
 * version of a plan.
 */
export type RoomSource =
  | { kind: 'state'; update: Uint8Array; v2?: boolean }
  | { kind: 'stored'; room: string }
  | { kind: 'rows'; room: string; stored: StoredRoom }
  | { kind: 'version'; plan: string; id: string }

/** A read for a worker. */
export interface ReadRequest {
  id: number
  planId: string
  output: ReadOutput
  lang: Lang
  body: RoomSource
  comments: RoomSource | null
  /** The plan's open conflicts, for the outputs that show them (plan.json, goals.csv). */
  conflicts?: Conflict[]
  /** The other side of a comparison (compare: the older one; version-snapshot: the previous version). */
  other?: RoomSource | null
}

/** A worker's answer. `corrupt`: the stored room failed its checks. */
export type ReadReply = { id: number; ok: true; result: ReadResult } | { id: number; ok: false; corrupt: boolean; message: string }

/** Too many reads are running and waiting: try again shortly. */
export class ReadsBusyError extends Error {
  constructor() {
    super('Too many reads are running and waiting')
  }
}

/** A read that failed in its worker. `corrupt`: the plan's stored state cannot be read. */
export class ReadFailedError extends Error {
  constructor(
    readonly corrupt: boolean,
    message: string
  ) {
    super(message)
  }
}

interface Queued {
  prepare: () => Promise<Omit<ReadRequest, 'id'>>
  resolve: (r: ReadResult) => void
  reject: (e: Error) => void
}

interface Slot {
  worker: Worker
  /** The read it runs; `preparing` while the main thread builds the request. */
  job: { id: number; queued: Queued; timer: NodeJS.Timeout } | 'preparing' | null
  /** Ends the worker once it has been idle for `idleMs` (set while job is null). */
  idle: NodeJS.Timeout | null
}

const transferable = (s: RoomSource | null): ArrayBuffer[] =>
  s?.kind === 'state' && s.update.byteOffset === 0 && s.update.byteLength === s.update.buffer.byteLength ? [s.update.buffer as ArrayBuffer] : []

/** The read workers of one server. Workers start on first use and are ended by close(). */
export class ReadPool {
  private readonly slots: Slot[] = []
  private readonly queue: Queued[] = []
  private nextId = 1
  private closed = false

  /** `file`: the SQLite database the workers read cold rooms from (null: every source is sent as state). */
  constructor(
    private readonly file: string | null,
    private readonly options: ReadPoolOptions
  ) {}

  /**
   * Run a read. `prepare` builds the request when a worker is free (so a
   * loaded room is encoded as late as possible and nothing waits in memory).
   * Throws ReadsBusyError at once when the queue is full.
   */
  run(prepare: () => Promise<Omit<ReadRequest, 'id'>>): Promise<ReadResult> {
    if (this.closed) return Promise.reject(new ReadFailedError(false, 'the server is shutting down'))
    if (this.queue.length >= this.options.maxQueued) throw new ReadsBusyError()
    return new Promise<ReadResult>((resolve, reject) => {
      this.queue.push({ prepare, resolve, reject })
      this.pump()
    })
  }

  /** Worker threads alive now (started on demand, ended when idle or closed). */
  get workerCount(): number {
    return this.slots.length
  }

  /** End every worker; reads still waiting fail. */
  async close(): Promise<void> {
    this.closed = true
    for (const q of this.queue.splice(0)) q.reject(new ReadFailedError(false, 'the server is shutting down'))
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.idle) clearTimeout(s.idle)
        return s.worker.terminate()
      })
    )
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.freeSlot()
      if (!slot) return
      void this.dispatch(slot, this.queue.shift()!)
    }
  }

  private freeSlot(): Slot | null {
    const idle = this.slots.find((s) => s.job === null)
    if (idle) return idle
    if (this.slots.length >= this.options.workers) return null
    const slot = this.spawn()
    this.slots.push(slot)
    return slot
  }

  private async dispatch(slot: Slot, queued: Queued): Promise<void> {
    if (slot.idle) clearTimeout(slot.idle)
    slot.idle = null
    slot.job = 'preparing'
    let request: ReadRequest
    try {
      request = { id: this.nextId++, ...(await queued.prepare()) }
    } catch (e) {
      slot.job = null
      queued.reject(e as Error)
      this.pump()
      this.retireWhenIdle(slot)
      return
    }
    if (!this.slots.includes(slot)) {
      // The worker died or the pool closed while the request was prepared.
      queued.reject(new ReadFailedError(false, 'the read worker stopped'))
      this.pump()
      return
    }
    const timer = setTimeout(() => {
      this.retire(slot, new ReadFailedError(false, `the read took more than ${this.options.timeoutMs / 1000} s`))
      void slot.worker.terminate()
    }, this.options.timeoutMs)
    slot.job = { id: request.id, queued, timer }
    slot.worker.postMessage(request, [...transferable(request.body), ...transferable(request.comments), ...transferable(request.other ?? null)])
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./reads-worker-boot.mjs', import.meta.url), {
      workerData: { file: this.file },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb }
    })
    worker.unref() // idle read workers never keep the process alive
    const slot: Slot = { worker, job: null, idle: null }
    worker.on('message', (reply: ReadReply) => {
      const job = slot.job
      if (job === null || job === 'preparing' || job.id !== reply.id) return
      clearTimeout(job.timer)
      slot.job = null
      if (reply.ok) job.queued.resolve(reply.result)
      else job.queued.reject(new ReadFailedError(reply.corrupt, reply.message))
      this.pump()
      this.retireWhenIdle(slot)
    })
    worker.on('error', (e) => {
      log('error', 'read-worker-error', { error: e.message })
      this.retire(slot, new ReadFailedError(false, `the read worker failed: ${e.message}`))
    })
    worker.on('exit', () => this.retire(slot, new ReadFailedError(false, 'the read worker stopped')))
    return slot
  }

  /** Start the idle clock of a worker that has nothing to do. */
  private retireWhenIdle(slot: Slot): void {
    if (slot.job !== null || this.closed || !this.slots.includes(slot)) return
    if (slot.idle) clearTimeout(slot.idle)
    slot.idle = setTimeout(() => {
      slot.idle = null
      if (slot.job !== null || !this.slots.includes(slot)) return
      this.slots.splice(this.slots.indexOf(slot), 1)
      void slot.worker.terminate()
    }, this.options.idleMs)
    slot.idle.unref()
  }

  /** Take a dead or stuck worker out of the pool, failing the read it ran. */
  private retire(slot: Slot, error: ReadFailedError): void {
    const at = this.slots.indexOf(slot)
    if (at < 0) return
    this.slots.splice(at, 1)
    if (slot.idle) clearTimeout(slot.idle)
    slot.idle = null
    const job = slot.job
    slot.job = null
    if (job && job !== 'preparing') {
      clearTimeout(job.timer)
      job.queued.reject(error)
    }
    if (!this.closed) this.pump()
  }
}
