import type { ImportReview, ReviewGoal, ReviewTarget } from '../../schema/import/types'
import type { ExpectedGoal, ExpectedTarget, SeedFixture } from '../fixtures/seeds/fixture'

// Compare what an import recognised with a fixture's hand-checked list in a
// form whose diff a person can read: every recognised target, in order, cut
// down to the fields the expected list states, under the goal it landed in.

const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

type Shaped = { title: string; targets: Array<Record<string, unknown>> }

/** One recognised target projected onto the fields its expected counterpart names (all fields if none matches). */
function shapeTarget(t: ReviewTarget, expected: readonly ExpectedTarget[]): Record<string, unknown> {
  const source = squash(t.source)
  const exp = expected.find((e) => source.includes(squash(e.source)))
  const spec = t.target
  const baseline =
    spec.baseline && (spec.baseline.value !== null || spec.baseline.period !== null) ? { value: spec.baseline.value, period: spec.baseline.period } : null
  const out: Record<string, unknown> = { source: exp ? exp.source : source, kind: spec.kind }
  if (!exp || exp.unit !== undefined) out.unit = spec.unit
  out.baseline = baseline
  out.target = { value: spec.target.value, period: spec.target.period, comparator: spec.target.comparator }
  if (exp && 'per' in exp) out.per = spec.per ?? null
  else if (!exp && spec.kind === 'rate') out.per = spec.per ?? null
  return out
}

/** The expected list in the same shape (a missing baseline reads as null). */
function shapeExpected(goals: readonly ExpectedGoal[]): Shaped[] {
  return goals.map((g) => ({
    title: g.title,
    targets: g.targets.map((t) => {
      const out: Record<string, unknown> = { source: t.source, kind: t.kind }
      if (t.unit !== undefined) out.unit = t.unit
      out.baseline = t.baseline ?? null
      out.target = t.target
      if ('per' in t) out.per = t.per ?? null
      return out
    })
  }))
}

/**
 * The recognised goals that matter for the comparison (those with targets or
 * whose title the expected list names), titles cut to the expected prefix;
 * goals the list leaves untitled ('' — prose goals) compare by targets only.
 */
export function shapeReview(review: Pick<ImportReview, 'goals'>, fixture: SeedFixture): { actual: Shaped[]; expected: Shaped[] } {
  const goals = expectedNow(fixture)
  const expectedTargets = goals.flatMap((g) => g.targets)
  const titles = goals.map((g) => g.title).filter((t) => t !== '')
  const titleOf = (g: ReviewGoal): string | null => {
    const title = squash(g.title)
    return titles.filter((t) => title.startsWith(t)).sort((a, b) => b.length - a.length)[0] ?? null
  }
  const actual = review.goals
    .filter((g) => g.targets.length > 0 || titleOf(g) !== null)
    .map((g) => ({ title: titleOf(g) ?? '', targets: g.targets.map((t) => shapeTarget(t, expectedTargets)) }))
  return { actual, expected: shapeExpected(goals) }
}

/** The expected goals without the known misses (whole goals and single targets). */
function expectedNow(fixture: SeedFixture): ExpectedGoal[] {
  return fixture.expected.goals.filter((g) => !g.knownMiss).map((g) => ({ ...g, targets: g.targets.filter((t) => !t.knownMiss) }))
}

/** The targets a reader finds that the importer is known to miss, with the reason. */
export function knownMisses(fixture: SeedFixture): Array<{ source: string; reason: string }> {
  return fixture.expected.goals.flatMap((g) =>
    g.targets.filter((t) => g.knownMiss || t.knownMiss).map((t) => ({ source: t.source, reason: (t.knownMiss ?? g.knownMiss)! }))
  )
}

/** Known misses the import now finds after all: each one should go back into the expected list. */
export function missesNowFound(review: Pick<ImportReview, 'goals'>, fixture: SeedFixture): string[] {
  const found = review.goals.flatMap((g) => g.targets.map((t) => squash(t.source)))
  return knownMisses(fixture)
    .filter((m) => found.some((f) => f.includes(squash(m.source))))
    .map((m) => m.source)
}
