import type { IncomingMessage, ServerResponse } from 'node:http'

// The one REST refusal (api.ts and the small modules beside it: members, API
// tokens), so the modules need not import api.ts (which calls them).

/** A refusal with its HTTP status; the message is what the client shows. */
export class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

/** Answer with JSON, never cached (bodies may name people and tokens). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

/** Answer 204 No Content. */
export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, { 'cache-control': 'no-store' })
  res.end()
}

/** A JSON request body of at most `limit` bytes, as an object (400 otherwise, 413 when too large). */
export async function readJsonObject(req: IncomingMessage, limit = 16 * 1024): Promise<Record<string, unknown>> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new RequestError(413, 'Request body too large')
    chunks.push(chunk as Buffer)
  }
  let body: unknown
  try {
    body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
  } catch {
    throw new RequestError(400, 'Request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError(400, 'Request body must be a JSON object')
  return body as Record<string, unknown>
}
