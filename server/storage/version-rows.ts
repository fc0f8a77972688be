import type { ChangeSummary, VersionInfo } from '../../schema/history'

// A version's listing as both stores keep it: the summary as JSON text.

/** A `versions` row without its state, as selected by both stores. */
export type VersionRow = Omit<VersionInfo, 'summary'> & { summary: string }

/** The listing of a stored version. */
export const versionInfo = (row: VersionRow): VersionInfo => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  stage: row.stage,
  author: row.author,
  created: row.created,
  summary: JSON.parse(row.summary) as ChangeSummary
})
