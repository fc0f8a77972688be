/**
 * Run `fn` at most once per `ms`: the first call after a quiet spell runs on
 * the next task (so updates applied together are read once), calls during
 * the wait are folded into one run at its end. Nothing is dropped: the last
 * call is always followed by a run.
 */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): { call(): void; cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    last = now()
    fn()
  }
  return {
    call() {
      if (timer !== null) return
      timer = setTimeout(run, Math.max(0, last + ms - now()))
    },
    cancel() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    }
  }
}
