// Public exports of schema/: the core that client, server and tests share.
// Pure TypeScript: no DOM, no Node APIs. Groups used by one side have their
// own entry points: schema/build (builders, demo plan), schema/editing (ids,
// repair, goal order), schema/comments, schema/export, schema/import.
export { planSchema, isNode, nodeName, attrKind } from './plan-schema'
export type { PlanSchema, NodeName, MarkName, AttrKind, PlanAttrSpec } from './plan-schema'
export { SCHEMA_VERSION, META_SCHEMA_VERSION, BODY_FRAGMENT, META_MAP } from './version'
export { TARGET_KINDS, UNITS, COMPARATORS, RATE_PERIODS, FOLLOW_UP_STATUSES, GOAL_COLUMNS, KNOWN_TARGET_GROUPS, isOneOf } from './vocabulary'
export type { TargetKind, Unit, Comparator, RatePeriod, FollowUpStatus, GoalColumn } from './vocabulary'
export {
  ROLES,
  GROUPS,
  COMMENTS_SUFFIX,
  commentsRoomOf,
  roomsOfPlan,
  isValidPlanId,
  parseRoomName,
  mayWrite,
  MessageType,
  SCHEMA_PARAM,
  declareSchemaParams,
  declaredSchemaOf,
  Close,
  closeNameOf
} from './protocol'
export type { Role, Group, TokenClaims, CloseReason, CloseName } from './protocol'
export { HTTP_ERRORS, isHttpErrorCode, fillPlaceholders, placeholdersOf, readHttpErrorBody } from './http-errors'
export type { HttpErrorSpec, HttpErrorCode, HttpErrorParams, HttpErrorJson, HttpErrorBody } from './http-errors'
export { presenceUser, presenceCursor, presencePresenting, isPresenceColour, MAX_PRESENCE_TEXT } from './presence'
export type { PresenceUser, PresenceCursor, PresencePresenting, RelativePositionJson } from './presence'
export { safeHref } from './links'
export { PLAN_STATUSES, MAX_TITLE_LENGTH, capTitle } from './plan-meta'
export type { PlanMeta, PlanStatus } from './plan-meta'
export type { Problem } from './problems'
export { formatNumber, parseNumber, parsePercent } from './numbers'
export type { Lang } from './numbers'
export { formatPeriod, parsePeriod, isPeriod, periodParts, type PeriodParts } from './periods'
export type { TargetSpec, FollowUpSpec } from './target-model'
export { targetSentence } from './target-sentence'
export { TARGET_GROUP_LABELS, targetGroupLabel, targetGroupFromLabel } from './target-groups'
export type { KnownTargetGroup } from './target-groups'
export { seedPlanDoc, documentSchemaVersion, readPlanMeta, yBodyToPlanNode } from './yjs'
export { giveTextblocksTheirText } from './y-text-slots'
export { writeEditFast, docMappedTo } from './y-fast-write'
export type { FastEdit, YPmMapping } from './y-fast-write'
export type { PlanExport, GoalExport, TargetExport, FollowUpExport, FocusAreaExport, FigureRowExport } from './plan-export'
export { extractPlan, extractPlanFromYDoc } from './extract'
export { CONFLICT_FIELDS, withConflicts, targetConflicts, conflictSummary, sortConflicts, sameFieldValue, toFieldValue, CONFLICT_NODE_TYPES } from './conflicts'
export type { Conflict, ConflictValue, ConflictResolution, ConflictNodeType, FieldValue } from './conflicts'
