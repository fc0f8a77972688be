import { GROUPS, ROLES, isOneOf, type TokenClaims } from '../../schema'

// The token arrives in the link (?token=…). It is kept in localStorage so the
// app can reopen offline and move between plan list and plan. The claims are
// read here only to shape the UI; the server checks the signature every time.

const KEY = 'faellesplan.token'

/** The token from the URL (remembered) or from an earlier visit. */
export function currentToken(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) {
    localStorage.setItem(KEY, fromUrl)
    return fromUrl
  }
  return localStorage.getItem(KEY)
}

/** The token's claims, unverified (for display and for disabling controls). */
export function readClaims(token: string): TokenClaims | null {
  try {
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as TokenClaims
    return isOneOf(ROLES, json.role) && isOneOf(GROUPS, json.group) ? json : null
  } catch {
    return null
  }
}

/** A colour per person, stable across sessions, dark enough for white text (WCAG AA). */
export function colourFor(name: string): string {
  const palette = ['#1f5fbf', '#a33a00', '#0f7a3f', '#8a2be2', '#b0006e', '#006b7a', '#7a5c00', '#b3261e', '#3f51b5', '#00695c']
  let h = 0
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return palette[h % palette.length]!
}
