// Public exports of schema/: everything client, server and tests may use.
// Pure TypeScript: no DOM, no Node APIs.
export { planSchema, TARGET_ATTRS, FOLLOW_UP_ATTRS } from './plan-schema'
export type { PlanSchema } from './plan-schema'
export { SCHEMA_VERSION, META_SCHEMA_VERSION, BODY_FRAGMENT, META_MAP } from './version'
export * from './vocabulary'
export * from './protocol'
export { safeHref } from './links'
export { PLAN_STATUSES } from './plan-meta'
export type { PlanMeta, PlanStatus } from './plan-meta'
export type { Problem } from './problems'
export { formatNumber, parseNumber } from './numbers'
export type { Lang } from './numbers'
export { formatPeriod, parsePeriod, isPeriod } from './periods'
export type { TargetSpec, FollowUpSpec } from './target-model'
export { targetSpecToAttrs } from './target-model'
export { targetSentence } from './target-sentence'
export { newId, derivedId, findIdFixes, applyIdFixes, withFreshIds, uniqueIdsPlugin, ID_NODE_TYPES } from './ids'
export type { IdFix } from './ids'
export { findRepairs, repairTransaction, repairPlugin } from './repair'
export {
  buildParagraph, buildHeading, buildBulletList, buildTarget, buildFollowUp, buildGoal, buildEmptyGoal,
  buildGoalTable, buildFiguresTable, buildFocusArea, buildVision, buildDoc
} from './build'
export type { GoalSpec, FiguresSpec, FocusAreaSpec } from './build'
export { demoPlan, demoPlanDoc, demoMeta, emptyPlan, DEMO_IDS, DEMO_PLAN_ID } from './demo-plan'
export { seedPlanDoc, documentSchemaVersion, readPlanMeta, yBodyToPlanNode } from './yjs'
export type {
  PlanExport, GoalExport, TargetExport, FollowUpExport, FocusAreaExport, FigureRowExport
} from './plan-export'
export { extractPlan, extractPlanFromYDoc } from './extract'
export { goalsToCsv, parseCsv, csvNumber, GOALS_CSV_COLUMNS } from './csv'
export { planToMarkdown } from './markdown'
export type { MarkdownFootnote } from './markdown'
export { orderedGoals, moveGoal, insertGoal, deleteGoal } from './goal-order'
export type { OrderedGoal } from './goal-order'
export * from './comments'
export * from './export'
export * from './import'
