import { Worker } from 'node:worker_threads'
import { Node as PMNode } from 'prosemirror-model'
import { planSchema, type HttpErrorCode } from '../../schema'
import type { ImportReview, ImportSource } from '../../schema/import'
import { log } from '../log'
import { HttpError } from '../http/http-error'
import type { ImportPreview } from './import-plan'

// Imports for the HTTP server run in one worker thread, kept for reuse: a
// large Word file takes mammoth seconds of synchronous work, which on the
// main thread would hold up every room's sync. The worker has a memory cap
// and each import a time limit; a worker that dies or overruns is ended and
// the next import starts a fresh one. The CLI calls previewImport directly.

/** A request to the worker. */
export interface WorkerRequest {
  id: number
  bytes: Uint8Array
  filename: string
  contentType?: string
  title?: string
}

/** The worker's answer: the preview (doc as JSON), or the error to show. */
export type WorkerReply =
  | { id: number; ok: true; title: string; municipality: string; period: string; review: ImportReview; doc: unknown; source: ImportSource }
  /** `code`: the HttpError the worker threw (its params cross the thread as they are), null for any other error. */
  | { id: number; ok: false; code: HttpErrorCode | null; params: Record<string, string | number>; message: string }

/** How long one import may take before the worker is ended. */
export const IMPORT_TIME_LIMIT_MS = 60_000
/** Default heap cap of the import worker (ServerOptions.importHeapMb). */
export const DEFAULT_IMPORT_HEAP_MB = 768

// One worker per heap cap (one in a server; tests run servers with different caps in one process).
const workers = new Map<number, Worker>()
let nextId = 1
const pending = new Map<number, { worker: Worker; resolve: (r: WorkerReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()

function failAll(w: Worker, error: Error): void {
  for (const [id, p] of pending) {
    if (p.worker !== w) continue
    clearTimeout(p.timer)
    p.reject(error)
    pending.delete(id)
  }
}

function forget(heapMb: number, w: Worker): void {
  if (workers.get(heapMb) === w) workers.delete(heapMb)
}

function getWorker(heapMb: number): Worker {
  const existing = workers.get(heapMb)
  if (existing) return existing
  // The heap cap bounds what mammoth and the recogniser may build; past it V8
  // ends this worker (ERR_WORKER_OUT_OF_MEMORY), never the server.
  const w = new Worker(new URL('./import-worker-boot.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: heapMb } })
  w.unref() // an idle import worker never keeps the process alive
  w.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id)
    if (!p) return
    clearTimeout(p.timer)
    pending.delete(reply.id)
    p.resolve(reply)
  })
  w.on('error', (e) => {
    log('error', 'import-worker-error', { error: e.message })
    forget(heapMb, w)
    failAll(w, new HttpError('import-needs-memory').because(e))
  })
  w.on('exit', () => {
    forget(heapMb, w)
    failAll(w, new Error('import worker exited'))
  })
  workers.set(heapMb, w)
  return w
}

/** Read and recognise a file in the import worker. Same result and errors as previewImport. */
export async function previewInWorker(
  bytes: Uint8Array,
  filename: string,
  options: { contentType?: string; title?: string; heapMb?: number } = {}
): Promise<ImportPreview> {
  const id = nextId++
  const { heapMb = DEFAULT_IMPORT_HEAP_MB, ...fileOptions } = options
  const w = getWorker(heapMb)
  const reply = await new Promise<WorkerReply>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id)
      reject(new HttpError('import-too-slow', { seconds: IMPORT_TIME_LIMIT_MS / 1000 }))
      // The conversion may be stuck in a loop: end it. Other imports in flight fail with it and can be retried.
      forget(heapMb, w)
      void w.terminate()
    }, IMPORT_TIME_LIMIT_MS)
    pending.set(id, { worker: w, resolve, reject, timer })
    const request: WorkerRequest = { id, bytes, filename, ...fileOptions }
    w.postMessage(request)
  })
  if (!reply.ok) {
    if (reply.code !== null) throw HttpError.rebuilt(reply.code, reply.params)
    throw new Error(reply.message)
  }
  return {
    title: reply.title,
    municipality: reply.municipality,
    period: reply.period,
    review: reply.review,
    doc: PMNode.fromJSON(planSchema, reply.doc),
    source: reply.source
  }
}
