import { Fragment, type Node as PMNode } from 'prosemirror-model'
import { isNode } from '../plan-schema'

// "Kopiér som næste års plan": the next plan starts from this one's text,
// goals and targets, with the same ids (so a dashboard can put 2027 and
// 2028 side by side), and without this year's follow-ups.

/**
 * The period after this one: `2027` → `2028`, `2025-2028` → `2029-2032`
 * (a span moves by its own length). Anything else is returned unchanged.
 */
export function nextPeriod(period: string): string {
  const p = period.trim()
  const year = /^(\d{4})$/.exec(p)
  if (year) return String(Number(year[1]) + 1)
  const span = /^(\d{4})\s*[-–]\s*(\d{4})$/.exec(p)
  if (span && Number(span[2]) >= Number(span[1])) {
    const length = Number(span[2]) - Number(span[1]) + 1
    return `${Number(span[1]) + length}-${Number(span[2]) + length}`
  }
  return p
}

/** The copy's title: the old period in the title replaced by the new one, or "(kopi)" added when the title does not name it. */
export function nextYearTitle(title: string, period: string, next: string): string {
  const t = title.trim()
  if (period.trim() && next !== period.trim() && t.includes(period.trim())) return t.replace(period.trim(), next)
  return `${t || 'Plan'} (kopi)`
}

/** The document without any `follow_up` node; everything else (ids included) as it was. */
export function withoutFollowUps(node: PMNode): PMNode {
  if (node.isLeaf) return node
  const children: PMNode[] = []
  let changed = false
  node.forEach((child) => {
    if (isNode(child, 'follow_up')) {
      changed = true
      return
    }
    const kept = withoutFollowUps(child)
    if (kept !== child) changed = true
    children.push(kept)
  })
  return changed ? node.copy(Fragment.fromArray(children)) : node
}
