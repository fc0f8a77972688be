import { Close, GROUPS, ROLES, isOneOf, type Group, type HttpErrorCode, type Role } from '../../schema'
import { responseError } from './transfer/rest-error'

// A link carries its token once (?token=…). The page exchanges it for a
// session cookie (HttpOnly: scripts on the page cannot read it) and removes
// it from the address bar, so copying any address of the app never copies
// access. Sockets and fetches then send the cookie by themselves. Who I am
// (name, role: no secret) is remembered so the app still opens offline.

/** Who this browser is signed in as (from the server; shapes the UI, the server enforces). */
export interface Me {
  plan: string
  role: Role
  group: Group
  name: string
  exp: number
  sub?: string
  /** Signed in with the organisation's provider (not a link): plans open through memberships. */
  signedIn?: boolean
}

/**
 * The REST codes (schema/http-errors.ts) that keep a page from opening at
 * all; each gets a page of its own saying what happened and what to do.
 */
export const PAGE_ERROR_CODES = [
  'unauthorized',
  'token-expired',
  'access-revoked',
  'forbidden',
  'plan-not-found',
  'plan-deleted',
  'invalid-plan-id',
  'not-found'
] as const satisfies readonly HttpErrorCode[]

/** Why a page cannot open: a REST code, no link at all (and no session), or no network. */
export type SessionProblem = (typeof PAGE_ERROR_CODES)[number] | 'no-link' | 'offline'

/**
 * The page for a plan whose socket was closed for good before anything of it
 * could be shown, by the close reason (schema/protocol.ts: the access reasons
 * are named like the REST codes); null when the editor should stay and say why.
 */
export function problemOfClose(reason: string): SessionProblem | null {
  if (reason === Close.NotFound.reason) return 'plan-not-found'
  if (reason === Close.BadRequest.reason) return 'invalid-plan-id'
  return isOneOf(PAGE_ERROR_CODES, reason) ? reason : null
}

const ME_KEY = 'faellesplan.me'
/** Where earlier versions kept the token itself: exchanged once, then removed. */
const OLD_TOKEN_KEY = 'faellesplan.token'

const isMe = (v: unknown): v is Me => {
  const m = v as Partial<Me> | null
  return !!m && typeof m.name === 'string' && typeof m.plan === 'string' && isOneOf(ROLES, m.role) && isOneOf(GROUPS, m.group)
}

/** The problem a refused /api/session call names; without a link in the address, "unauthorized" means none was given. */
const problemOf = async (res: Response, hadLink: boolean): Promise<SessionProblem> => {
  const { code } = await responseError(res)
  if (code === 'unauthorized' && !hadLink) return 'no-link'
  if (isOneOf(PAGE_ERROR_CODES, code)) return code
  return res.status === 403 ? 'forbidden' : 'unauthorized'
}

/** Remove `token` from the address bar without a reload (and without a history entry that keeps it). */
function dropTokenFromAddress(): void {
  const url = new URL(location.href)
  if (!url.searchParams.has('token')) return
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}

/**
 * Establish who this browser is: exchange a link's token if there is one,
 * else ask the server, else (offline) remember. With a plan id, who I am in
 * that plan (a signed-in person's role differs from plan to plan).
 * `onCredentials` is called as soon as the browser holds the cookie it will
 * have (after the link's exchange, before asking who I am in the plan), so a
 * plan's sockets need not wait for the rest.
 */
export async function startSession(
  planId: string | null = null,
  onCredentials: () => void = () => undefined
): Promise<{ me: Me } | { problem: SessionProblem }> {
  const sessionUrl = planId === null ? '/api/session' : `/api/session?plan=${encodeURIComponent(planId)}`
  const fromUrl = new URLSearchParams(location.search).get('token') ?? localStorage.getItem(OLD_TOKEN_KEY)
  try {
    if (fromUrl) {
      const res = await fetch('/api/session', { method: 'POST', headers: { authorization: `Bearer ${fromUrl}` }, cache: 'no-store' }).finally(onCredentials)
      dropTokenFromAddress()
      localStorage.removeItem(OLD_TOKEN_KEY)
      if (!res.ok) {
        // A link that no longer works may still leave an older session in place.
        const problem = await problemOf(res, true)
        const again = await fetch(sessionUrl, { cache: 'no-store' })
        return again.ok ? remember((await again.json()) as { me: unknown }) : { problem }
      }
      if (planId !== null) {
        // The link's own claims; in the plan asked for they may be none.
        const inPlan = await fetch(sessionUrl, { cache: 'no-store' })
        return inPlan.ok ? remember((await inPlan.json()) as { me: unknown }) : { problem: await problemOf(inPlan, true) }
      }
      return remember((await res.json()) as { me: unknown })
    }
    onCredentials()
    const res = await fetch(sessionUrl, { cache: 'no-store' })
    if (!res.ok) return { problem: await problemOf(res, false) }
    return remember((await res.json()) as { me: unknown })
  } catch {
    // No network: the app still opens what it has offline, as the person it last was.
    dropTokenFromAddress()
    const cached = JSON.parse(localStorage.getItem(ME_KEY) ?? 'null') as unknown
    return isMe(cached) ? { me: cached } : { problem: 'offline' }
  }
}

function remember(body: { me: unknown }): { me: Me } | { problem: SessionProblem } {
  if (!isMe(body.me)) return { problem: 'unauthorized' }
  localStorage.setItem(ME_KEY, JSON.stringify(body.me))
  return { me: body.me }
}

/**
 * The path (and query) of an address the server returned, on this page's own
 * origin: the server names itself by PUBLIC_URL, and the session cookie
 * belongs to the host this page came from.
 */
export function sameOriginPath(url: string): string {
  const u = new URL(url, location.href)
  return u.pathname + u.search + u.hash
}

/** Whether this server offers sign-in with the organisation's provider (else links only). */
export async function signInOffered(): Promise<boolean> {
  try {
    const res = await fetch('/auth/methods', { cache: 'no-store' })
    return res.ok && ((await res.json()) as { oidc?: unknown }).oidc === true
  } catch {
    return false
  }
}

/** Where the sign-in button goes: the provider, then back to this page. */
export const signInHref = (): string => `/auth/login?return=${encodeURIComponent(location.pathname)}`

/** Sign out: the server ends the session and clears the cookie. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined)
  localStorage.removeItem(ME_KEY)
  location.assign('/')
}
