/**
 * A file that cannot be imported, with the HTTP status and the message
 * (Danish / English) the user should see. Readers throw it; the endpoint and
 * the CLI show it.
 */
export class ImportFileError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
  }
}
