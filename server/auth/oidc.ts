import { randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as client from 'openid-client'
import type { TokenClaims } from '../../schema'
import { log } from '../log'
import type { Store } from '../storage/store'
import { SECURITY_HEADERS } from '../http/static'
import { openSession } from './sessions'
import { expiryAfterDays } from './tokens'

// Sign-in with the organisation's OpenID Connect provider (Microsoft Entra ID
// is the common case): the authorization code flow with PKCE, state and
// nonce. The provider says who someone is; what they may do in a plan is in
// our own `members` table (see plan-access.ts). The only role taken from the
// provider is "administrator of every plan", and only when the operator maps
// a claim value to it (OIDC_ROLE_CLAIM, OIDC_ADMIN_VALUE).

/** How to reach the provider. Without it (the default) the app has invite links only. */
export interface OidcOptions {
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string
  clientId: string
  clientSecret: string
  /** Where the provider sends the browser back; default `<PUBLIC_URL>/auth/callback`. */
  redirectUri?: string
  /** A claim (ID token or userinfo) listing the person's roles at the provider, e.g. `roles` in Entra ID. */
  roleClaim?: string
  /** The value of `roleClaim` that makes someone administrator of every plan. */
  adminValue: string
  /** How long a sign-in lasts before the provider is asked again. */
  sessionHours: number
}

/** What the /auth routes need from the server. */
export interface AuthContext {
  store: Store
  oidc: OidcOptions | null
  publicUrl: () => string
}

/** Logins begun and not yet finished (state, nonce, PKCE verifier), by the random id in the login cookie. */
interface PendingLogin {
  state: string
  nonce: string
  verifier: string
  returnTo: string
  expires: number
}

const LOGIN_COOKIE = 'fp_login'
const LOGIN_TTL_MS = 10 * 60_000
// Bounded: anyone can start a login, and each one held costs memory.
const MAX_PENDING = 2000

/** The /auth routes of one server: GET /auth/methods, /auth/login, /auth/callback. */
export function authRoutes(ctx: AuthContext): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const pending = new Map<string, PendingLogin>()
  let discovered: Promise<client.Configuration> | null = null

  const configuration = (o: OidcOptions): Promise<client.Configuration> => {
    discovered ??= (async () => {
      const issuer = new URL(o.issuer)
      // Plain http only to a provider on this machine (tests, a local test provider); anything else must be https.
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
      return client.discovery(
        issuer,
        o.clientId,
        o.clientSecret,
        undefined,
        issuer.protocol === 'http:' && loopback ? { execute: [client.allowInsecureRequests] } : undefined
      )
    })()
    // A provider that was down must not stay "down" in our cache: the next login tries again.
    discovered.catch(() => (discovered = null))
    return discovered
  }

  const secure = () => ctx.publicUrl().startsWith('https:')
  const redirectUri = (o: OidcOptions) => o.redirectUri ?? `${ctx.publicUrl()}/auth/callback`

  const login = async (o: OidcOptions, res: ServerResponse, url: URL): Promise<void> => {
    const config = await configuration(o)
    const now = Date.now()
    for (const [id, p] of pending) if (p.expires < now || pending.size >= MAX_PENDING) pending.delete(id)
    const verifier = client.randomPKCECodeVerifier()
    const login: PendingLogin = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier,
      returnTo: safeReturn(url.searchParams.get('return')),
      expires: now + LOGIN_TTL_MS
    }
    const id = randomBytes(24).toString('base64url')
    pending.set(id, login)
    const target = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(o),
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce
    })
    res.writeHead(303, { location: target.href, 'set-cookie': loginCookie(id, LOGIN_TTL_MS / 1000, secure()), 'cache-control': 'no-store' })
    res.end()
  }

  const callback = async (o: OidcOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const id = cookieValue(req, LOGIN_COOKIE)
    const login = id ? pending.get(id) : undefined
    if (id) pending.delete(id) // one use, whatever happens next
    if (!login || login.expires < Date.now()) return page(res, 400, 'Login-forsøget er udløbet eller blev ikke startet her. Prøv igen.', true)
    if (url.searchParams.has('error')) {
      log('warn', 'oidc-refused', { error: url.searchParams.get('error')?.slice(0, 100) })
      return page(res, 401, 'Log-ind blev afvist af din organisations log-ind-tjeneste.', true)
    }
    const config = await configuration(o)
    const current = new URL(redirectUri(o))
    current.search = url.search
    let tokens
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true
      })
    } catch (e) {
      log('warn', 'oidc-callback-failed', { error: (e as Error).message.slice(0, 200) })
      return page(res, 400, 'Log-ind kunne ikke gennemføres. Prøv igen.', true)
    }
    let claims: Record<string, unknown> = { ...tokens.claims()! }
    // Entra ID and others may leave name, e-mail or roles out of the ID token: ask userinfo then.
    if (typeof claims.name !== 'string' || typeof claims.email !== 'string' || (o.roleClaim && claims[o.roleClaim] === undefined)) {
      try {
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub as string)), ...claims }
      } catch (e) {
        log('warn', 'oidc-userinfo-failed', { error: (e as Error).message.slice(0, 200) })
      }
    }
    const now = new Date().toISOString()
    const email = typeof claims.email === 'string' ? claims.email.slice(0, 200) : null
    const name = (typeof claims.name === 'string' && claims.name.trim()) || email || String(claims.sub)
    const user = await ctx.store.upsertUser({
      id: randomUUID(),
      issuer: config.serverMetadata().issuer,
      subject: String(claims.sub),
      email,
      name: name.slice(0, 100),
      createdAt: now,
      lastLoginAt: now
    })
    const roles = o.roleClaim ? claims[o.roleClaim] : undefined
    const orgAdmin = Array.isArray(roles) ? roles.includes(o.adminValue) : roles === o.adminValue
    // `plan: ''` opens nothing by itself: a plan opens through a member row (plan-access.ts).
    const session: TokenClaims = {
      plan: orgAdmin ? '*' : '',
      role: orgAdmin ? 'admin' : 'viewer',
      group: 'administration',
      name: user.name,
      exp: expiryAfterDays(o.sessionHours / 24),
      sub: user.id,
      user: user.id
    }
    const { cookie } = await openSession(ctx.store, session, secure())
    log('info', 'signed-in', { user: user.id, admin: orgAdmin })
    res.writeHead(303, { location: login.returnTo, 'set-cookie': [cookie, loginCookie('', 0, secure())], 'cache-control': 'no-store' })
    res.end()
  }

  return async (req, res, url) => {
    try {
      if (url.pathname === '/auth/methods' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
        return void res.end(JSON.stringify({ oidc: ctx.oidc !== null }))
      }
      if (req.method !== 'GET') return void res.writeHead(405, SECURITY_HEADERS).end()
      if (url.pathname !== '/auth/login' && url.pathname !== '/auth/callback') return void res.writeHead(404, SECURITY_HEADERS).end()
      if (!ctx.oidc) return page(res, 404, 'Log-ind med organisationens konto er ikke sat op på denne server. Brug det link, du har fået.', false)
      if (url.pathname === '/auth/login') return await login(ctx.oidc, res, url)
      return await callback(ctx.oidc, req, res, url)
    } catch (e) {
      // catch: an unreachable or misbehaving provider gets a plain page, never a crash
      log('error', 'oidc-error', { path: url.pathname, error: (e as Error).message.slice(0, 200) })
      if (!res.headersSent) page(res, 502, 'Din organisations log-ind-tjeneste svarer ikke. Prøv igen om lidt.', true)
      else res.end()
    }
  }
}

/** Only a path on this site (never `//host` or a full URL): the return address must not send anyone elsewhere. */
function safeReturn(value: string | null): string {
  return value && /^\/(?!\/)[^\\\s]*$/.test(value) && !value.includes('token=') ? value : '/'
}

const loginCookie = (value: string, maxAge: number, secure: boolean): string =>
  `${LOGIN_COOKIE}=${value}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null
  }
  return null
}

/** A plain Danish page (no script) with a way back. */
function page(res: ServerResponse, status: number, message: string, retry: boolean): void {
  const link = retry ? '<p><a href="/auth/login">Prøv at logge ind igen</a> · <a href="/">Til forsiden</a></p>' : '<p><a href="/">Til forsiden</a></p>'
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(
    `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Fællesplan – log ind</title></head><body><main><h1>Fællesplan</h1><p role="alert">${message}</p>${link}</main></body></html>`
  )
}
