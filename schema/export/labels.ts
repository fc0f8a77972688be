import type { Node as PMNode } from 'prosemirror-model'
import { formatNumber, type Lang } from '../numbers'
import { formatPeriod } from '../periods'
import type { PlanMeta, PlanStatus } from '../plan-meta'
import type { GoalColumn } from '../vocabulary'

// Words every export (print HTML, DOCX, PDF) uses, so a goal table reads the
// same whatever the format.

/** Column headers of a goal table: Mål · Handlinger · Succeskriterier · Opfølgning. */
export const GOAL_COLUMN_TITLES: Record<Lang, Record<GoalColumn, string>> = {
  da: { title: 'Mål', actions: 'Handlinger', criteria: 'Succeskriterier', followUp: 'Opfølgning' },
  en: { title: 'Goal', actions: 'Actions', criteria: 'Success criteria', followUp: 'Follow-up' }
}

/** Readable follow-up statuses. */
export const FOLLOW_UP_STATUS_WORDS: Record<Lang, Record<string, string>> = {
  da: { onTrack: 'på rette spor', atRisk: 'i risiko', offTrack: 'bagud', achieved: 'opfyldt' },
  en: { onTrack: 'on track', atRisk: 'at risk', offTrack: 'off track', achieved: 'achieved' }
}

/** Readable plan statuses (the plan list and the settings dialog use the same words). */
export const PLAN_STATUS_WORDS: Record<Lang, Record<PlanStatus, string>> = {
  da: { draft: 'Udkast', committee: 'Til behandling i udvalget', hearing: 'I høring i LBR', adopted: 'Vedtaget' },
  en: { draft: 'Draft', committee: 'With the committee', hearing: 'In consultation with the LBR', adopted: 'Adopted' }
}

/** Other fixed words of the exports. */
export const EXPORT_WORDS: Record<Lang, { untitled: string; vision: string; targetGroup: string; followUp: string; status: string }> = {
  da: { untitled: 'Plan uden titel', vision: 'Vision', targetGroup: 'Målgruppe', followUp: 'Opfølgning', status: 'Status' },
  en: { untitled: 'Untitled plan', vision: 'Vision', targetGroup: 'Target group', followUp: 'Follow-up', status: 'Status' }
}

/** The plan's title, or a placeholder that says it has none. */
export const planTitle = (meta: PlanMeta, lang: Lang): string => meta.title.trim() || EXPORT_WORDS[lang].untitled

/** The facts under the title: municipality · period · status. */
export function planFacts(meta: PlanMeta, lang: Lang): string[] {
  return [
    meta.municipality,
    meta.period ? formatPeriod(meta.period, lang) : '',
    `${EXPORT_WORDS[lang].status}: ${PLAN_STATUS_WORDS[lang][meta.status] ?? meta.status}`
  ].filter((f) => f !== '')
}

/** The parts of a follow-up entry as a reader sees them. */
export interface FollowUpWords {
  status: string
  /** A status key safe for a CSS class name. */
  statusKey: string
  date: string
  value: string
  note: string
}

/** Read a follow_up node's attributes into words (never throws on odd attribute values). */
export function followUpWords(node: PMNode, lang: Lang): FollowUpWords {
  const a = node.attrs
  const statusKey = typeof a.status === 'string' && /^[a-zA-Z]+$/.test(a.status) ? a.status : 'unknown'
  return {
    status: FOLLOW_UP_STATUS_WORDS[lang][String(a.status)] ?? String(a.status ?? '?'),
    statusKey,
    date: typeof a.date === 'string' && a.date ? formatPeriod(a.date, lang) : '?',
    value: typeof a.value === 'number' ? formatNumber(a.value, lang) : '–',
    note: typeof a.note === 'string' ? a.note : ''
  }
}

/** One line for a follow-up entry: "Opfølgning 30. juni 2019: 447 (på rette spor) – note". */
export function followUpLine(node: PMNode, lang: Lang): string {
  const w = followUpWords(node, lang)
  return `${EXPORT_WORDS[lang].followUp} ${w.date}: ${w.value} (${w.status})${w.note ? ' – ' + w.note : ''}`
}

/** A figures cell's value in the reader's notation ("" when empty). */
export const figureValue = (value: unknown, lang: Lang): string => (typeof value === 'number' ? formatNumber(value, lang) : '')
