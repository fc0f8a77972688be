// Aligning two sequences (longest common subsequence), shared by the text and
// word comparison of versions. Pure.

/** One step of an alignment: both sides (kept), only `a` (removed) or only `b` (added). */
export type AlignStep = { a: number; b: number } | { a: number; b: null } | { a: null; b: number }

/**
 * Above this many cells the quadratic table is not built: the middle (after
 * the common start and end are taken off) is reported as removed and added.
 * 4 million cells are ~16 MB and tens of milliseconds.
 */
const MAX_CELLS = 4_000_000

/**
 * Align `a` and `b` by equal keys: the longest common subsequence, with the
 * common start and end taken off first (most edits touch a small middle).
 * Steps come in order of both sequences; removals before additions in a gap.
 */
export function alignSequences(a: readonly string[], b: readonly string[]): AlignStep[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const steps: AlignStep[] = []
  for (let i = 0; i < start; i++) steps.push({ a: i, b: i })
  const n = endA - start
  const m = endB - start
  if (n > 0 && m > 0 && n * m <= MAX_CELLS) {
    // lengths[i][j]: LCS of a[start+i..endA) and b[start+j..endB), row-major.
    const w = m + 1
    const lengths = new Uint32Array((n + 1) * w)
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * w + j] = a[start + i] === b[start + j] ? lengths[(i + 1) * w + j + 1]! + 1 : Math.max(lengths[(i + 1) * w + j]!, lengths[i * w + j + 1]!)
      }
    }
    let i = 0
    let j = 0
    const removed: number[] = []
    const added: number[] = []
    const flush = () => {
      for (const x of removed.splice(0)) steps.push({ a: x, b: null })
      for (const y of added.splice(0)) steps.push({ a: null, b: y })
    }
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        flush()
        steps.push({ a: start + i, b: start + j })
        i++
        j++
      } else if (j >= m || (i < n && lengths[(i + 1) * w + j]! >= lengths[i * w + j + 1]!)) {
        removed.push(start + i++)
      } else {
        added.push(start + j++)
      }
    }
    flush()
  } else {
    for (let i = start; i < endA; i++) steps.push({ a: i, b: null })
    for (let j = start; j < endB; j++) steps.push({ a: null, b: j })
  }
  for (let k = 0; k < a.length - endA; k++) steps.push({ a: endA + k, b: endB + k })
  return steps
}
