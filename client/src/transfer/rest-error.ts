import { readHttpErrorBody } from '../../../schema'

// A refused REST call as the client keeps it: the server's code and params
// (schema/http-errors.ts), shown to the user in their language by
// i18n/rest-errors.ts `restErrorText` when it is displayed.

/** A REST call the server refused. `code` is null when the answer was not ours (a proxy's error page). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly params: Readonly<Record<string, string | number>>,
    message: string
  ) {
    super(message)
  }
}

/** The RestError for an error answer's status and body text; without our body, the message is the status line. */
export function restErrorOf(status: number, statusText: string, bodyText: string): RestError {
  let body: unknown = null
  try {
    body = JSON.parse(bodyText)
  } catch {
    /* not JSON: the status line below */
  }
  const ours = readHttpErrorBody(body)
  const statusLine = `HTTP ${status} ${statusText}`.trim()
  if (ours) return new RestError(status, ours.error.code, ours.error.params ?? {}, ours.message || statusLine)
  return new RestError(status, null, {}, statusLine)
}

/** The RestError for a fetch Response that is not ok (reads its body). */
export async function responseError(res: Response): Promise<RestError> {
  return restErrorOf(res.status, res.statusText, await res.text().catch(() => ''))
}

/** The JSON body of a fetch Response, or its RestError thrown when it is not ok. */
export async function jsonOrThrow<T>(res: Response): Promise<T> {
  if (!res.ok) throw await responseError(res)
  return (res.status === 204 ? null : await res.json()) as T
}
