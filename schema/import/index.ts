// Public exports of schema/import/: the import contract and the recogniser.
export type {
  ImportRun, ImportBlock, ImportFormat, ImportSource, ReviewTarget, ReviewGoal, ImportReview
} from './types'
export { recognisePlan, textToImportSource } from './recognise'
export type { RecogniseOptions, RecognisedPlan } from './recognise'
