// Public exports of schema/history/: versions of a plan and what changed
// between two of them (the goal-aware comparison and the text diff).
export { VERSION_KINDS, NO_CHANGES, summarizeChanges, summaryLine, versionsToKeep } from './versions'
export type { VersionKind, VersionInfo, ChangeSummary, GoalChange, GoalChangeKind, FieldChange, FocusAreaRef, BlockChange, TextPart } from './versions'
export { comparePlans } from './compare-plans'
export { compareText, diffWords } from './compare-text'
export type { PmJson } from './compare-text'
export { alignSequences } from './sequence-align'
export type { AlignStep } from './sequence-align'
