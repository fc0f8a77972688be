// Public exports of schema/import/: the import contract, the readers of
// Markdown and plain text, and the recogniser.
export type { ImportRun, ImportBlock, ImportFormat, ImportSource, ReviewTarget, ReviewGoal, ImportReview } from './types'
export { recognisePlan, textToImportSource } from './recognise'
export type { RecogniseOptions, RecognisedPlan } from './recognise'
export { markdownToImportSource } from './markdown-reader'
export { restoreIds } from './restore-ids'
export type { RestoredIds } from './restore-ids'
export { paragraphOf, blockText, blocksText } from './blocks'
export { parseTargetSentence, findTargets } from './target-parser'
export { splitSentences } from './sentences'
export { restoreOwnExportFrame, unframeOwnExport } from './own-export'
