import { formatNumber, parseNumber } from './numbers'
import type { PlanExport } from './plan-export'

// goals.csv is written for Danish Excel: semicolon-separated (the comma is the
// decimal mark), numbers in Danish notation, UTF-8 with a byte order mark so
// Excel does not turn "æøå" into mojibake, CRLF line ends.

/** Column headers of goals.csv, in order. */
export const GOALS_CSV_COLUMNS = [
  'Fokusområde', 'Mål-id', 'Mål', 'Målsætning-id', 'Type', 'Indikator', 'Målgruppe', 'Enhed',
  'Udgangspunkt', 'Udgangspunkt periode', 'Sammenligning', 'Målværdi', 'Målperiode', 'Pr.',
  'Seneste opfølgning', 'Seneste værdi', 'Seneste status', 'Sætning'
] as const

const quote = (cell: string): string => (/[";\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)
const num = (n: number | null): string => (n === null ? '' : formatNumber(n, 'da').replace(/\./g, ''))

/** goals.csv: one row per target, with its goal and focus area. Starts with a BOM. */
export function goalsToCsv(plan: PlanExport): string {
  const areaTitle = new Map(plan.focusAreas.map((a) => [a.id, a.title]))
  const lines = [GOALS_CSV_COLUMNS.join(';')]
  for (const goal of plan.goals) {
    for (const t of goal.targets) {
      const latest = goal.followUps
        .filter((f) => f.targetId === t.id && f.date !== null)
        .sort((a, b) => (a.date! < b.date! ? 1 : -1))[0]
      lines.push([
        areaTitle.get(goal.focusAreaId) ?? '', goal.id ?? '', goal.title, t.id ?? '', t.kind ?? '', t.indicator, t.targetGroup, t.unit ?? '',
        num(t.baseline?.value ?? null), t.baseline?.period ?? '', t.target.comparator ?? '', num(t.target.value), t.target.period ?? '', t.per ?? '',
        latest?.date ?? '', num(latest?.value ?? null), latest?.status ?? '', t.sentence
      ].map((c) => quote(String(c))).join(';'))
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
      if (ch === '"' && src[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ';') { row.push(cell); cell = '' } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}

/** Read a Danish number cell of goals.csv ("" → null). */
export const csvNumber = (cell: string): number | null => (cell === '' ? null : parseNumber(cell))
