// The REST route table's matching (server/http/router.ts): params, first row
// wins, 405 lists the methods of every row that matches the path.
import { describe, expect, it } from 'vitest'
import { matchRoute, type RoutePattern } from '../../server/http/router'

const rows: RoutePattern[] = [
  { method: 'GET', pattern: '/api/plans' },
  { method: 'POST', pattern: '/api/plans/:plan/restore' },
  { method: 'GET', pattern: '/api/plans/:plan' },
  { method: 'PATCH', pattern: '/api/plans/:plan' },
  { method: 'GET', pattern: '/api/plans/:plan/:resource' }
]

describe('matchRoute', () => {
  it('gives the row and its params; empty segments (trailing or doubled slashes) do not count', () => {
    expect(matchRoute(rows, 'GET', '/api/plans/demo')).toEqual({ route: rows[2], params: { plan: 'demo' } })
    expect(matchRoute(rows, 'GET', '/api//plans/demo/')).toEqual({ route: rows[2], params: { plan: 'demo' } })
    expect(matchRoute(rows, 'GET', '/api/plans/demo/plan.json')).toEqual({ route: rows[4], params: { plan: 'demo', resource: 'plan.json' } })
  })

  it('a literal segment earlier in the table wins over a param, for its method only', () => {
    expect(matchRoute(rows, 'POST', '/api/plans/demo/restore')).toEqual({ route: rows[1], params: { plan: 'demo' } })
    expect(matchRoute(rows, 'GET', '/api/plans/demo/restore')).toEqual({ route: rows[4], params: { plan: 'demo', resource: 'restore' } })
  })

  it('a path some row matches, asked with another method, lists the allowed methods; an unknown path is null', () => {
    expect(matchRoute(rows, 'DELETE', '/api/plans/demo')).toEqual({ allow: ['GET', 'PATCH'] })
    expect(matchRoute(rows, 'HEAD', '/api/plans')).toEqual({ allow: ['GET'] })
    expect(matchRoute(rows, 'GET', '/api/nothing')).toBeNull()
    expect(matchRoute(rows, 'GET', '/api/plans/a/b/c')).toBeNull()
  })

  it('a segment named like an Object property is only a name', () => {
    const m = matchRoute(rows, 'GET', '/api/plans/__proto__')
    expect(m && 'route' in m ? m.params.plan : null).toBe('__proto__')
  })
})
