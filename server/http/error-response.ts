import type { ServerResponse } from 'node:http'
import { PdfBusyError } from '../export/pdf'
import { log } from '../log'
import { metrics } from '../metrics'
import { ReadFailedError, ReadsBusyError } from '../reads/read-pool'
import { StorageUnavailableError } from '../storage/store'
import { HttpError } from './http-error'

// The one place where errors that are not HttpErrors (a busy read pool or
// PDF queue, a failed read, a bug) are given a REST error code.

/** Seconds a client is asked to wait when the reads or the PDF queue are busy. */
const BUSY_RETRY_AFTER_S = 2

/**
 * The HttpError for anything a REST handler threw: ours as it is, a busy
 * read pool or PDF queue as 503 with `retry-after`, a failed read as 500
 * (logged), anything else as `internal` (logged with the path).
 */
export function toHttpError(e: unknown, path: string): HttpError {
  if (e instanceof HttpError) return e
  if (e instanceof ReadsBusyError || e instanceof PdfBusyError) {
    if (e instanceof ReadsBusyError) metrics.reads_refused_total++
    const busy = new HttpError(e instanceof ReadsBusyError ? 'reads-busy' : 'pdf-busy')
    busy.headers['retry-after'] = String(BUSY_RETRY_AFTER_S)
    return busy
  }
  if (e instanceof StorageUnavailableError) {
    // Logged as a warning: the database is away, not a bug; the client tries again.
    log('warn', 'storage-unavailable', { path, error: e.message })
    const away = new HttpError('storage-unavailable')
    away.headers['retry-after'] = String(BUSY_RETRY_AFTER_S)
    return away
  }
  if (e instanceof ReadFailedError) {
    log('error', 'room-read-failed', { path, error: e.message })
    return new HttpError(e.corrupt ? 'plan-unreadable' : 'read-failed')
  }
  log('error', 'api-error', { path, error: (e as Error).message })
  return new HttpError('internal')
}

/** Answer with an error body (never cached), its status and headers. */
export function sendHttpError(res: ServerResponse, e: HttpError): void {
  res.writeHead(e.status, { ...e.headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(e.toJSON()))
}
