/**
 * Runs an async job one at a time, for callers that each need a run that
 * starts after they asked (a flush that covers what they wrote, a read that
 * sees what was stored before they asked). A call while a run is going gets
 * the next run, shared with every other call made meanwhile; it starts once
 * the current one settles, failed or not. So however many ask, at most one
 * run is going and one waiting.
 */
export class OneAfterAnother<T> {
  private running: Promise<T> | null = null
  private next: Promise<T> | null = null

  constructor(private readonly job: () => Promise<T>) {}

  /** A run that starts now or, if one is going, right after it. */
  run(): Promise<T> {
    if (this.next) return this.next
    if (!this.running) return this.start()
    const after = (): Promise<T> => {
      this.next = null
      return this.start()
    }
    this.next = this.running.then(after, after)
    return this.next
  }

  /** Settles once no run is going or waiting, whatever their outcome (a run asked for meanwhile is waited for too). */
  async settled(): Promise<void> {
    // The waiting run becomes the running one as the first settles: look again after each.
    for (let p = this.next ?? this.running; p; p = this.next ?? this.running) await p.catch(() => undefined)
  }

  private start(): Promise<T> {
    const running = this.job().finally(() => {
      if (this.running === running) this.running = null
    })
    this.running = running
    return running
  }
}
