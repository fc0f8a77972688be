import type { PlanExport } from '../plan-export'

// The machine-readable plan inside an exported .docx, so a re-import can give
// goals, targets and follow-ups back their ids. It is a Word *custom XML
// part* (customXml/itemN.xml), which Word keeps when the file is edited and
// saved (a custom document property would be cut to 255 characters).
//
// Contract for importers: open every `customXml/*.xml` part of the package
// and pass its text to `readPlanPart`; the one whose root element is
// `<fp:plan xmlns:fp="urn:faellesplan:plan-export:1">` holds the extractPlan
// JSON (schemaVersion as in plan.schema.json) as its text. Word may renumber
// the part when it saves, so find it by namespace, never by file name. The
// exporter also writes the custom document properties `FaellesplanPlanId` and
// `FaellesplanSchemaVersion`. The JSON describes the plan as exported: text
// the user changed in Word afterwards is newer than it, so an importer should
// use it for ids (matched by goal title / target sentence), not for content.

/** XML namespace of the embedded plan part. */
export const DOCX_PLAN_NAMESPACE = 'urn:faellesplan:plan-export:1'

/** Name of the custom document property holding the plan id. */
export const DOCX_PLAN_ID_PROPERTY = 'FaellesplanPlanId'

/** Name of the custom document property holding the export's schemaVersion. */
export const DOCX_SCHEMA_VERSION_PROPERTY = 'FaellesplanSchemaVersion'

const escapeXml = (s: string): string =>
  s
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    // XML 1.0 cannot hold these at all; JSON.stringify already escapes the C0 ones.
    .replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)

/** The custom XML part holding a plan export. */
export function planPartXml(plan: PlanExport): string {
  // Lone surrogates are not XML characters; JSON \u-escapes keep them readable and valid.
  const json = JSON.stringify(plan).replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => {
    const code = c.charCodeAt(0)
    const pairedHigh = code <= 0xdbff && /[\uDC00-\uDFFF]/.test(s[i + 1] ?? '')
    const pairedLow = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(s[i - 1] ?? '')
    return pairedHigh || pairedLow ? c : `\\u${code.toString(16)}`
  })
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<fp:plan xmlns:fp="${DOCX_PLAN_NAMESPACE}" schemaVersion="${plan.schemaVersion}">${escapeXml(json)}</fp:plan>`
}

const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt'
      ? '<'
      : e === 'gt'
        ? '>'
        : e === 'amp'
          ? '&'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  )

/**
 * Read a custom XML part: the plan export if it is ours, else null (another
 * part, or one whose JSON was damaged). Never throws.
 */
export function readPlanPart(xml: string): PlanExport | null {
  const m = /<([A-Za-z_][\w.-]*:)?plan\b([^>]*)>([\s\S]*)<\/\1?plan>/.exec(xml)
  if (!m || !m[2]!.includes(DOCX_PLAN_NAMESPACE)) return null
  const text = unescapeXml(
    m[3]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, c: string) => c.replace(/[&<>]/g, (x) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[x]!))
  )
  try {
    const plan = JSON.parse(text) as PlanExport
    return plan && typeof plan === 'object' && Array.isArray(plan.goals) ? plan : null
  } catch {
    return null
  }
}
