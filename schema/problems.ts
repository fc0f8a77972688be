import type { Lang } from './numbers'

/** Something the extractor or loader could not read, and where. Never an exception. */
export interface Problem {
  /** JSON Pointer into the export (`/goals/2/targets/0/target/value`) or into the document. */
  path: string
  /** What is wrong, in words a plan's author reads (Danish in plan.json; extractPlan can write English). */
  message: string
  /** The id of the structured node concerned, when it has one. */
  nodeId?: string
}

/** The structured nodes a problem can be about. */
export type ProblemNode = 'focus_area' | 'goal' | 'goal_table' | 'target' | 'follow_up' | 'figures_table'

/** What a number or period field is, in a problem message. */
export type ProblemField = 'baselineValue' | 'baselinePeriod' | 'targetValue' | 'targetPeriod' | 'followUpValue'

/** What an unknown choice was meant to be, in a problem message. */
export type ProblemChoice = 'kind' | 'unit' | 'comparator' | 'per' | 'status'

/**
 * Every problem message, in each language. The words are the editor's
 * ("målsætning", "måltal-tabel"), never attribute names or codes, because the
 * editor lists these messages to the plan's authors (issue #15).
 */
export interface ProblemTexts {
  noId(node: ProblemNode): string
  duplicateId(node: ProblemNode): string
  notANumber(field: ProblemField | { figure: string }, value: unknown): string
  notAPeriod(field: ProblemField, value: unknown): string
  unknownChoice(choice: ProblemChoice, value: unknown): string
  noTargetValue: string
  noFollowUpDate: string
  badFollowUpDate(value: unknown): string
  unknownColumn(column: unknown): string
  missingColumn(column: 'title' | 'actions' | 'criteria' | 'followUp'): string
  goalNoTitle: string
  focusAreaNoTitle: string
  figuresNoLabel(table: number, column: number): string
  followUpTargetGone(): string
  followUpNoTarget: string
  unknownMark(mark: string): string
  unknownNode(node: string): string
  notFitting(detail: string): string
  unreadable(detail: string): string
}

/** A value as found, quoted the reader's way (»…« in Danish). */
const quote = (value: unknown, open: string, close: string): string => {
  if (typeof value === 'string') return `${open}${value}${close}`
  const json = JSON.stringify(value)
  return json === undefined ? String(value) : json
}
const da = (v: unknown) => quote(v, '»', '«')
const en = (v: unknown) => quote(v, '“', '”')

const NODE_DA: Record<ProblemNode, [string, string]> = {
  focus_area: ['Et fokusområde', 'fokusområder'],
  goal: ['Et mål', 'mål'],
  goal_table: ['En måltabel', 'måltabeller'],
  target: ['En målsætning', 'målsætninger'],
  follow_up: ['En opfølgning', 'opfølgninger'],
  figures_table: ['En måltal-tabel', 'måltal-tabeller']
}
const NODE_EN: Record<ProblemNode, string> = {
  focus_area: 'focus area',
  goal: 'goal',
  goal_table: 'goal table',
  target: 'target',
  follow_up: 'follow-up',
  figures_table: 'figures table'
}
const FIELD_DA: Record<ProblemField, string> = {
  baselineValue: 'Udgangspunktet',
  baselinePeriod: 'Udgangspunktets periode',
  targetValue: 'Målværdien',
  targetPeriod: 'Målets periode',
  followUpValue: 'Den målte værdi'
}
const FIELD_EN: Record<ProblemField, string> = {
  baselineValue: 'Baseline value',
  baselinePeriod: 'Baseline period',
  targetValue: 'Target value',
  targetPeriod: 'Target period',
  followUpValue: 'Follow-up value'
}
const CHOICE_DA: Record<ProblemChoice, string> = {
  kind: 'type af målsætning',
  unit: 'enhed',
  comparator: 'sammenligning',
  per: 'periode for et løbende mål',
  status: 'status for opfølgningen'
}
const CHOICE_EN: Record<ProblemChoice, string> = { kind: 'target kind', unit: 'unit', comparator: 'comparator', per: 'rate period', status: 'follow-up status' }
const COLUMN_DA = { title: 'Mål', actions: 'Handlinger', criteria: 'Succeskriterier', followUp: 'Opfølgning' }
const COLUMN_EN = { title: 'Goal', actions: 'Actions', criteria: 'Success criteria', followUp: 'Follow-up' }

/** Problem messages in Danish (plan.json) and English. */
export const PROBLEM_TEXTS: Record<Lang, ProblemTexts> = {
  da: {
    noId: (node) => `${NODE_DA[node][0]} har intet id`,
    duplicateId: (node) => `To ${NODE_DA[node][1]} har samme id`,
    notANumber: (field, value) => `${typeof field === 'string' ? FIELD_DA[field] : `Tallet i kolonnen »${field.figure}«`} er ikke et tal: ${da(value)}`,
    notAPeriod: (field, value) => `${FIELD_DA[field]} er ikke en periode (fx 2019, december 2019, 4. kvartal 2019 eller 1. halvår 2020): ${da(value)}`,
    unknownChoice: (choice, value) => `Ukendt ${CHOICE_DA[choice]}: ${da(value)}`,
    noTargetValue: 'Målsætningen har ingen målværdi endnu',
    noFollowUpDate: 'Opfølgningen har ingen dato',
    badFollowUpDate: (value) => `Opfølgningens dato er ikke en dato: ${da(value)}`,
    unknownColumn: (column) => `En celle i målet hører til en ukendt kolonne (${da(column)}); dens tekst læses som handlinger`,
    missingColumn: (column) => `Målet mangler kolonnen »${COLUMN_DA[column]}«`,
    goalNoTitle: 'Målet har ingen titel',
    focusAreaNoTitle: 'Fokusområdet har ingen titel',
    figuresNoLabel: (table, column) => `Måltal-tabel ${table} mangler en overskrift til kolonne ${column}`,
    followUpTargetGone: () => 'Opfølgningen peger på en målsætning, der ikke findes længere',
    followUpNoTarget: 'Opfølgningen siger ikke, hvilken målsætning den måler',
    unknownMark: (mark) => `Ukendt formatering »${mark}« er fjernet; teksten er bevaret`,
    unknownNode: (node) => `Ukendt element »${node}« er læst som et afsnit med dets tekst`,
    notFitting: (detail) => `Dokumentet passer ikke til planens opbygning: ${detail}`,
    unreadable: (detail) => `Dokumentet kunne ikke læses (${detail}); det vises som almindelig tekst`
  },
  en: {
    noId: (node) => `A ${NODE_EN[node]} has no id`,
    duplicateId: (node) => `Two ${NODE_EN[node]}s have the same id`,
    notANumber: (field, value) => `${typeof field === 'string' ? FIELD_EN[field] : `The figure in column “${field.figure}”`} is not a number: ${en(value)}`,
    notAPeriod: (field, value) => `${FIELD_EN[field]} is not a period (e.g. 2019, December 2019, Q4 2019 or H1 2020): ${en(value)}`,
    unknownChoice: (choice, value) => `Unknown ${CHOICE_EN[choice]}: ${en(value)}`,
    noTargetValue: 'Target has no target value yet',
    noFollowUpDate: 'Follow-up has no date',
    badFollowUpDate: (value) => `Follow-up date is not a date: ${en(value)}`,
    unknownColumn: (column) => `A cell of the goal belongs to an unknown column (${en(column)}); its text is read as actions`,
    missingColumn: (column) => `The goal has no “${COLUMN_EN[column]}” column`,
    goalNoTitle: 'Goal has no title',
    focusAreaNoTitle: 'Focus area has no title',
    figuresNoLabel: (table, column) => `Figures table ${table} has no label for column ${column}`,
    followUpTargetGone: () => 'Follow-up points at a target that no longer exists',
    followUpNoTarget: 'Follow-up does not say which target it measures',
    unknownMark: (mark) => `Unknown formatting “${mark}” removed; its text is kept`,
    unknownNode: (node) => `Unknown element “${node}” read as a paragraph of its text`,
    notFitting: (detail) => `Document does not fit the plan's structure: ${detail}`,
    unreadable: (detail) => `Document could not be read (${detail}); shown as plain text`
  }
}
