import type { Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { buildTarget } from '../build'
import type { TargetSpec } from '../target-model'
import { findTargets } from './target-parser'
import { paragraphOf } from './inline'

// Splitting text at its measurable targets. A sentence that is a target
// becomes a `target` node whose `source` is the sentence exactly as written;
// the text around it stays a paragraph. The sentence is not also kept as
// text: the node's source holds it, and exports show it from there.

const s = planSchema

/** A target found in a paragraph: the node, its spec and the sentence it came from. */
export interface FoundTarget {
  node: PMNode
  spec: TargetSpec
  source: string
}

/** A piece of a split paragraph, in reading order. */
export type Piece = { kind: 'text'; node: PMNode } | { kind: 'target'; target: FoundTarget }

// Text between targets that is only punctuation and space ("." after a
// sentence the parser returned without its full stop) says nothing on its own.
const EMPTY_REST = /^[\s.,;:!?–—-]*$/u

/** The plain text of a paragraph with one character per position (a hard break is "\n"). */
export const paragraphText = (para: PMNode): string => para.textBetween(0, para.content.size, undefined, () => '\n')

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Where `sentence` occurs in `text` from `from` on, tolerating differences in whitespace. */
function locate(text: string, sentence: string, from: number): { start: number; end: number } | null {
  const exact = text.indexOf(sentence, from)
  if (exact >= 0) return { start: exact, end: exact + sentence.length }
  const words = sentence.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return null
  const re = new RegExp(words.map(escape).join('\\s+'), 'gu')
  re.lastIndex = from
  const m = re.exec(text)
  return m ? { start: m.index, end: m.index + m[0].length } : null
}

/** A slice of a paragraph as a new paragraph, whitespace at both ends trimmed; null if nothing but punctuation is left. */
function slice(para: PMNode, text: string, from: number, to: number): PMNode | null {
  let a = from
  let b = to
  while (a < b && /\s/u.test(text[a]!)) a++
  while (b > a && /\s/u.test(text[b - 1]!)) b--
  if (EMPTY_REST.test(text.slice(a, b))) return null
  return paragraphOf(para.content.cut(a, b))
}

/**
 * Split a paragraph at the target sentences in it. Returns the paragraph
 * itself (one text piece) when it holds no target. A target whose sentence
 * cannot be found in the text again (the parser normalised it) is still
 * returned, after the paragraph, which then stays whole: nothing is lost.
 */
export function splitParagraph(para: PMNode): Piece[] {
  const text = paragraphText(para)
  const found = findTargets(text)
  if (found.length === 0) return [{ kind: 'text', node: para }]
  const pieces: Piece[] = []
  const unplaced: FoundTarget[] = []
  let cursor = 0
  for (const { sentence, target } of found) {
    const source = sentence.trim()
    const at = locate(text, source, cursor)
    const spec: TargetSpec = { ...target, source: at ? text.slice(at.start, at.end) : source }
    const item: FoundTarget = { node: buildTarget(spec), spec, source: spec.source ?? source }
    if (!at) {
      unplaced.push(item)
      continue
    }
    const before = slice(para, text, cursor, at.start)
    if (before) pieces.push({ kind: 'text', node: before })
    pieces.push({ kind: 'target', target: item })
    cursor = at.end
  }
  if (unplaced.length) {
    return [{ kind: 'text', node: para }, ...unplaced.map((target): Piece => ({ kind: 'target', target }))]
  }
  const after = slice(para, text, cursor, text.length)
  if (after) pieces.push({ kind: 'text', node: after })
  return pieces
}

/** Whether some text holds a measurable target. */
export const hasTarget = (text: string): boolean => findTargets(text).length > 0

/** Split every paragraph of some cell content at its targets; lists are split around items that hold targets. */
export function splitCellContent(nodes: readonly PMNode[]): Piece[] {
  const out: Piece[] = []
  for (const node of nodes) {
    if (node.type.name === 'paragraph') out.push(...splitParagraph(node))
    else if (node.type.name === 'bullet_list' || node.type.name === 'ordered_list') out.push(...splitList(node))
    else out.push({ kind: 'text', node })
  }
  return out
}

// A list item cannot hold a target node, so a list is cut where an item
// holds a target: items before stay a list, that item's text and targets
// follow as paragraphs and target nodes, items after form a new list.
function splitList(list: PMNode): Piece[] {
  const out: Piece[] = []
  let pending: PMNode[] = []
  const flush = () => {
    if (pending.length) out.push({ kind: 'text', node: list.type.create(list.attrs, pending) })
    pending = []
  }
  list.forEach((item) => {
    const pieces: Piece[] = []
    let targets = 0
    item.forEach((child) => {
      const split = child.type.name === 'paragraph' ? splitParagraph(child) : [{ kind: 'text', node: child } as Piece]
      targets += split.filter((p) => p.kind === 'target').length
      pieces.push(...split)
    })
    if (targets === 0) {
      pending.push(item)
      return
    }
    flush()
    out.push(...pieces)
  })
  flush()
  return out
}

/** Cell content from pieces: targets as nodes, text as it was. */
export const piecesToNodes = (pieces: readonly Piece[]): PMNode[] => pieces.map((p) => (p.kind === 'text' ? p.node : p.target.node))

/** An empty paragraph: content for a cell that has nothing. */
export const emptyParagraph = (): PMNode => s.node('paragraph')
