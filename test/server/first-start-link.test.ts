// `npm start` prints the all-plans administrator link once, on the first
// start of a data directory; later starts point to `npm run admin-link`
// instead of handing a fresh 30-day admin link to whoever reads the logs.
import { afterAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from '../../testkit/server-process'
import { eventually } from '../../testkit/y-client'

let s: ServerProcess | null = null
afterAll(async () => {
  await s?.dispose()
})

describe('the first-start link', () => {
  it('is printed on the first start only, and it opens the plans', async () => {
    s = await startServerProcess()
    await eventually(() => expect(s!.output.join('\n')).toMatch(/admin-link|\?token=/))
    const first = s.output.join('\n')
    const token = decodeURIComponent(/\?token=([^\s&]+)/.exec(first)![1]!)
    expect((await fetch(`${s.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)

    await s.kill('SIGTERM')
    s.output.length = 0
    await s.start()
    await eventually(() => expect(s!.output.join('\n')).toContain('npm run admin-link'))
    expect(s.output.join('\n')).not.toContain('token=')
  })
})
