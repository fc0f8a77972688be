// Public exports of schema/export/: format-independent pieces of the print,
// DOCX and PDF exports (the server renders the binary formats).
export { planToPrintHtml, escapeHtml, printCss, PRINT_HTML_CSP } from './print-html'
export type { PrintHtmlOptions } from './print-html'
export {
  GOAL_COLUMN_TITLES,
  FOLLOW_UP_STATUS_WORDS,
  PLAN_STATUS_WORDS,
  EXPORT_WORDS,
  planTitle,
  planFacts,
  followUpWords,
  followUpLine,
  figureValue
} from './labels'
export type { FollowUpWords } from './labels'
export { DOCX_PLAN_NAMESPACE, DOCX_PLAN_ID_PROPERTY, DOCX_SCHEMA_VERSION_PROPERTY, planPartXml, readPlanPart } from './docx-plan-part'
export { planOutline } from './outline'
export { readFiguresTable } from './figures'
export type { FiguresGrid } from './figures'
export type { OutlineLine, OutlineStyle } from './outline'
export { goalsToCsv, parseCsv, csvNumber, GOALS_CSV_COLUMNS } from './csv'
export { planToMarkdown } from './markdown'
export type { MarkdownFootnote } from './markdown'
export { exportFilename, danishDay } from './filename'
