import { HTTP_ERRORS, fillPlaceholders, type HttpErrorBody, type HttpErrorCode, type HttpErrorParams } from '../../schema'

// The one REST refusal. Its code and status come from schema/http-errors.ts,
// so the client can say in the user's language what went wrong; readers,
// the import worker and plan management throw it directly, and the few
// errors that are not ours become one in error-response.ts `toHttpError`.
// No Node imports here: the import worker thread throws it too.

/** Args after the code: the params object when the code's message has placeholders, nothing otherwise. */
type ParamsArg<C extends HttpErrorCode> = [keyof HttpErrorParams<C>] extends [never] ? [] : [params: HttpErrorParams<C>]

/** A REST refusal: a code from HTTP_ERRORS, its params (typed by the code's placeholders), and the status and English message they give. */
export class HttpError<C extends HttpErrorCode = HttpErrorCode> extends Error {
  readonly status: number
  readonly params: Readonly<Record<string, string | number>>
  /** Extra response headers (`retry-after`). */
  readonly headers: Record<string, string> = {}

  constructor(
    readonly code: C,
    ...args: ParamsArg<C>
  ) {
    const params: Record<string, string | number> = args[0] ?? {}
    super(fillPlaceholders(HTTP_ERRORS[code].message, params))
    this.status = HTTP_ERRORS[code].status
    this.params = params
  }

  /** Rebuild an HttpError sent across a thread (the import worker's): its params were checked where it was made. */
  static rebuilt(code: HttpErrorCode, params: Record<string, string | number>): HttpError {
    return new HttpError(code, ...([params] as unknown as ParamsArg<HttpErrorCode>))
  }

  /** Keep what caused this refusal (for logs and debuggers); returns this. */
  because(cause: unknown): this {
    ;(this as { cause?: unknown }).cause = cause
    return this
  }

  /** The response body: `{ error: { code, params? }, message }`. */
  toJSON(): HttpErrorBody {
    return { error: { code: this.code, ...(Object.keys(this.params).length ? { params: { ...this.params } } : {}) }, message: this.message }
  }
}
