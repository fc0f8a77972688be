// Matching a request to a row of a route table (api.ts ROUTES). Pure: no
// Node APIs, so it is tested on its own and any table can use it.

/** The HTTP methods the REST API answers. */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** What a route row needs for matching: a method and a path pattern such as `/api/plans/:plan/invites/:invite`. */
export interface RoutePattern {
  method: Method
  pattern: string
}

/** The outcome of matching: the row and its `:params`, or the methods the path allows (405), or null (404). */
export type RouteMatch<R extends RoutePattern> = { route: R; params: Record<string, string> } | { allow: Method[] } | null

// Segments as the old handler split them: empty ones (a trailing or doubled
// slash) do not count, and nothing is decoded (a plan id never needs it, and
// an encoded `..` stays an invalid id).
const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean)

function paramsFor(pattern: string[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null
  // A null prototype: a segment named `__proto__` is just a name.
  const params: Record<string, string> = Object.create(null)
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!
    if (p.startsWith(':')) params[p.slice(1)] = path[i]!
    else if (p !== path[i]) return null
  }
  return params
}

/**
 * The first row whose method and pattern match; when the path matches rows
 * but none with this method, the methods it allows (for a 405 with `allow`).
 * A literal segment wins over a `:param` only by coming first in the table.
 */
export function matchRoute<R extends RoutePattern>(routes: readonly R[], method: string | undefined, pathname: string): RouteMatch<R> {
  const path = segmentsOf(pathname)
  const allow = new Set<Method>()
  for (const route of routes) {
    const params = paramsFor(segmentsOf(route.pattern), path)
    if (params === null) continue
    if (route.method === method) return { route, params }
    allow.add(route.method)
  }
  return allow.size ? { allow: [...allow].sort() } : null
}
