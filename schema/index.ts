// Public exports of schema/: everything client, server and tests may use.
// Pure TypeScript: no DOM, no Node APIs.
export { planSchema, TARGET_ATTRS, FOLLOW_UP_ATTRS } from './plan-schema'
export type { PlanSchema } from './plan-schema'
export { SCHEMA_VERSION, META_SCHEMA_VERSION, BODY_FRAGMENT, META_MAP } from './version'
export * from './vocabulary'
export * from './protocol'
export { safeHref } from './links'
