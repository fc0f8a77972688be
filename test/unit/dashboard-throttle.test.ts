// The dashboard re-reads a plan at most every 200 ms while updates stream in
// (client/src/dashboard/throttle.ts): the first update is shown at once, a
// burst is folded into one more read, and the last update is never left unread.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { throttle } from '../../client/src/dashboard/throttle'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('throttle', () => {
  it('runs on the next task after a quiet spell, then at most once per interval, and always after the last call', () => {
    const runs: number[] = []
    const start = Date.now()
    const th = throttle(() => runs.push(Date.now() - start), 200)
    th.call()
    th.call()
    expect(runs).toEqual([])
    vi.advanceTimersByTime(0)
    expect(runs).toEqual([0])
    // A burst of 50 updates over a second, one every 20 ms.
    for (let i = 1; i <= 50; i++) {
      vi.advanceTimersByTime(20)
      th.call()
    }
    vi.advanceTimersByTime(1000)
    const gaps = runs.slice(1).map((r, i) => r - runs[i]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(200)
    expect(runs.length).toBeGreaterThanOrEqual(5)
    expect(runs.length).toBeLessThanOrEqual(7)
    // The last call (at 1000 ms) was followed by a run.
    expect(runs.at(-1)!).toBeGreaterThanOrEqual(1000)
  })

  it('runs nothing after cancel', () => {
    let runs = 0
    const th = throttle(() => runs++, 200)
    th.call()
    th.cancel()
    vi.advanceTimersByTime(500)
    expect(runs).toBe(0)
  })
})
