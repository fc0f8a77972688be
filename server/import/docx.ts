import mammoth from 'mammoth'
import { readPlanPart } from '../../schema/export'
import { type PlanExport } from '../../schema'
import { blockText } from '../../schema/import'
import type { ImportBlock, ImportSource } from '../../schema/import'
import { htmlToBlocks } from './html-blocks'
import { inspectDocxPackage } from './docx-package'
import { HttpError } from '../http/http-error'

// .docx → ImportSource: mammoth turns the Word file into plain HTML (it keeps
// structure — headings, lists, tables — and drops Word's looks), and
// htmlToBlocks reads that HTML. mammoth does not expose the core properties,
// so the title is read from docProps/core.xml in the zip ourselves, in the
// same pass that checks the package (docx-package.ts).

// Word's "Title" style is the document title, above Heading 1; mammoth leaves
// it unmapped. It is marked here and becomes the one level-1 heading, with
// Word's Heading n read as level n + 1 (see shiftBelowTitle).
const STYLE_MAP = ["p[style-name='Title'] => h1.docx-title:fresh", "p[style-name='Titel'] => h1.docx-title:fresh"]

/** Read a .docx file. Throws HttpError (400) when the bytes are not a readable Word document. */
export async function readDocx(bytes: Uint8Array): Promise<ImportSource> {
  return (await readDocxFile(bytes)).source
}

/**
 * Read a .docx file and, when it is Fællesplan's own export, the plan JSON it
 * carries (schema/export/docx-plan-part.ts), which gives the ids back.
 */
export async function readDocxFile(bytes: Uint8Array): Promise<{ source: ImportSource; embeddedPlan: PlanExport | null }> {
  const { coreXml, customXml, repacked } = inspectDocxPackage(bytes)
  // mammoth reads only what the inspection counted, never the upload itself.
  const buffer = Buffer.from(repacked.buffer, repacked.byteOffset, repacked.byteLength)
  const embeddedPlan = customXml.map(readPlanPart).find((p) => p !== null) ?? null
  let html: string
  let messages: Array<{ type: string; message: string }>
  try {
    const result = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP })
    html = result.value
    messages = result.messages
  } catch (e) {
    throw new HttpError('import-unreadable', {
      reason: String((e as Error).message)
        .split('\n')[0]!
        .slice(0, 300)
    }).because(e)
  }
  const { blocks: read, warnings } = htmlToBlocks(html, { titleClass: 'docx-title' })
  const blocks = shiftBelowTitle(read)
  const coreTitle = coreXml ? coreTitleOf(coreXml) : ''
  const firstHeading = blocks.find((b) => b.type === 'heading')
  const title = coreTitle || (firstHeading ? blockText(firstHeading).trim() : '') || undefined
  return { source: { format: 'docx', ...(title ? { title } : {}), blocks, warnings: [...danishWarnings(messages), ...warnings] }, embeddedPlan }
}

/**
 * htmlToBlocks gives the Title paragraph level 0. When there is one, every
 * heading moves one level down so the title is the single top heading and
 * Heading 1 sections are its children (as in the document's own outline).
 */
function shiftBelowTitle(blocks: ImportBlock[]): ImportBlock[] {
  const hasTitle = blocks.some((b) => b.type === 'heading' && b.level === 0)
  return blocks.map((b) => (b.type === 'heading' ? { ...b, level: Math.min(6, hasTitle ? b.level + 1 : Math.max(1, b.level)) } : b))
}

/** dc:title from docProps/core.xml, or '' when it has none (a broken core.xml only costs the title). */
function coreTitleOf(xml: string): string {
  const m = /<dc:title(?:\s[^>]*)?>([\s\S]*?)<\/dc:title>/.exec(xml)
  return m ? decodeXmlText(m[1]!).trim() : ''
}

const decodeXmlText = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    return named[e.toLowerCase()] ?? ''
  })

/**
 * mammoth's messages in plain Danish, one per kind. They are about looks
 * (styles it did not map), never about lost text: mammoth keeps the text of
 * everything it reads.
 */
function danishWarnings(messages: ReadonlyArray<{ type: string; message: string }>): string[] {
  const styles = new Set<string>()
  const other = new Set<string>()
  for (const { type, message } of messages) {
    const style = /^Unrecognised (?:paragraph|run|table) style: '([^']*)'/.exec(message)
    if (style) styles.add(style[1]!)
    else other.add(`${type === 'error' ? 'Fejl' : 'Bemærk'} fra Word-læseren: ${message}`)
  }
  const out: string[] = []
  if (styles.size) out.push(`Typografier uden betydning for planen blev læst som almindelig tekst: ${[...styles].map((s) => `"${s}"`).join(', ')}.`)
  return [...out, ...other]
}
