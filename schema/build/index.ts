// Public exports of schema/build/: plan documents made in code (the nodes the
// editor inserts, the demo plan, next year's copy of a plan).
export {
  buildParagraph,
  buildHeading,
  buildBulletList,
  buildTarget,
  buildFollowUp,
  buildGoal,
  buildEmptyGoal,
  buildGoalTable,
  buildFiguresTable,
  buildFocusArea,
  buildVision,
  buildDoc
} from './nodes'
export type { GoalSpec, FiguresSpec, FocusAreaSpec } from './nodes'
export { demoPlan, demoPlanDoc, demoMeta, emptyPlan, DEMO_IDS, DEMO_PLAN_ID } from './demo-plan'
export { nextPeriod, nextYearTitle, withoutFollowUps } from './next-year-plan'
export { targetSpecToAttrs } from '../target-model'
