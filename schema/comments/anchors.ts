import * as Y from 'yjs'
import { yTextRuns, type TextRun } from './text-index'

// An anchor is a pair of Yjs relative positions into the body plus the text
// they enclosed when the comment was made. Relative positions follow their
// characters through concurrent edits, offline too. Where they cannot (a
// split paragraph re-creates its tail as new Yjs items; a join does the
// same), the quote finds the words again. Only when the words are gone for
// good is the thread shown as detached — with the quote, never lost.

/** An anchor as stored in a thread (JSON-safe). */
export interface Anchor {
  start: unknown
  end: unknown
  quote: string
}

/** How an anchor resolves against the current body. */
export interface ResolvedAnchor {
  /** Flattened text offsets of the anchored range now (equal when detached). */
  start: number
  end: number
  /** The text the range holds now ('' when detached). */
  text: string
  /** Still on its words (possibly re-found by its quote). */
  attached: boolean
  /** Re-found by searching for the quote (the relative positions had drifted). */
  reanchored: boolean
}

function runAt(runs: TextRun[], offset: number, side: 'start' | 'end'): TextRun | undefined {
  return side === 'start'
    ? runs.find((r) => offset >= r.start && offset < r.start + r.length)
    : runs.find((r) => offset > r.start && offset <= r.start + r.length)
}

/**
 * Make an anchor for flattened offsets [start, end) of the body. The start
 * binds to the first character, the end to the last, so typing just outside
 * the range does not widen it and typing inside stays inside.
 */
export function createAnchor(body: Y.XmlFragment, start: number, end: number): Anchor | null {
  const { runs, text } = yTextRuns(body)
  if (end <= start) return null
  const a = runAt(runs, start, 'start')
  const b = runAt(runs, end, 'end')
  if (!a || !b) return null
  const rs = Y.createRelativePositionFromTypeIndex(a.text, start - a.start, 0)
  const re = Y.createRelativePositionFromTypeIndex(b.text, end - b.start, -1)
  return { start: Y.relativePositionToJSON(rs), end: Y.relativePositionToJSON(re), quote: text.slice(start, end) }
}

function absolute(doc: Y.Doc, runs: TextRun[], json: unknown): number | null {
  try {
    const rel = Y.createRelativePositionFromJSON(json)
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc)
    if (!abs) return null
    const run = runs.find((r) => r.text === abs.type)
    return run ? run.start + Math.min(abs.index, run.length) : null
  } catch {
    // catch: a stored anchor is untrusted JSON; a bad one reads as detached
    return null
  }
}

/** Where an anchor is now. Never throws. */
export function resolveAnchor(body: Y.XmlFragment, anchor: Anchor): ResolvedAnchor {
  const doc = body.doc
  const { runs, text } = yTextRuns(body)
  const s = doc ? absolute(doc, runs, anchor.start) : null
  const e = doc ? absolute(doc, runs, anchor.end) : null
  const quote = typeof anchor.quote === 'string' ? anchor.quote : ''
  if (s !== null && e !== null && e > s && text.slice(s, e) === quote) {
    return { start: s, end: e, text: quote, attached: true, reanchored: false }
  }
  // The positions drifted (split, join) or the words were edited: look for
  // the quote nearest to where the anchor still points.
  if (quote !== '') {
    const near = s ?? e ?? 0
    let best = -1
    for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) {
      if (best < 0 || Math.abs(i - near) < Math.abs(best - near)) best = i
    }
    if (best >= 0) return { start: best, end: best + quote.length, text: quote, attached: true, reanchored: true }
  }
  // The words were edited and a position drifted (typing inside, then a
  // split or a join re-created the characters it pointed at). Keep the end
  // whose character still exists; find the other by the quote's first or
  // last words, near where the anchor points; take everything between.
  if (quote.length >= 4 && doc) {
    const k = Math.min(16, Math.ceil(quote.length / 2))
    const prefix = quote.slice(0, k)
    const suffix = quote.slice(-k)
    const near = s ?? e ?? 0
    const deleted = Y.createDeleteSetFromStructStore(doc.store)
    const alive = (json: unknown): boolean => {
      try {
        const item = Y.createRelativePositionFromJSON(json).item
        return item !== null && !Y.isDeleted(deleted, item)
      } catch {
        return false
      }
    }
    let from = s !== null && alive(anchor.start) ? s : -1
    if (from < 0) {
      for (let i = text.indexOf(prefix); i >= 0; i = text.indexOf(prefix, i + 1)) {
        if (from < 0 || Math.abs(i - near) < Math.abs(from - near)) from = i
      }
    }
    let to = e !== null && alive(anchor.end) && from >= 0 && e > from ? e : -1
    if (to < 0 && from >= 0) {
      const i = text.indexOf(suffix, from)
      to = i >= 0 ? i + suffix.length : -1
    }
    if (from >= 0 && to > from && to - from <= quote.length * 3 + 100) {
      return { start: from, end: to, text: text.slice(from, to), attached: true, reanchored: true }
    }
  }
  if (s !== null && e !== null && e > s) return { start: s, end: e, text: text.slice(s, e), attached: true, reanchored: false }
  const at = s ?? e ?? 0
  return { start: at, end: at, text: '', attached: false, reanchored: false }
}
