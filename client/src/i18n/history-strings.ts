// The texts of version history, comparison and conflicts (issue #14), in
// their own module so strings.ts only names them once per language.

const da = {
  // Conflicts in the editor
  conflict: 'Uafklaret',
  conflictLabel: (field: string) => `Uafklaret: ${field}`,
  conflictHint: 'Skrevet samtidig af flere, fx offline. Vælg den værdi, der skal gælde.',
  conflictHintReader: 'Skrevet samtidig af flere, fx offline. En redaktør vælger den værdi, der skal gælde.',
  current: 'gældende nu',
  writtenBy: (who: string | null, when: string) => (who ? `${who}, ${when}` : `ukendt, ${when}`),
  choose: (value: string) => `Vælg ${value}`,
  chooseFor: (value: string, field: string) => `Vælg ${value} som ${field}`,
  conflictKept: (value: string) => `${value} er valgt. Konflikten er afgjort.`,
  conflictChosen: (value: string) => `${value} er sat ind. Ctrl+Z fortryder.`,
  conflictFailed: (message: string) => `Kunne ikke afgøre konflikten: ${message}`,
  unresolved: 'uafklaret',
  unresolvedLong: 'Uafklaret: to værdier skrevet samtidig',
  empty: '–',
  yes: 'ja',
  no: 'nej',

  // Historik panel
  history: 'Historik',
  historyTitle: 'Historik – gemte versioner',
  close: 'Luk',
  saveVersion: 'Gem version',
  versionName: 'Navn på versionen',
  versionNameHint: 'Fx »Til udvalgsmødet 12. marts«',
  versionSaved: (name: string) => `Versionen »${name}« er gemt.`,
  noVersions: 'Der er ingen gemte versioner endnu.',
  loadingVersions: 'Henter versioner …',
  versionsFailed: (message: string) => `Kunne ikke hente versionerne: ${message}`,
  kinds: { auto: 'Automatisk', named: 'Navngivet', status: 'Statusskift', 'before-restore': 'Før gendannelse', restored: 'Gendannet' } as Record<string, string>,
  byAt: (who: string, when: string) => `${who} · ${when}`,
  compareNow: 'Sammenlign med nu',
  compareWith: 'Sammenlign med …',
  compareWithLabel: (name: string) => `Sammenlign »${name}« med`,
  compareGo: 'Sammenlign',
  exportVersion: 'Hent',
  exportAs: (name: string) => `Hent »${name}« som`,
  restore: 'Gendan',
  restoreTitle: (name: string) => `Gendan »${name}«?`,
  restoreExplain: 'Indholdet fra denne version bliver lagt ind som en ny ændring. Intet går tabt: planen, som den er nu, gemmes først som en version »Før gendannelse«, og andres ændringer bliver ikke slettet.',
  restoreYes: 'Ja, gendan',
  restoreNo: 'Fortryd',
  restored: (name: string) => `»${name}« er gendannet som en ny ændring.`,
  actionFailed: (message: string) => `Det lykkedes ikke: ${message}`,
  versionActions: (name: string) => `Handlinger for »${name}«`,

  // Summary line
  summary: {
    goalsChanged: (n: number) => `${n} mål ændret`,
    goalsAdded: (n: number, first: boolean) => (first ? `${n} mål tilføjet` : `${n} tilføjet`),
    goalsRemoved: (n: number, first: boolean) => (first ? `${n} mål fjernet` : `${n} fjernet`),
    paragraphsEdited: (n: number) => `${n} afsnit redigeret`,
    none: 'Ingen ændringer'
  },

  // Compare view
  compareTitle: (from: string, to: string) => `Sammenligning: ${from} → ${to}`,
  now: 'nu',
  backToPlan: 'Tilbage til planen',
  loadingCompare: 'Sammenligner …',
  compareFailed: (message: string) => `Kunne ikke sammenligne: ${message}`,
  goalChanges: 'Mål og målsætninger',
  textChanges: 'Teksten',
  noGoalChanges: 'Ingen ændringer i mål, målsætninger eller opfølgning.',
  noTextChanges: 'Ingen ændringer i teksten.',
  legend: 'Tilføjet tekst er understreget og markeret med »+«, slettet tekst er gennemstreget og markeret med »−«.',
  inserted: 'tilføjet:',
  deleted: 'slettet:',
  insertedEnd: 'slut på tilføjet',
  deletedEnd: 'slut på slettet',
  blockKinds: { added: 'Nyt afsnit', removed: 'Afsnit fjernet', changed: 'Afsnit ændret' } as Record<string, string>,
  blockTypes: { paragraph: 'Afsnit', heading: 'Overskrift', focus_title: 'Fokusområdets titel', list_item: 'Punkt' } as Record<string, string>,
  columns: { title: 'Mål', actions: 'Handlinger', successCriteria: 'Succeskriterier', followUpMethod: 'Opfølgning' } as Record<string, string>,
  where: 'Hvor',
  what: 'Ændring',
  details: 'Før → efter',
  changeKinds: {
    'plan-changed': 'Planen', 'goal-added': 'Mål tilføjet', 'goal-removed': 'Mål fjernet', 'goal-moved': 'Mål flyttet', 'goal-changed': 'Mål ændret',
    'target-added': 'Målsætning tilføjet', 'target-removed': 'Målsætning fjernet', 'target-changed': 'Målsætning ændret',
    'follow-up-added': 'Opfølgning tilføjet', 'follow-up-removed': 'Opfølgning fjernet', 'follow-up-changed': 'Opfølgning ændret'
  } as Record<string, string>,
  fields: {
    kind: 'type', unit: 'enhed', indicator: 'indikator', targetGroup: 'målgruppe', 'baseline.value': 'udgangspunkt', 'baseline.period': 'udgangsperiode',
    'target.value': 'mål', 'target.period': 'periode', 'target.comparator': 'sammenligning', per: 'pr.', done: 'gennemført', ministerGoal: 'ministermål',
    source: 'kilde', targetId: 'målsætning', date: 'dato', value: 'værdi', status: 'status', note: 'note', title: 'titel', actions: 'handlinger',
    successCriteria: 'succeskriterier', followUpMethod: 'opfølgningsmetode', focusArea: 'fokusområde', municipality: 'kommune', period: 'periode', vision: 'vision'
  } as Record<string, string>,
  moved: (from: string, to: string) => `flyttet fra ${from} til ${to}`,

  // Since my last visit
  sinceTitle: (when: string) => `Ændret siden dit sidste besøg (${when})`,
  sinceBy: (who: string) => `Af ${who}`,
  sinceMore: (n: number) => `… og ${n} ændringer mere`,
  sinceText: (n: number) => (n === 1 ? '1 afsnit i teksten redigeret' : `${n} afsnit i teksten redigeret`),
  sinceCompare: 'Se alle ændringer',
  sinceDismiss: 'Skjul',
  sinceNoArea: 'Uden fokusområde'
}

/** The history, comparison and conflict texts of one language. */
export type HistoryStrings = typeof da

const en: HistoryStrings = {
  conflict: 'Unresolved',
  conflictLabel: (field) => `Unresolved: ${field}`,
  conflictHint: 'Written at the same time by several people, for instance offline. Choose the value that applies.',
  conflictHintReader: 'Written at the same time by several people, for instance offline. An editor chooses the value that applies.',
  current: 'current',
  writtenBy: (who, when) => (who ? `${who}, ${when}` : `unknown, ${when}`),
  choose: (value) => `Choose ${value}`,
  chooseFor: (value, field) => `Choose ${value} as ${field}`,
  conflictKept: (value) => `${value} is chosen. The conflict is resolved.`,
  conflictChosen: (value) => `${value} is set. Ctrl+Z undoes it.`,
  conflictFailed: (message) => `Could not resolve the conflict: ${message}`,
  unresolved: 'unresolved',
  unresolvedLong: 'Unresolved: two values written at the same time',
  empty: '–',
  yes: 'yes',
  no: 'no',

  history: 'History',
  historyTitle: 'History – saved versions',
  close: 'Close',
  saveVersion: 'Save version',
  versionName: 'Name of the version',
  versionNameHint: 'For instance “For the committee meeting 12 March”',
  versionSaved: (name) => `The version “${name}” is saved.`,
  noVersions: 'There are no saved versions yet.',
  loadingVersions: 'Loading versions …',
  versionsFailed: (message) => `Could not load the versions: ${message}`,
  kinds: { auto: 'Automatic', named: 'Named', status: 'Status change', 'before-restore': 'Before restore', restored: 'Restored' },
  byAt: (who, when) => `${who} · ${when}`,
  compareNow: 'Compare with now',
  compareWith: 'Compare with …',
  compareWithLabel: (name) => `Compare “${name}” with`,
  compareGo: 'Compare',
  exportVersion: 'Download',
  exportAs: (name) => `Download “${name}” as`,
  restore: 'Restore',
  restoreTitle: (name) => `Restore “${name}”?`,
  restoreExplain: 'The content of this version is put back as a new change. Nothing is lost: the plan as it is now is first saved as a version “Before restore”, and other people’s changes are not deleted.',
  restoreYes: 'Yes, restore',
  restoreNo: 'Cancel',
  restored: (name) => `“${name}” is restored as a new change.`,
  actionFailed: (message) => `That did not work: ${message}`,
  versionActions: (name) => `Actions for “${name}”`,

  summary: {
    goalsChanged: (n) => `${n} ${n === 1 ? 'goal' : 'goals'} changed`,
    goalsAdded: (n, first) => (first ? `${n} ${n === 1 ? 'goal' : 'goals'} added` : `${n} added`),
    goalsRemoved: (n, first) => (first ? `${n} ${n === 1 ? 'goal' : 'goals'} removed` : `${n} removed`),
    paragraphsEdited: (n) => `${n} ${n === 1 ? 'paragraph' : 'paragraphs'} edited`,
    none: 'No changes'
  },

  compareTitle: (from, to) => `Comparison: ${from} → ${to}`,
  now: 'now',
  backToPlan: 'Back to the plan',
  loadingCompare: 'Comparing …',
  compareFailed: (message) => `Could not compare: ${message}`,
  goalChanges: 'Goals and targets',
  textChanges: 'The text',
  noGoalChanges: 'No changes to goals, targets or follow-up.',
  noTextChanges: 'No changes to the text.',
  legend: 'Added text is underlined and marked “+”, deleted text is struck through and marked “−”.',
  inserted: 'added:',
  deleted: 'deleted:',
  insertedEnd: 'end of added',
  deletedEnd: 'end of deleted',
  blockKinds: { added: 'New paragraph', removed: 'Paragraph removed', changed: 'Paragraph changed' },
  blockTypes: { paragraph: 'Paragraph', heading: 'Heading', focus_title: 'Focus area title', list_item: 'Item' },
  columns: { title: 'Goal', actions: 'Actions', successCriteria: 'Success criteria', followUpMethod: 'Follow-up' },
  where: 'Where',
  what: 'Change',
  details: 'Before → after',
  changeKinds: {
    'plan-changed': 'The plan', 'goal-added': 'Goal added', 'goal-removed': 'Goal removed', 'goal-moved': 'Goal moved', 'goal-changed': 'Goal changed',
    'target-added': 'Target added', 'target-removed': 'Target removed', 'target-changed': 'Target changed',
    'follow-up-added': 'Follow-up added', 'follow-up-removed': 'Follow-up removed', 'follow-up-changed': 'Follow-up changed'
  },
  fields: {
    kind: 'kind', unit: 'unit', indicator: 'indicator', targetGroup: 'target group', 'baseline.value': 'baseline', 'baseline.period': 'baseline period',
    'target.value': 'target', 'target.period': 'period', 'target.comparator': 'comparison', per: 'per', done: 'done', ministerGoal: 'minister goal',
    source: 'source', targetId: 'target', date: 'date', value: 'value', status: 'status', note: 'note', title: 'title', actions: 'actions',
    successCriteria: 'success criteria', followUpMethod: 'follow-up method', focusArea: 'focus area', municipality: 'municipality', period: 'period', vision: 'vision'
  },
  moved: (from, to) => `moved from ${from} to ${to}`,

  sinceTitle: (when) => `Changed since your last visit (${when})`,
  sinceBy: (who) => `By ${who}`,
  sinceMore: (n) => `… and ${n} more changes`,
  sinceText: (n) => (n === 1 ? '1 paragraph of the text edited' : `${n} paragraphs of the text edited`),
  sinceCompare: 'See all changes',
  sinceDismiss: 'Hide',
  sinceNoArea: 'No focus area'
}

/** History, comparison and conflict texts in Danish and English. */
export const HISTORY_STRINGS: { da: HistoryStrings; en: HistoryStrings } = { da, en }
