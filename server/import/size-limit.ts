import { HttpError } from '../http/http-error'

// Apart from read-file.ts, so the upload endpoint can check the size without loading the readers.

/** Largest file accepted for import (Word files with images run to a few MiB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** The error for a file over MAX_IMPORT_BYTES. */
export const tooLarge = (): HttpError => new HttpError('import-too-large', { limitMb: MAX_IMPORT_BYTES / 1024 / 1024 })
