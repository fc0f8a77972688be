import type { TargetSpec } from '../target-model'

// The contract between the file readers (server/import: .docx, Markdown,
// plain text) and the recogniser (schema/import/recognise.ts), and between
// the import endpoint and the review dialog. Readers only say what the file
// holds; deciding what is a focus area, a goal table or a target is the
// recogniser's job, so all three formats are recognised the same way.

/** A run of text with the inline formatting the plan schema can hold. */
export interface ImportRun {
  text: string
  bold?: boolean
  italic?: boolean
  href?: string
}

/** One block of a source document, format-independent. */
export type ImportBlock =
  | { type: 'heading'; level: number; runs: ImportRun[] }
  | { type: 'paragraph'; runs: ImportRun[] }
  /** Each item is the blocks of one list item (paragraphs and nested lists). */
  | { type: 'list'; ordered: boolean; items: ImportBlock[][] }
  /** rows → cells → the blocks in that cell. The first row is usually the header. */
  | { type: 'table'; rows: ImportBlock[][][] }

export type ImportFormat = 'docx' | 'markdown' | 'text'

/** What a reader got out of a file. */
export interface ImportSource {
  format: ImportFormat
  /** The document's own title if the format has one (Word core properties, a Markdown `# title`). */
  title?: string
  blocks: ImportBlock[]
  /**
   * The first line of text as written (plain text and Markdown join the
   * lines of a paragraph, so the blocks no longer show it): the plan's
   * title when the document has no title heading.
   */
  firstLine?: string
  /** Readers' messages for the user (Danish), e.g. an image that could not be kept. */
  warnings: string[]
}

/** A target found in the text, with the sentence it was read from. */
export interface ReviewTarget {
  /** The sentence exactly as the source wrote it. */
  source: string
  /** How Fællesplan will render it (targetSentence of the parsed target). */
  sentence: string
  target: TargetSpec
}

/** A goal row the recogniser built. */
export interface ReviewGoal {
  focusArea: string | null
  title: string
  targets: ReviewTarget[]
}

/** What the recogniser made of a source, shown for review before a plan is created. */
export interface ImportReview {
  title: string
  format: ImportFormat
  focusAreas: string[]
  goals: ReviewGoal[]
  figuresTables: { caption: string; columns: string[]; rows: number }[]
  /** Blocks kept as ordinary text (paragraphs, lists, headings, unrecognised tables). */
  keptAsText: number
  /**
   * Sentences that look like targets but were read with too much doubt to
   * become one (issue #15): they stay text; the review lists them as "ikke
   * læst som mål" with the reason (Danish), so a person can make them
   * targets by hand.
   */
  notReadAsTargets: { source: string; reason: string }[]
  /** Plain-language notes for the user (Danish): what was not recognised and where it went. */
  notes: string[]
}
