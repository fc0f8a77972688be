// The coalescing that WAL flushes, cluster catch-up reads and the cluster
// tests' storage reads share (server/one-after-another.ts).
import { describe, expect, it } from 'vitest'
import { OneAfterAnother } from '../../server/one-after-another'

/** A job whose runs finish when the test says, recording when each started. */
function controlled(): { job: () => Promise<number>; starts: number; finish(ok?: boolean): void } {
  const pending: Array<{ resolve: (n: number) => void; reject: (e: Error) => void }> = []
  const c = {
    starts: 0,
    job: () =>
      new Promise<number>((resolve, reject) => {
        c.starts++
        pending.push({ resolve, reject })
      }),
    finish(ok = true) {
      const p = pending.shift()!
      if (ok) p.resolve(c.starts)
      else p.reject(new Error('disk'))
    }
  }
  return c
}
const tick = () => new Promise((r) => setImmediate(r))

describe('one run after another', () => {
  it('gives every call made during a run the same next run, which starts only after it', async () => {
    const c = controlled()
    const runs = new OneAfterAnother(c.job)
    const first = runs.run()
    const a = runs.run()
    const b = runs.run()
    expect(a).toBe(b)
    expect(c.starts).toBe(1)
    c.finish()
    expect(await first).toBe(1)
    await tick()
    expect(c.starts).toBe(2)
    // A call now waits for a third run: the second started before it.
    const later = runs.run()
    expect(later).not.toBe(a)
    c.finish()
    expect(await a).toBe(2)
    await tick()
    c.finish()
    expect(await later).toBe(3)
    expect(c.starts).toBe(3)
  })

  it('starts the next run after a failed one, and settled() waits for both without throwing', async () => {
    const c = controlled()
    const runs = new OneAfterAnother(c.job)
    const failing = runs.run()
    const next = runs.run()
    let settled = false
    void runs.settled().then(() => (settled = true))
    c.finish(false)
    await expect(failing).rejects.toThrow('disk')
    await tick()
    expect(c.starts).toBe(2)
    expect(settled).toBe(false)
    c.finish()
    expect(await next).toBe(2)
    await tick()
    expect(settled).toBe(true)
  })
})
