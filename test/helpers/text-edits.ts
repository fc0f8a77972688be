import fc from 'fast-check'
import type { Node as PMNode } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { canSplit } from 'prosemirror-transform'
import { planSchema } from '../../schema'
import { buildDoc, buildFocusArea, buildHeading } from '../../schema/build'

// Random text edits as a person makes them in the editor — typing (plain, or
// taking the marks around it, or with marks of its own), deleting, replacing,
// marks on and off, splitting and joining paragraphs, line breaks — at random
// places of a small plan with marked text and a goal table. Positions are
// fractions of the document's text positions at the time of the edit, so any
// edit applies to any document.

/** One edit. `at` and `len` pick places in whatever document it meets. */
export type TextEdit =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'typeMarked'; at: number; text: string; mark: MarkChoice }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'replace'; at: number; len: number; text: string }
  | { kind: 'mark'; at: number; len: number; mark: MarkChoice; on: boolean }
  | { kind: 'split'; at: number }
  | { kind: 'join'; at: number }
  | { kind: 'hardBreak'; at: number }

/** A mark an edit sets: bold, italic, or one of two links (links differ by address). */
export type MarkChoice = 'strong' | 'em' | 'link1' | 'link2'

const frac = fc.double({ min: 0, max: 1, noNaN: true })
// Repeated letters ("aa" typed after "a") make the diff's ends overlap;
// surrogate pairs (😀, 😃 share their first half) must never be split.
const text = fc.constantFrom('a', 'aa', 'b', 'ab', 'ba', 'x y', 'æøå', '😀', '😃', 'a😀', 'Mål ')
const len = fc.integer({ min: 1, max: 6 })
const mark = fc.constantFrom<MarkChoice>('strong', 'em', 'link1', 'link2')

/** fast-check arbitrary of text edits, weighted towards typing and deleting. */
export const textEditArb: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('type' as const), at: frac, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('typeMarked' as const), at: frac, text, mark }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: frac, len }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: frac, len, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mark' as const), at: frac, len, mark, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('split' as const), at: frac }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const), at: frac }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hardBreak' as const), at: frac }) }
)

const s = planSchema
const markOf = (choice: MarkChoice) =>
  choice === 'strong'
    ? s.marks.strong.create()
    : choice === 'em'
      ? s.marks.em.create()
      : s.marks.link.create({ href: choice === 'link1' ? 'https://example.dk/a' : 'https://example.dk/b' })

/** A small plan to edit: marked text, a line break, a heading, and a focus area with a two-goal table. */
export function textEditPlan(): PMNode {
  return buildDoc([
    buildHeading('Beskæftigelsesplan', 2),
    s.node('paragraph', null, [
      s.text('Almindelig '),
      s.text('fed', [s.marks.strong.create()]),
      s.text(' og '),
      s.text('kursiv', [s.marks.em.create()]),
      s.text(' med '),
      s.text('link', [markOf('link1')]),
      s.text('.')
    ]),
    s.node('paragraph', null, [s.text('Første linje'), s.nodes.hard_break.create(), s.text('anden linje')]),
    s.node('paragraph'),
    buildFocusArea({
      title: 'Fokus',
      intro: ['Indledning'],
      goals: [0, 1].map((i) => ({ title: `Mål ${i}`, actions: [`Handling ${i}`], criteria: [`Kriterium ${i}`], followUpMethod: `Opfølgning ${i}` }))
    })
  ])
}

// Every position inside a textblock, in document order, but those between the
// two halves of a surrogate pair: no browser puts the caret there (and Yjs
// stores a lone half as U+FFFD locally, but sends it as it is).
function textPositions(doc: PMNode): number[] {
  const positions: number[] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    const text = node.textBetween(0, node.content.size, '', '\ufffc') // one character per position
    for (let i = 0; i <= text.length; i++)
      if (!(/[\ud800-\udbff]/.test(text[i - 1] ?? '') && /[\udc00-\udfff]/.test(text[i] ?? ''))) positions.push(pos + 1 + i)
    return false
  })
  return positions
}

// The content ranges of every textblock, in document order.
function textblockRanges(doc: PMNode): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    ranges.push({ from: pos + 1, to: pos + 1 + node.content.size })
    return false
  })
  return ranges
}

const pick = <T>(list: readonly T[], at: number): T | undefined => list[Math.min(list.length - 1, Math.floor(at * list.length))]

/** The transaction an edit makes on a state, or null when it does not apply there. */
export function textEditTransaction(state: EditorState, edit: TextEdit): Transaction | null {
  const { doc, tr } = state
  const positions = textPositions(doc)
  const at = pick(positions, edit.at)
  if (at === undefined) return null
  const to = (n: number) => positions[Math.min(positions.length - 1, positions.indexOf(at) + n)]!
  switch (edit.kind) {
    case 'type':
      // Takes the marks around the place, as typing does.
      return tr.insertText(edit.text, at)
    case 'typeMarked':
      return tr.replaceWith(at, at, s.text(edit.text, [markOf(edit.mark)]))
    case 'delete':
      return tr.delete(at, to(edit.len))
    case 'replace':
      return tr.insertText(edit.text, at, to(edit.len))
    case 'mark': {
      const end = to(edit.len)
      return edit.on ? tr.addMark(at, end, markOf(edit.mark)) : tr.removeMark(at, end, markOf(edit.mark).type)
    }
    case 'split':
      return canSplit(doc, at) ? tr.split(at) : null
    case 'join': {
      // Backspace at the start of a block: the previous block's end to this one's start.
      const ranges = textblockRanges(doc)
      const i = Math.max(1, Math.min(ranges.length - 1, Math.floor(edit.at * ranges.length)))
      if (ranges.length < 2) return null
      return tr.delete(ranges[i - 1]!.to, ranges[i]!.from)
    }
    case 'hardBreak': {
      const $at = doc.resolve(at)
      return $at.parent.canReplaceWith($at.index(), $at.index(), s.nodes.hard_break) ? tr.replaceWith(at, at, s.nodes.hard_break.create()) : null
    }
  }
}
