// The REST error vocabulary, shared by server and client like the socket's
// close codes (protocol.ts): the server answers every refusal with
// `{ error: { code, params? }, message }`, the client shows the code in the
// user's language (client/src/i18n/strings.ts `restErrors`) and `message` is
// the English text for developers and curl users, made from the template here.

/** What one REST error is: its HTTP status and an English developer message with `{param}` placeholders. */
export interface HttpErrorSpec {
  status: number
  message: string
}

/** Every REST error code with its HTTP status and developer message. A placeholder names a param. */
export const HTTP_ERRORS = {
  // Who is asking
  unauthorized: { status: 401, message: 'A valid token or session is required' },
  'token-expired': { status: 401, message: 'The link (token) has expired' },
  'access-revoked': { status: 401, message: 'Access was revoked' },
  'token-required': { status: 400, message: 'Send the link token as Authorization: Bearer' },
  forbidden: { status: 403, message: 'This token does not open this plan' },
  'admin-only': { status: 403, message: 'Only administrators may {action}' },
  // The request itself
  'not-found': { status: 404, message: 'No such API path' },
  'method-not-allowed': { status: 405, message: 'Method not allowed here' },
  'body-too-large': { status: 413, message: 'Request body is larger than {limit} bytes' },
  'invalid-json': { status: 400, message: 'Request body is not a JSON object' },
  'invalid-field': { status: 400, message: 'Field {field} is missing or not valid' },
  'unknown-field': { status: 400, message: 'Unknown field "{field}"' },
  'field-too-long': { status: 400, message: 'Field {field} is longer than {limit} characters' },
  'no-change': { status: 400, message: 'Send at least one of {fields}' },
  'invalid-plan-id': { status: 400, message: '"{plan}" is not a valid plan id' },
  // Plans
  'plan-not-found': { status: 404, message: 'No plan {plan}' },
  'plan-deleted': { status: 404, message: 'Plan {plan} is deleted; restore it first' },
  'plan-not-deleted': { status: 409, message: 'Plan {plan} is not deleted' },
  'restore-expired': { status: 410, message: 'Deleted more than {days} days ago; it can no longer be restored' },
  'plan-exists': { status: 409, message: 'A plan with id {plan} already exists' },
  'plan-not-stored': { status: 503, message: 'The change could not be stored right now' },
  'plan-unreadable': { status: 500, message: 'The stored state of this plan cannot be read' },
  'read-failed': { status: 500, message: 'The plan could not be read; try again' },
  'reads-busy': { status: 503, message: 'Too many reads are waiting; try again shortly' },
  'storage-unavailable': { status: 503, message: 'The database does not answer; nothing was changed. Try again shortly' },
  // Exports
  'pdf-busy': { status: 503, message: 'Too many PDF exports are running; try again shortly' },
  'export-failed': { status: 500, message: 'The {format} export failed: {reason}' },
  // Sharing: invitations, members, API tokens
  'invite-not-found': { status: 404, message: 'No such invitation for this plan' },
  'invite-revoked': { status: 409, message: 'The invitation is revoked and cannot be changed' },
  'own-access': { status: 409, message: 'You cannot change your own access' },
  'user-not-signed-in': { status: 404, message: 'No such user has signed in yet' },
  'email-ambiguous': { status: 409, message: 'Several users have this email; give the user id' },
  'member-not-found': { status: 404, message: 'No such member of this plan' },
  'api-token-not-found': { status: 404, message: 'No such API token' },
  // Concurrent field edits (conflicts)
  'editors-only': { status: 403, message: 'Only editors and administrators may {action}' },
  'conflict-not-found': { status: 404, message: 'No such conflict in this plan' },
  'conflict-value-not-current': { status: 409, message: 'That is not the current value; choose it in the editor' },
  // Versions
  'version-not-found': { status: 404, message: 'No such version of this plan' },
  // Imports
  'import-too-large': { status: 413, message: 'The file is larger than {limitMb} MiB' },
  'import-unpacks-too-large': { status: 413, message: 'The .docx unpacks to more than {limitMb} MiB' },
  'import-needs-memory': { status: 413, message: 'The file needs more memory than an import may use' },
  'import-too-slow': { status: 400, message: 'Reading the file took more than {seconds} seconds' },
  'import-empty': { status: 400, message: 'The file is empty' },
  'import-binary': { status: 400, message: 'The file contains binary data, not text' },
  'import-legacy-doc': { status: 415, message: 'Legacy .doc files are not supported; save as .docx' },
  'import-pdf': { status: 415, message: 'PDF files cannot be imported' },
  'import-unsupported-type': { status: 415, message: 'Unsupported file type "{type}"; use .docx, .md or .txt' },
  'import-not-docx': { status: 400, message: 'The file is named .docx but is not a Word document (not a zip)' },
  'import-zip-not-docx': { status: 400, message: 'The file is a zip archive but not a .docx (word/document.xml is missing)' },
  'import-damaged-docx': { status: 400, message: 'The file is not a readable .docx (damaged zip)' },
  'import-unreadable': { status: 400, message: 'The .docx could not be read: {reason}' },
  // Anything else
  internal: { status: 500, message: 'Internal error' }
} as const satisfies Record<string, HttpErrorSpec>

/** A REST error code. */
export type HttpErrorCode = keyof typeof HTTP_ERRORS

/** The `{name}` placeholders of a template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never

/** The params a code carries: one per placeholder of its message. */
export type HttpErrorParams<C extends HttpErrorCode> = { [K in Placeholders<(typeof HTTP_ERRORS)[C]['message']>]: string | number }

/** The error part of every REST error body. */
export interface HttpErrorJson {
  code: string
  params?: Record<string, string | number>
}

/** The body of every REST error response: the code for programs, an English message for people reading raw responses. */
export interface HttpErrorBody {
  error: HttpErrorJson
  message: string
}

/** Whether `code` is one of ours (a newer server may send codes an older client does not know). */
export const isHttpErrorCode = (code: unknown): code is HttpErrorCode => typeof code === 'string' && Object.hasOwn(HTTP_ERRORS, code)

/** Fill `{name}` placeholders from `params`; an unknown one stays as written. */
export function fillPlaceholders(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : all))
}

/** The placeholder names a template uses. */
export const placeholdersOf = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)

/** A REST error body, or null when `body` is not one (an old server's `{ error: string }`, a proxy's HTML page). */
export function readHttpErrorBody(body: unknown): HttpErrorBody | null {
  if (typeof body !== 'object' || body === null) return null
  const { error, message } = body as { error?: unknown; message?: unknown }
  if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'string') return null
  const raw = (error as { params?: unknown }).params
  const params: Record<string, string | number> = {}
  if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string' || typeof v === 'number') params[k] = v
  }
  return {
    error: { code: (error as { code: string }).code, ...(Object.keys(params).length ? { params } : {}) },
    message: typeof message === 'string' ? message : ''
  }
}
