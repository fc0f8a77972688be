/** A token bucket: `rate` tokens (messages or bytes) per second on average, bursts up to `burst`. */
export class TokenBucket {
  private tokens: number
  private last = performance.now()

  constructor(
    private readonly rate: number,
    private readonly burst: number
  ) {
    this.tokens = burst
  }

  /** Take `cost` tokens (one message, or its bytes); false when there are not enough (the sender is too fast). */
  take(cost = 1): boolean {
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }
}
