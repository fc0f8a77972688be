import { createReadStream, existsSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8'
}

/** Headers every page gets: no inline scripts, no framing, nothing loaded from elsewhere. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer'
}

/**
 * Percent-decode a URL path, or null when it is not valid percent-encoding.
 * decodeURIComponent throws on input such as `%E0%A4%A`; unguarded, one such
 * request took the whole process down.
 */
export function safeDecode(path: string): string | null {
  try {
    return decodeURIComponent(path)
  } catch {
    return null
  }
}

/**
 * Serve the built client from `root`. Paths that are not files get
 * index.html (the app routes itself); paths escaping the root get 404.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  if (!existsSync(join(root, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(
      'Klienten er ikke bygget endnu. Kør "npm start" (bygger den) eller "npm run build".\nThe client is not built yet: run "npm start" or "npm run build".\n'
    )
    return
  }
  const decoded = safeDecode(pathname)
  let file = decoded === null ? '' : normalize(join(root, decoded))
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(404).end()
    return
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
  const type = TYPES[extname(file)] ?? 'application/octet-stream'
  // Hashed assets never change; the shell and the service worker must be revalidated.
  const immutable = file.includes(`${sep}assets${sep}`)
  res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...SECURITY_HEADERS })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file).pipe(res)
}
