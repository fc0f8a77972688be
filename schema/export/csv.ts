import { formatNumber, parseNumber } from '../numbers'
import type { PlanExport } from '../plan-export'
import { conflictSummary, targetConflicts } from '../conflicts'
import { COMPARATORS, isOneOf } from '../vocabulary'
import { targetGroupLabel } from '../target-groups'

// goals.csv is written for Danish Excel: semicolon-separated (the comma is the
// decimal mark), numbers in Danish notation, UTF-8 with a byte order mark so
// Excel does not turn "æøå" into mojibake, CRLF line ends.

/** Column headers of goals.csv, in order. */
export const GOALS_CSV_COLUMNS = [
  'Fokusområde',
  'Mål-id',
  'Mål',
  'Målsætning-id',
  'Type',
  'Indikator',
  'Målgruppe',
  'Enhed',
  'Udgangspunkt',
  'Udgangspunkt periode',
  'Sammenligning',
  'Målværdi',
  'Målperiode',
  'Pr.',
  'Seneste opfølgning',
  'Seneste værdi',
  'Seneste status',
  'Sætning',
  'Konflikt'
] as const

const quote = (cell: string): string => (/[";\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)
const num = (n: number | null): string => (n === null ? '' : quote(formatNumber(n, 'da').replace(/\./g, '')))

// CSV injection (OWASP): Excel and LibreOffice run a cell that starts with
// = + - @ as a formula, and skip a leading tab or CR before deciding. The
// rule here: every text cell (titles, ids, periods, sentences: anything a
// person typed or a peer could set) that starts with one of those gets a
// leading apostrophe, which spreadsheets show as text. Number cells are
// written by `num` from a number, so they are only digits, one comma and
// perhaps a leading minus: "-5" there stays the number -5. The comparator
// column is closed vocabulary (`<=`, `>=`, `=`, checked by extractPlan):
// written as is, since readers parse it and a lone `=` runs nothing.
const FORMULA_START = /^[=+\-@\t\r]/
const text = (cell: string): string => quote(FORMULA_START.test(cell) ? `'${cell}` : cell)
const comparator = (c: string | null): string => (isOneOf(COMPARATORS, c) ? c : text(c ?? ''))

/**
 * goals.csv: one row per target, with its goal and focus area. Starts with a
 * BOM. The last column names the target's open conflicts (plan.conflicts),
 * "uafklaret: 55 (Anna) / 60 (Bo)", and is empty without any.
 */
export function goalsToCsv(plan: PlanExport): string {
  const areaTitle = new Map(plan.focusAreas.map((a) => [a.id, a.title]))
  const lines = [GOALS_CSV_COLUMNS.join(';')]
  for (const goal of plan.goals) {
    for (const t of goal.targets) {
      const latest = goal.followUps.filter((f) => f.targetId === t.id && f.date !== null).sort((a, b) => (a.date! < b.date! ? 1 : -1))[0]
      lines.push(
        [
          text(areaTitle.get(goal.focusAreaId) ?? ''),
          text(goal.id ?? ''),
          text(goal.title),
          text(t.id ?? ''),
          text(t.kind ?? ''),
          text(t.indicator),
          text(targetGroupLabel(t.targetGroup)),
          text(t.unit ?? ''),
          num(t.baseline?.value ?? null),
          text(t.baseline?.period ?? ''),
          comparator(t.target.comparator),
          num(t.target.value),
          text(t.target.period ?? ''),
          text(t.per ?? ''),
          text(latest?.date ?? ''),
          num(latest?.value ?? null),
          text(latest?.status ?? ''),
          text(t.sentence),
          // Values and names are what people typed: defused like every text cell.
          text(
            targetConflicts(plan, t.id)
              .map((c) => conflictSummary(c))
              .join(' | ')
          )
        ].join(';')
      )
    }
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** Parse a semicolon CSV as written by goalsToCsv (quotes, doubled quotes, CRLF, BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  const src = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ';') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}

/** Read a Danish number cell of goals.csv ("" → null). */
export const csvNumber = (cell: string): number | null => (cell === '' ? null : parseNumber(cell))
