import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, tightenIfPresent } from '../storage/private-files'
import { GROUPS, ROLES, isOneOf, isValidPlanId, type TokenClaims } from '../../schema'

// Tokens are `base64url(JSON claims).base64url(HMAC-SHA256)`, signed with a
// secret created once in DATA_DIR. No session state: every socket and every
// HTTP request carries and re-checks its token.

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url')

/** Read the signing secret from DATA_DIR, creating it (mode 600) on first use. */
export function loadSecret(dataDir: string): Buffer {
  ensurePrivateDir(dataDir)
  const file = join(dataDir, 'token-secret')
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' })
  else tightenIfPresent(file)
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
}

/** A token's `exp` (seconds since the epoch) for a validity of `days` (fractions allowed) from `now`. */
export const expiryAfterDays = (days: number, now = Date.now()): number => Math.floor(now / 1000) + Math.round(days * 86400)

/** Sign claims into a token. */
export function signToken(secret: Buffer, claims: TokenClaims): string {
  const body = b64(JSON.stringify(claims))
  return `${body}.${b64(createHmac('sha256', secret).update(body).digest())}`
}

/** Why a token was refused. */
export type TokenError = 'missing' | 'malformed' | 'bad-signature' | 'expired'

/** Verify a token's signature, shape and expiry. */
export function verifyToken(secret: Buffer, token: string | null | undefined, now = Date.now()): { claims: TokenClaims } | { error: TokenError } {
  if (!token) return { error: 'missing' }
  const parts = token.split('.')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { error: 'malformed' }
  const expected = createHmac('sha256', secret).update(parts[0]).digest()
  const given = Buffer.from(parts[1], 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'bad-signature' }
  let c: Partial<TokenClaims>
  try {
    c = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Partial<TokenClaims>
  } catch {
    return { error: 'malformed' }
  }
  const planOk = c.plan === '*' ? c.role === 'admin' : isValidPlanId(c.plan)
  if (!planOk || !isOneOf(ROLES, c.role) || !isOneOf(GROUPS, c.group) || typeof c.name !== 'string' || typeof c.exp !== 'number') return { error: 'malformed' }
  if (c.sub !== undefined && !(typeof c.sub === 'string' && c.sub.length > 0 && c.sub.length <= 64)) return { error: 'malformed' }
  if (c.exp * 1000 < now) return { error: 'expired' }
  return { claims: c as TokenClaims }
}

/** Whether the claims open this plan. */
export const tokenOpensPlan = (claims: TokenClaims, planId: string): boolean => claims.plan === '*' || claims.plan === planId
