// Public exports of schema/editing/: what keeps a plan well-formed while it
// is edited (unique ids, repair of empty structure, goal order), as
// ProseMirror plugins and transactions shared by the editor and tests.
export { findIdFixes, applyIdFixes, withFreshIds, uniqueIdsPlugin, ID_NODE_TYPES } from './ids'
export type { IdFix } from './ids'
export { findRepairs, repairTransaction, repairPlugin } from './repair'
export { orderedGoals, moveGoal, insertGoal, deleteGoal } from './goal-order'
export type { OrderedGoal } from './goal-order'
export { textChange } from './text-change'
export type { TextChange } from './text-change'
