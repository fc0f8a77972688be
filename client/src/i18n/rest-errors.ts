import { fillPlaceholders, isHttpErrorCode } from '../../../schema'
import { RestError } from '../transfer/rest-error'
import type { Strings } from './strings'

// The one place a failed REST call becomes words for the user, as close
// reasons do for the socket: the code in the user's language, else the
// server's own message, else the status.

/** What to tell the user about `e` (a RestError, a network failure, or any other error). */
export function restErrorText(strings: Strings, e: unknown): string {
  if (e instanceof RestError) {
    return e.code !== null && isHttpErrorCode(e.code) ? fillPlaceholders(strings.restErrors[e.code], e.params) : e.message
  }
  // fetch rejects with a TypeError when the network failed.
  if (e instanceof TypeError) return strings.networkError
  return e instanceof Error ? e.message : String(e)
}
