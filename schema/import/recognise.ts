import type { Node as PMNode } from 'prosemirror-model'
import { planSchema } from '../plan-schema'
import { newId } from '../ids'
import { targetSentence } from '../target-sentence'
import { targetSpecToAttrs } from '../target-model'
import type { ImportBlock, ImportReview, ImportSource, ReviewGoal } from './types'
import { blocksText, listNode, paragraphOf, runsText, runsToInline, squash, textBlocks } from './inline'
import { introducesVision, isFrontOrBackMatter, isVisionHeading, promoteBoldHeadings, readOutline, statesVision } from './outline'
import { GOAL_COLUMN_NAMES } from './headers'
import { recogniseTable, type RecognisedGoal } from './tables'
import { emptyParagraph, hasTarget, paragraphText, splitParagraph, type Piece } from './targets-in-text'
import { readTargets } from './target-parser'

export { textToImportSource } from './plain-text'

// The recogniser turns what a reader found in a file (ImportSource) into a
// plan document and a review of what it made of it. Its promise: every
// character of text in the source is somewhere in the plan (as text, a
// target's source sentence, a måltal label or a figure), and everything it
// structured is listed in the review so a person can check it before the
// plan is created. What does not reach the document as text, by design:
// whitespace; the header names of recognised goal-table columns (they
// become the columns; a review note lists each name and its column); the
// name of an unknown column empty in every row (named in a note); a lone
// "-" in a måltal cell (no figure); stops and commas left between two
// target sentences. A target found in a Mål cell is read into the success
// criteria while the Mål keeps its words (a goal needs a title).
//
// How the parts map:
// - headings: the document's title heading stays a heading at the top; the
//   level with several headings becomes focus areas (not "Indledning",
//   "Bilag" and the like); others stay headings.
//   A bold one-line paragraph counts as a heading below the real ones.
// - "Vision"/"Mission" (heading or lone paragraph) outside a focus area:
//   what follows, up to the next heading of that level, becomes the vision.
// - tables: goal table, måltal table, or text (see tables.ts).
// - a paragraph (or list item) outside tables with a measurable target
//   becomes a goal row: text before the first target is its title (when
//   short; else the sub-heading above it, if no goal has taken it yet, or
//   the first target's indicator is the title, and the text goes to the
//   success criteria), the targets and any text after them are its success
//   criteria. Consecutive such paragraphs share one goal table.

const s = planSchema

/** Options of recognisePlan. */
export interface RecogniseOptions {
  /** The plan title to use instead of the one found in the source. */
  title?: string
  /**
   * The source is Fællesplan's own export, unframed (own-export.ts): no
   * heading is the document's title, and a heading one level below the
   * focus areas is a top-level heading (level 2), as the export wrote it.
   */
  ownExport?: boolean
}

/** A recognised plan: the document to seed and the review to show first. */
export interface RecognisedPlan {
  doc: PMNode
  review: ImportReview
}

// Text before a prose goal's first target longer than this is a paragraph
// of explanation, not a title.
const MAX_TITLE_LENGTH = 200

/** The plan title when neither the caller nor the document names one, and the document has no text. */
const UNTITLED = 'Importeret plan'

// A plan title read from the first line is cut at a colon or the end of a
// sentence when that leaves at least this much, else at a word near the limit.
const MAX_LINE_TITLE = 120
const MIN_CUT_TITLE = 12

/**
 * The document's first line, as a title for a document without a title
 * heading (issue #15: not "Importeret plan"): "Kontrakt mellem … og
 * Jobcenteret: Aftale …" gives the part before the colon.
 */
export function firstLineTitle(source: ImportSource): string {
  const lines = source.firstLine
    ? [source.firstLine]
    : source.blocks.map((block) =>
        block.type === 'heading' || block.type === 'paragraph' ? runsText(block.runs) : block.type === 'list' ? blocksText(block.items[0] ?? [], '\n') : ''
      )
  for (const text of lines) {
    const line = squash(text.split('\n').find((l) => squash(l) !== '') ?? '')
    if (line === '') continue
    // Not at the stop after an initial ("Xxxxxx X. Xxxxxxxxx"): two letters before it.
    const clause = /^(.*?[^\s\d])(?::|(?<=[^\s\d]{2})[.!?])(?:\s|$)/u.exec(line)?.[1]
    if (clause && clause.length >= MIN_CUT_TITLE && clause.length <= MAX_LINE_TITLE) return clause
    if (line.length <= MAX_LINE_TITLE) return line.replace(/(?<=[^\s\d]{2})[.:;,]+$/u, '')
    const cut = line.slice(0, MAX_LINE_TITLE + 1)
    const space = cut.lastIndexOf(' ')
    return (space > MIN_CUT_TITLE ? cut.slice(0, space) : line.slice(0, MAX_LINE_TITLE)).replace(/[\s,;:–-]+$/u, '') + ' …'
  }
  return ''
}

const clampLevel = (level: number): number => Math.min(Math.max(level, 2), 4)

const headingNode = (block: Extract<ImportBlock, { type: 'heading' }>, level: number): PMNode =>
  s.node('heading', { level: clampLevel(level) }, runsToInline(block.runs))

/** Where converted blocks go: the document's top level, a focus area or the vision. */
interface Container {
  kind: 'top' | 'focus' | 'vision'
  title: string
  nodes: PMNode[]
  /** Heading level that ends a vision. */
  level: number
}

class Recogniser {
  readonly top: PMNode[] = []
  readonly goals: ReviewGoal[] = []
  readonly focusAreas: string[] = []
  readonly figuresTables: ImportReview['figuresTables'] = []
  readonly notes: string[] = []
  keptAsText = 0
  private tables = 0
  private proseGoals = 0
  private goalsWithoutTargets = 0
  private container: Container = { kind: 'top', title: '', nodes: this.top, level: 0 }
  private pendingGoals: RecognisedGoal[] = []
  /** The last sub-heading, until a goal row built from prose takes it as its title. */
  private heading: string | null = null

  /** A heading inside a section: kept as a heading, and offered as the title of the next prose goal. */
  subheading(node: PMNode, text: string): void {
    this.emit(node)
    this.heading = text
  }

  /** The pending sub-heading, once. */
  takeHeading(): string | null {
    const heading = this.heading
    this.heading = null
    return heading
  }

  /** Close the open focus area or vision and go back to the top level. */
  closeContainer(): void {
    this.flushGoals()
    this.heading = null
    const c = this.container
    if (c.kind === 'focus') {
      const title = s.node('focus_title', null, c.title ? [s.text(c.title)] : [])
      this.top.push(s.node('focus_area', { id: newId() }, [title, ...(c.nodes.length ? c.nodes : [emptyParagraph()])]))
    } else if (c.kind === 'vision' && c.nodes.length) {
      this.top.push(s.node('vision', null, c.nodes))
    }
    this.container = { kind: 'top', title: '', nodes: this.top, level: 0 }
  }

  openFocusArea(title: string): void {
    this.closeContainer()
    this.container = { kind: 'focus', title, nodes: [], level: 0 }
    this.focusAreas.push(title)
  }

  openVision(level: number): void {
    this.closeContainer()
    this.container = { kind: 'vision', title: '', nodes: [], level }
  }

  get inVision(): boolean {
    return this.container.kind === 'vision'
  }

  /** The heading level that ends the open vision. */
  get visionLevel(): number {
    return this.container.level
  }

  get inFocusArea(): boolean {
    return this.container.kind === 'focus'
  }

  /** Put a block into the open container. */
  emit(node: PMNode, asText = true): void {
    this.flushGoals()
    this.container.nodes.push(node)
    if (asText && this.container.kind !== 'vision') this.keptAsText++
  }

  /** Queue a goal row built from prose; consecutive ones share a goal table. */
  addProseGoal(goal: RecognisedGoal): void {
    // The vision holds text only: a goal ends it.
    if (this.inVision) this.closeContainer()
    this.pendingGoals.push(goal)
    this.review(goal)
    this.proseGoals++
  }

  flushGoals(): void {
    if (this.pendingGoals.length === 0) return
    const rows = this.pendingGoals.map((g, order) => g.node.type.create({ ...g.node.attrs, order }, g.node.content))
    this.pendingGoals = []
    this.container.nodes.push(s.node('goal_table', { id: newId() }, rows))
  }

  review(goal: RecognisedGoal): void {
    let criteria = ''
    goal.node.forEach((cell) => {
      if (cell.attrs.column === 'criteria') criteria += cell.textContent
    })
    // Success criteria written as text the parser could not read as a target.
    if (goal.targets.length === 0 && criteria.trim() !== '') this.goalsWithoutTargets++
    this.goals.push({
      focusArea: this.inFocusArea ? this.container.title : null,
      title: goal.title,
      targets: goal.targets.map((t) => ({
        source: t.source,
        sentence: targetSentence(targetSpecToAttrs(t.spec, ''), 'da'),
        target: t.spec
      }))
    })
  }

  table(rows: readonly ImportBlock[][][]): void {
    if (this.inVision) this.closeContainer()
    this.flushGoals()
    // A table with no text at all (layout leftovers) holds nothing to keep.
    if (rows.every((row) => row.every((cell) => squash(blocksText(cell, ' ')) === ''))) return
    this.heading = null
    const number = ++this.tables
    const result = recogniseTable(rows)
    const columns = (rows[0] ?? [])
      .map((cell) => squash(cell.map((b) => (b.type === 'paragraph' || b.type === 'heading' ? runsText(b.runs) : '')).join(' ')))
      .filter(Boolean)
    switch (result.kind) {
      case 'goals':
        this.container.nodes.push(...result.before, result.node)
        result.goals.forEach((g) => this.review(g))
        this.notes.push(`Tabel ${number} er læst som en måltabel: ${result.mapping.map((m) => `„${m.label}“ → ${GOAL_COLUMN_NAMES[m.column]}`).join(', ')}.`)
        if (result.continued)
          this.notes.push(
            `Tabel ${number}: ${result.continued === 1 ? 'én række' : `${result.continued} rækker`} uden mål er læst som fortsættelsen af målet i rækken over.`
          )
        if (result.missingTitle) this.notes.push(`Tabel ${number} har ingen kolonne med målet (Mål); målene i den har ingen titel endnu.`)
        if (result.emptyColumns.length)
          this.notes.push(
            `Tabel ${number}: ${result.emptyColumns.length === 1 ? 'kolonnen' : 'kolonnerne'} ${result.emptyColumns.map((c) => `„${c}“`).join(', ')} er tom${result.emptyColumns.length === 1 ? '' : 'me'} i alle rækker og er ikke taget med.`
          )
        for (const extra of result.extraColumns)
          this.notes.push(
            `Tabel ${number}: kolonnen „${extra}“ svarer ikke til en kolonne i en måltabel; dens tekst er lagt i Handlinger med kolonnens navn foran.`
          )
        break
      case 'figures':
        this.container.nodes.push(result.node)
        this.figuresTables.push({ caption: result.caption, columns: result.columns, rows: result.rows })
        break
      case 'text':
        result.nodes.forEach((n) => this.container.nodes.push(n))
        this.keptAsText++
        this.notes.push(
          `Tabel ${number}${columns.length ? ` (${columns.join(' · ')})` : ''} blev hverken genkendt som en måltabel eller en måltalstabel og er bevaret som tekst, en linje pr. celle.`
        )
        break
    }
  }

  /** A paragraph or list item's paragraphs: a goal row if it holds targets, else text. */
  paragraph(para: PMNode): boolean {
    const pieces = splitParagraph(para)
    if (!pieces.some((p) => p.kind === 'target')) return false
    this.addProseGoal(goalFromPieces(pieces, this.takeHeading()))
    return true
  }

  list(block: Extract<ImportBlock, { type: 'list' }>): void {
    // Items with targets become goal rows; the items around them stay lists.
    let pending: ImportBlock[][] = []
    const flush = () => {
      if (pending.length) this.emit(listNode({ ...block, items: pending }))
      pending = []
    }
    for (const item of block.items) {
      const paras = textBlocks(item)
      const splits = paras.map((p) => (p.type.name === 'paragraph' ? splitParagraph(p) : [{ kind: 'text', node: p } as Piece]))
      if (!splits.some((pieces) => pieces.some((p) => p.kind === 'target'))) {
        pending.push(item)
        continue
      }
      flush()
      this.addProseGoal(goalFromPieces(splits.flat(), this.takeHeading()))
    }
    flush()
  }

  finish(): void {
    this.closeContainer()
    if (this.proseGoals) {
      this.notes.push(
        this.proseGoals === 1
          ? 'Ét tekstafsnit med et målbart mål er lavet til en målrække: titlen er teksten før målet (ellers overskriften over afsnittet eller det, målet måler), målet og teksten efter det står under Succeskriterier.'
          : `${this.proseGoals} tekstafsnit med målbare mål er lavet til målrækker: titlen er teksten før målet (ellers overskriften over afsnittet eller det, målet måler), målene og teksten efter dem står under Succeskriterier.`
      )
    }
    if (this.goalsWithoutTargets) {
      this.notes.push(
        this.goalsWithoutTargets === 1
          ? 'Ét mål har succeskriterier, hvor intet kunne læses som et målbart mål; de er bevaret som tekst.'
          : `${this.goalsWithoutTargets} mål har succeskriterier, hvor intet kunne læses som et målbart mål; de er bevaret som tekst.`
      )
    }
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** A goal row from a paragraph's pieces (see the comment at the top). */
function goalFromPieces(pieces: readonly Piece[], heading: string | null): RecognisedGoal {
  const firstTarget = pieces.findIndex((p) => p.kind === 'target')
  const lead = pieces
    .slice(0, firstTarget)
    .map((p) => (p.kind === 'text' ? p.node : null))
    .filter((n): n is PMNode => n !== null)
  const rest = pieces.slice(firstTarget)
  const targets = pieces.flatMap((p) => (p.kind === 'target' ? [p.target] : []))
  const leadText = squash(lead.map((n) => n.textContent).join(' '))
  const useLead = leadText !== '' && leadText.length <= MAX_TITLE_LENGTH
  const first = targets[0]!
  const fallbackTitle = heading || capitalise(squash(first.spec.indicator)) || squash(first.source).slice(0, 80)
  const titleCell = useLead ? lead : [paragraphOf([s.text(fallbackTitle)])]
  const criteria = [...(useLead ? [] : lead), ...rest.map((p) => (p.kind === 'text' ? p.node : p.target.node))]
  const cell = (column: string, content: PMNode[]) => s.node('goal_cell', { column }, content.length ? content : [emptyParagraph()])
  const node = s.node('goal', { id: newId(), order: 0 }, [cell('title', titleCell), cell('actions', []), cell('criteria', criteria), cell('followUp', [])])
  return { node, title: useLead ? leadText : fallbackTitle, targets }
}

/** The sentences left as text because their reading as a target was unsure, in document order. */
function unsureSentences(doc: PMNode): ImportReview['notReadAsTargets'] {
  const out: ImportReview['notReadAsTargets'] = []
  doc.descendants((node) => {
    if (node.type.name === 'target') return false
    if (node.type.name !== 'paragraph') return true
    for (const r of readTargets(paragraphText(node))) if (r.doubt !== null) out.push({ source: r.sentence, reason: r.doubt })
    return false
  })
  return out
}

/**
 * Recognise a plan in what a reader found in a file: focus areas from
 * headings, goal tables and måltal tables from tables, measurable targets
 * from sentences. Returns a document of `planSchema` and a review listing
 * everything recognised. Never drops text: what is not recognised is kept as
 * ordinary text, and the review's notes say so.
 */
export function recognisePlan(source: ImportSource, options: RecogniseOptions = {}): RecognisedPlan {
  const r = new Recogniser()
  const blocks = promoteBoldHeadings(source.blocks)
  const { titleIndex, focusLevel } = readOutline(blocks, { noTitle: options.ownExport === true })
  const below = options.ownExport ? 1 : 0
  let titleHeading = ''
  blocks.forEach((block, index) => {
    switch (block.type) {
      case 'heading': {
        const text = squash(runsText(block.runs))
        if (text === '') return
        if (index === titleIndex) {
          titleHeading = text
          r.closeContainer()
          r.emit(headingNode(block, 2), false)
          return
        }
        const above = focusLevel === null || block.level <= focusLevel
        if (r.inVision && block.level > r.visionLevel) {
          r.emit(headingNode(block, block.level), false)
          return
        }
        if (above && isVisionHeading(text)) {
          r.closeContainer()
          r.emit(headingNode(block, 2), false)
          r.openVision(block.level)
          return
        }
        if (block.level === focusLevel && !isFrontOrBackMatter(text)) {
          r.openFocusArea(text)
          return
        }
        if (focusLevel !== null && block.level <= focusLevel) {
          r.closeContainer()
          r.emit(headingNode(block, 2))
          return
        }
        if (r.inVision) r.closeContainer()
        r.subheading(headingNode(block, focusLevel === null ? 2 : 2 + block.level - focusLevel - below), text)
        return
      }
      case 'paragraph': {
        const para = paragraphOf(runsToInline(block.runs))
        const text = squash(runsText(block.runs))
        if (text === '') return
        if (!r.inFocusArea && !r.inVision && introducesVision(text)) {
          r.emit(para, false)
          r.openVision(Number.POSITIVE_INFINITY)
          return
        }
        // "Vision: Vi understøtter …" is the vision itself, with what follows it.
        if (!r.inFocusArea && !r.inVision && statesVision(text) && !hasTarget(text)) {
          r.openVision(Number.POSITIVE_INFINITY)
          r.emit(para, false)
          return
        }
        if (r.paragraph(para)) return
        r.emit(para, !r.inVision)
        return
      }
      case 'list':
        r.list(block)
        return
      case 'table':
        r.table(block.rows)
        return
    }
  })
  r.finish()

  const named = squash(options.title ?? '') || squash(source.title ?? '') || titleHeading
  const title = named || firstLineTitle(source) || UNTITLED
  if (!named) {
    r.notes.unshift(
      title === UNTITLED
        ? `Dokumentet har ingen titel; planen hedder „${title}“, indtil du giver den en anden.`
        : `Dokumentet har ingen titeloverskrift; planen hedder „${title}“ efter dokumentets første linje, indtil du giver den en anden.`
    )
  }
  if (focusLevel === null && r.goals.length + r.keptAsText > 0)
    r.notes.unshift('Dokumentet har ingen overskrifter, der kunne blive til fokusområder; alt er lagt ind uden fokusområder.')

  const doc = s.node('doc', null, r.top.length ? r.top : [emptyParagraph()])
  doc.check()
  const notReadAsTargets = unsureSentences(doc)
  if (notReadAsTargets.length) {
    r.notes.push(
      notReadAsTargets.length === 1
        ? 'Én sætning ligner et mål, men er ikke læst som mål, fordi læsningen er usikker; den står som tekst (se „Ikke læst som mål“).'
        : `${notReadAsTargets.length} sætninger ligner mål, men er ikke læst som mål, fordi læsningen er usikker; de står som tekst (se „Ikke læst som mål“).`
    )
  }
  return {
    doc,
    review: {
      title,
      format: source.format,
      focusAreas: r.focusAreas,
      goals: r.goals,
      figuresTables: r.figuresTables,
      keptAsText: r.keptAsText,
      notReadAsTargets,
      notes: r.notes
    }
  }
}
