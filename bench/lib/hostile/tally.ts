/**
 * What happened to a hostile load, counted by label ("messages sent",
 * "closed 4429 rate-limited", "HTTP 413 plan.docx", …): the outcome column
 * of bench/hostile.ts is made from it, so a defence that lands shows up as
 * a new label rather than needing a new benchmark.
 */
export class Tally {
  readonly counts = new Map<string, number>()
  /** Free-form facts worth a number (largest number of sockets open at once, bytes sent, …). */
  readonly facts = new Map<string, number>()

  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n)
  }

  /** Keep the largest value seen for a fact. */
  max(fact: string, value: number): void {
    this.facts.set(fact, Math.max(this.facts.get(fact) ?? -Infinity, value))
  }

  set(fact: string, value: number): void {
    this.facts.set(fact, value)
  }

  /** The close code and reason of a socket the server ended, as one label. */
  static closeLabel(code: number, reason: string): string {
    return `closed ${code}${reason ? ` ${reason}` : ''}`
  }

  toJSON(): { counts: Record<string, number>; facts: Record<string, number> } {
    return { counts: Object.fromEntries(this.counts), facts: Object.fromEntries(this.facts) }
  }
}
