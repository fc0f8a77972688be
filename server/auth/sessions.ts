import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { TokenClaims } from '../../schema'
import type { Store } from '../storage/store'
import { fromInvite } from './access'

// A browser exchanges the link it was sent for a session once: the server
// sets an HttpOnly cookie and the client drops the token from the address
// bar, so no address the app shows or builds ever carries access. Sockets
// and REST calls from the page then authenticate with the cookie. Scripts
// keep using `Authorization: Bearer <token>`.
//
// The cookie value is 32 random bytes; only its SHA-256 is stored, so the
// database alone opens nothing. A session lives as long as the link it was
// opened with (its `exp`) and ends when that invitation is revoked or the
// person signs out.

export const SESSION_COOKIE = 'fp_session'

const hash = (value: string) => createHash('sha256').update(value).digest('hex')

/** Open a session for verified claims; returns the Set-Cookie header value. */
export async function openSession(store: Store, claims: TokenClaims, secure: boolean, now = Date.now()): Promise<{ cookie: string; id: string }> {
  const value = randomBytes(32).toString('base64url')
  const id = hash(value)
  await store.createSession({
    id,
    // A signed-in person's `sub` is their user id, not an invitation.
    inviteId: claims.user === undefined ? (claims.sub ?? null) : null,
    claims: JSON.stringify(claims),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    revokedAt: null
  })
  // The cookie outlives the session by a month so that, once the link has
  // expired, the server can say so instead of "no access" (the value opens
  // nothing after `exp`: the server checks it).
  const maxAge = Math.max(0, claims.exp - Math.floor(now / 1000)) + 30 * 86400
  return { cookie: cookieHeader(value, maxAge, secure), id }
}

/** The Set-Cookie value that ends the session in the browser. */
export const clearedCookie = (secure: boolean): string => cookieHeader('', 0, secure)

const cookieHeader = (value: string, maxAge: number, secure: boolean): string =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`

/** The session cookie's value in a request, if any. */
export function sessionCookie(req: IncomingMessage): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || null
  }
  return null
}

/** The live session a request carries: its id and claims, or why there is none. */
export async function sessionOf(
  store: Store,
  req: IncomingMessage,
  now = Date.now()
): Promise<{ id: string; claims: TokenClaims } | { error: 'missing' | 'expired' | 'revoked' }> {
  const value = sessionCookie(req)
  if (!value || value.length > 100) return { error: 'missing' }
  const id = hash(value)
  const row = await store.getLiveSession(id)
  if (!row) return { error: 'revoked' }
  const opened = JSON.parse(row.claims) as TokenClaims
  if (opened.exp * 1000 < now) return { error: 'expired' }
  // The invitation row, not the session's copy, says what the person may do now.
  const invite = row.inviteId === null ? null : await store.getInvite(row.inviteId)
  if (row.inviteId !== null && !invite) return { error: 'revoked' }
  return { id, claims: invite ? fromInvite(opened, invite) : opened }
}

/** Whether a cookie-authenticated WebSocket comes from our own pages (cross-site WebSocket hijacking). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (!origin) return true // not a browser: scripts carry tokens, not our cookie
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}
