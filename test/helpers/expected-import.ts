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
  const baseline = spec.baseline && (spec.baseline.value !== null || spec.baseline.period !== null) ? { value: spec.baseline.value, period: spec.baseline.period } : null
  const out: Record<string, unknown> = { source: exp ? exp.source : source, kind: spec.kind }
  if (!exp || exp.unit !== undefined) out.unit = spec.unit
  if (!exp || 'baseline' in exp || baseline) out.baseline = baseline
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
  const expectedTargets = fixture.expected.goals.flatMap((g) => g.targets)
  const titles = fixture.expected.goals.map((g) => g.title).filter((t) => t !== '')
  const titleOf = (g: ReviewGoal): string | null => {
    const title = squash(g.title)
    return titles.filter((t) => title.startsWith(t)).sort((a, b) => b.length - a.length)[0] ?? null
  }
  const actual = review.goals
    .filter((g) => g.targets.length > 0 || titleOf(g) !== null)
    .map((g) => ({ title: titleOf(g) ?? '', targets: g.targets.map((t) => shapeTarget(t, expectedTargets)) }))
  return { actual, expected: shapeExpected(fixture.expected.goals) }
}
