import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './http-error'

// Answers and request bodies shared by the REST handlers.

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

/** A JSON request body of at most `limit` bytes, as an object (an empty body is `{}`); `invalid-json` otherwise, `body-too-large` past the limit. */
export async function readJsonObject(req: IncomingMessage, limit = 16 * 1024): Promise<Record<string, unknown>> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new HttpError('body-too-large', { limit })
    chunks.push(chunk as Buffer)
  }
  let body: unknown
  try {
    body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
  } catch {
    throw new HttpError('invalid-json')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError('invalid-json')
  return body as Record<string, unknown>
}
