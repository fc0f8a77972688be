import type { GoalColumn } from '../vocabulary'
import { parsePeriod } from '../periods'

// What a table's header row says about the table. Plans name their columns in
// many ways ("Indsatsområde og mål", "Hvad er tegn på gode resultater?"), so a
// header is matched by the words it starts with, in a fixed order of rules:
// the first rule that matches decides.

const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim()

// Each rule is a list of word sequences; a header matches when its normalised
// text starts with one of them as whole words. Order matters: "resultatmål"
// is a criteria column although it ends in "mål", "hvordan måles det" a
// follow-up column.
const RULES: ReadonlyArray<readonly [GoalColumn, readonly string[]]> = [
  [
    'followUp',
    [
      'opfølgning',
      'hvordan måles det',
      'hvordan måles',
      'hvordan følges',
      'hvordan følger vi op',
      'måling',
      'målemetode',
      'evaluering',
      'dokumentation',
      'status'
    ]
  ],
  [
    'criteria',
    [
      'succeskriterier',
      'succeskriterie',
      'succeskriterium',
      'succes kriterier',
      'resultatmål',
      'resultatkrav',
      'resultatforventninger',
      'resultatforventning',
      'forventet resultat',
      'forventede resultater',
      'hvad er tegn på gode resultater',
      'tegn på gode resultater',
      'tegn på',
      'måltal',
      'målbare mål',
      'indikatorer',
      'indikator',
      'effekt'
    ]
  ],
  [
    'actions',
    [
      'handlinger',
      'handling',
      'handleplan',
      'indsatser',
      'indsats',
      'aktiviteter',
      'aktivitet',
      'initiativer',
      'initiativ',
      'tiltag',
      'hvad gør vi',
      'sådan gør vi',
      'midler',
      'metode',
      'metoder'
    ]
  ],
  [
    'title',
    [
      'indsatsområde og mål',
      'indsatsområder og mål',
      'indsatsområde',
      'indsatsområder',
      'fokusområde',
      'mål',
      'målsætning',
      'målsætninger',
      'delmål',
      'overordnet mål',
      'overordnede mål',
      'politisk mål',
      'politiske mål',
      'effektmål',
      'formål',
      'bevillingsmål',
      'strategisk mål',
      'strategiske mål'
    ]
  ]
]

/**
 * The goal column a table header names, or null when it names none we know.
 * `exact`: the whole header must be the phrase (for labels in a table's
 * first column, which may as well be the start of a sentence).
 */
export function goalColumnOf(header: string, exact = false): GoalColumn | null {
  const text = normalise(header)
  if (text === '') return null
  for (const [column, phrases] of RULES) {
    for (const phrase of phrases) {
      if (text === phrase || (!exact && text.startsWith(phrase + ' '))) return column
    }
  }
  return null
}

/** The Danish name of a goal column, as the editor shows it. */
export const GOAL_COLUMN_NAMES: Record<GoalColumn, string> = {
  title: 'Mål',
  actions: 'Handlinger',
  criteria: 'Succeskriterier',
  followUp: 'Opfølgning'
}

// A column naming whom a goal is for ("Målgruppe | Målsætninger") names
// the goal: it is the title when no column says "Mål" outright, and the
// goals written beside it are then its success criteria.
const GROUP_HEADERS = ['målgruppe', 'målgrupper', 'ydelsesgruppe', 'ydelsesgrupper', 'ydelse', 'ydelser', 'gruppe', 'borgergruppe']

const isGroupHeader = (header: string): boolean => {
  const text = normalise(header)
  return GROUP_HEADERS.some((g) => text === g || text.startsWith(g + ' '))
}

/** Which goal column each header names (null for unknown); null overall if the row does not look like a goal table's header. */
export function goalTableColumns(headers: readonly string[]): Array<GoalColumn | null> | null {
  const columns = headers.map((header) => goalColumnOf(header))
  const group = headers.findIndex(isGroupHeader)
  // "Målgruppe | (Enhed |) Måltal 2018 | Måltal 2019" is a måltal table,
  // even when a cell in it is not a number (it is then kept as text, not
  // made goals).
  if (group >= 0 && headers.some((h, i) => i !== group && isPeriodHeader(h))) return null
  if (group >= 0 && columns[group] === null) {
    if (!columns.includes('title')) columns[group] = 'title'
    else if (!columns.includes('criteria')) {
      for (let i = 0; i < columns.length; i++) if (columns[i] === 'title') columns[i] = 'criteria'
      columns[group] = 'title'
    }
  }
  const distinct = new Set(columns.filter((c): c is GoalColumn => c !== null))
  // Two distinct known columns, one of them saying what is to be achieved:
  // "Mål | Handlinger", "Handlinger | Succeskriterier". A lone "Status"
  // column in some other table is not enough.
  if (distinct.size < 2) return null
  if (!distinct.has('title') && !distinct.has('criteria')) return null
  return columns
}

const YEAR = /(?:^|\D)(19|20)\d{2}(?:\D|$)/

/** Whether a header names a period of figures: "Måltal 2018", "Estimeret resultat 2018", "2019", "december 2015", "4. kvartal 2015". */
export function isPeriodHeader(header: string): boolean {
  const text = header.trim()
  if (text === '') return false
  return YEAR.test(text) || parsePeriod(text) !== null
}
