import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild
} from 'docx'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Mark, Node as PMNode } from 'prosemirror-model'
import {
  DOCX_PLAN_ID_PROPERTY,
  DOCX_SCHEMA_VERSION_PROPERTY,
  EXPORT_WORDS,
  GOAL_COLUMN_TITLES,
  followUpLine,
  planFacts,
  planPartXml,
  readFiguresTable,
  planTitle
} from '../../schema/export'
import { GOAL_COLUMNS, safeHref, targetSentence, type Lang, type PlanExport, type PlanMeta } from '../../schema'
import { orderedGoals } from '../../schema/editing'

// The .docx export, built with the `docx` package: headings for focus areas,
// each goal table a real Word table whose header row (Mål · Handlinger ·
// Succeskriterier · Opfølgning) repeats on every page and whose rows do not
// split, targets as their Danish sentence one paragraph each. The plan's
// extractPlan JSON rides along as a custom XML part (see
// schema/export/docx-plan-part.ts for the contract importers rely on).

type Block = Paragraph | Table

// XML 1.0 cannot hold C0 controls (other than tab/newline) or lone surrogates;
// a plan can (Yjs stores any string). Replace them visibly, never drop text.
const xmlSafe = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')

const ORDERED = 'faellesplan-ordered'

interface Ctx {
  lang: Lang
  /** Each ordered list restarts its numbering: one numbering instance per list. */
  nextListInstance: number
}

function runsOf(node: PMNode, extra: { bold?: boolean } = {}): ParagraphChild[] {
  const out: ParagraphChild[] = []
  node.forEach((child) => {
    if (child.type.name === 'hard_break') {
      out.push(new TextRun({ text: '', break: 1 }))
      return
    }
    const text = xmlSafe(child.isText ? (child.text ?? '') : child.textContent)
    if (!text) return
    const has = (name: string): Mark | undefined => child.marks.find((m) => m.type.name === name)
    const run = new TextRun({ text, bold: extra.bold || !!has('strong'), italics: !!has('em'), ...(has('link') ? { style: 'Hyperlink' } : {}) })
    const link = has('link')
    const href = link ? safeHref(link.attrs.href) : null
    // Word opens only absolute links; a relative or refused link keeps its text.
    out.push(href && /^(https?|mailto|tel):/i.test(href) ? new ExternalHyperlink({ link: href, children: [run] }) : run)
  })
  return out
}

// A newline in an attribute (a target's indicator, a note) is a line break in Word, not a space.
const textParagraph = (text: string, options: { bold?: boolean; italics?: boolean } = {}): Paragraph =>
  new Paragraph({
    children: xmlSafe(text)
      .split('\n')
      .map((line, i) => new TextRun({ text: line, bold: options.bold, italics: options.italics, ...(i > 0 ? { break: 1 } : {}) }))
  })

function listParagraphs(list: PMNode, ctx: Ctx, level: number, out: Block[]): void {
  const ordered = list.type.name === 'ordered_list'
  const instance = ctx.nextListInstance++
  list.forEach((li) => {
    let first = true
    li.forEach((child) => {
      if (child.type.name === 'paragraph') {
        const numbering = first
          ? ordered
            ? { numbering: { reference: ORDERED, level: Math.min(level, 8), instance } }
            : { bullet: { level: Math.min(level, 8) } }
          : { indent: { left: 720 * (level + 1) } }
        out.push(new Paragraph({ ...numbering, children: runsOf(child) }))
        first = false
      } else if (child.type.name === 'bullet_list' || child.type.name === 'ordered_list') listParagraphs(child, ctx, level + 1, out)
      else if (child.textContent) out.push(textParagraph(child.textContent))
    })
  })
}

function cellChild(child: PMNode, ctx: Ctx, out: Block[], bold = false): void {
  if (child.type.name === 'target') out.push(textParagraph(targetSentence(child.attrs, ctx.lang)))
  else if (child.type.name === 'follow_up') out.push(textParagraph(followUpLine(child, ctx.lang)))
  else if (bold && child.type.name === 'paragraph') out.push(new Paragraph({ children: runsOf(child, { bold: true }) }))
  else blocks(child, ctx, out)
}

const PERCENT = (n: number) => ({ size: n, type: WidthType.PERCENTAGE })
const COLUMN_WIDTHS = [20, 30, 30, 20]

const headerCell = (text: string, width?: number, align?: (typeof AlignmentType)[keyof typeof AlignmentType]): TableCell =>
  new TableCell({
    ...(width ? { width: PERCENT(width) } : {}),
    shading: { fill: 'E8EEF3' },
    children: [new Paragraph({ ...(align ? { alignment: align } : {}), children: [new TextRun({ text: xmlSafe(text), bold: true })] })]
  })

function goalTable(node: PMNode, ctx: Ctx): Table {
  const titles = GOAL_COLUMN_TITLES[ctx.lang]
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: GOAL_COLUMNS.map((c, i) => headerCell(titles[c], COLUMN_WIDTHS[i])) })
  const rows = orderedGoals(node).map(({ node: goal }) => {
    const content = new Map<string, Block[]>(GOAL_COLUMNS.map((c) => [c, []]))
    goal.forEach((cell) => {
      // A cell with a column name we do not know still holds text someone wrote: keep it with the actions.
      const column = content.has(String(cell.attrs.column)) ? String(cell.attrs.column) : 'actions'
      // The title column is bold, like a row header.
      cell.forEach((child) => cellChild(child, ctx, content.get(column)!, column === 'title'))
    })
    return new TableRow({
      cantSplit: true,
      children: GOAL_COLUMNS.map((c, i) => {
        const children = content.get(c)!
        // Word needs at least one paragraph in every cell.
        return new TableCell({ width: PERCENT(COLUMN_WIDTHS[i]!), children: children.length ? children : [new Paragraph({})] })
      })
    })
  })
  return new Table({ width: PERCENT(100), rows: [header, ...rows] })
}

function figuresTable(node: PMNode, ctx: Ctx, out: Block[]): void {
  const { caption, columns, rows } = readFiguresTable(node, ctx.lang)
  if (caption) out.push(textParagraph(caption, { bold: true }))
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [headerCell(EXPORT_WORDS[ctx.lang].targetGroup), ...columns.map((label) => headerCell(label, undefined, AlignmentType.RIGHT))]
  })
  const body = rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ children: [textParagraph(r.label)] }),
          ...columns.map((_, i) => new TableCell({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(r.values[i] ?? '')] })] }))
        ]
      })
  )
  out.push(new Table({ width: PERCENT(100), rows: [header, ...body] }))
}

const HEADINGS = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4]

function blocks(node: PMNode, ctx: Ctx, out: Block[]): void {
  switch (node.type.name) {
    case 'paragraph':
      out.push(new Paragraph({ children: runsOf(node) }))
      return
    case 'heading': {
      // Focus areas (and the vision) are Word's Heading 1; text headings go one
      // level below them (level 2 → Heading 2), so a re-import can tell a
      // heading in the text from a focus area and does not make a new one.
      const level = Math.min(Math.max(Number(node.attrs.level) || 2, 2), 4)
      out.push(new Paragraph({ heading: HEADINGS[level - 2], children: runsOf(node) }))
      return
    }
    case 'bullet_list':
    case 'ordered_list':
      listParagraphs(node, ctx, 0, out)
      return
    case 'vision':
      out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(EXPORT_WORDS[ctx.lang].vision)] }))
      node.forEach((c) => blocks(c, ctx, out))
      return
    case 'focus_area':
      node.forEach((c) => {
        if (c.type.name === 'focus_title') out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(xmlSafe(c.textContent))] }))
        else blocks(c, ctx, out)
      })
      return
    case 'goal_table':
      out.push(goalTable(node, ctx))
      out.push(new Paragraph({})) // Word merges two adjacent tables into one without a paragraph between them
      return
    case 'figures_table':
      figuresTable(node, ctx, out)
      out.push(new Paragraph({}))
      return
    case 'follow_up':
      out.push(textParagraph(followUpLine(node, ctx.lang)))
      return
    case 'target':
      out.push(textParagraph(targetSentence(node.attrs, ctx.lang)))
      return
    default:
      if (node.textContent) out.push(textParagraph(node.textContent))
  }
}

const CUSTOM_XML_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml'
const CUSTOM_XML_PROPS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps'

/** Add the plan JSON as a custom XML part (with its properties part and relationships) to a packed .docx. */
function withPlanPart(docx: Uint8Array, plan: PlanExport): Uint8Array {
  const files = unzipSync(docx)
  // Not item1: docx writes a bibliography there when a document has one.
  const item = 'customXml/item90.xml'
  files[item] = strToU8(planPartXml(plan))
  files['customXml/itemProps90.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<ds:datastoreItem ds:itemID="{6F1D3A52-0E5B-4C2A-9B71-FAE11E500001}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">' +
      '<ds:schemaRefs><ds:schemaRef ds:uri="urn:faellesplan:plan-export:1"/></ds:schemaRefs></ds:datastoreItem>'
  )
  files['customXml/_rels/item90.xml.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${CUSTOM_XML_PROPS_REL}" Target="itemProps90.xml"/></Relationships>`
  )
  const relsPath = 'word/_rels/document.xml.rels'
  const rels = strFromU8(files[relsPath]!)
  files[relsPath] = strToU8(
    rels.replace('</Relationships>', `<Relationship Id="rIdFaellesplanPlan" Type="${CUSTOM_XML_REL}" Target="../customXml/item90.xml"/></Relationships>`)
  )
  const typesPath = '[Content_Types].xml'
  let types = strFromU8(files[typesPath]!)
  if (!/Extension="xml"/.test(types)) types = types.replace('</Types>', '<Default Extension="xml" ContentType="application/xml"/></Types>')
  files[typesPath] = strToU8(
    types.replace(
      '</Types>',
      '<Override PartName="/customXml/itemProps90.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>'
    )
  )
  return zipSync(files, { level: 6 })
}

/**
 * The plan as a Word document (.docx bytes): title, facts, vision, focus
 * areas, free text, goal and måltal tables as Word tables, and the
 * machine-readable plan embedded for re-import.
 */
export async function planToDocx(doc: PMNode, meta: PlanMeta, plan: PlanExport, lang: Lang = 'da'): Promise<Buffer> {
  const ctx: Ctx = { lang, nextListInstance: 0 }
  const title = planTitle(meta, lang)
  const children: Block[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(xmlSafe(title))] }),
    textParagraph(planFacts(meta, lang).join(' · '), { italics: true })
  ]
  doc.forEach((node) => blocks(node, ctx, children))
  const document = new Document({
    title: xmlSafe(title),
    creator: 'Fællesplan',
    description: xmlSafe(planFacts(meta, lang).join(' · ')),
    customProperties: [
      { name: DOCX_PLAN_ID_PROPERTY, value: xmlSafe(meta.id) },
      { name: DOCX_SCHEMA_VERSION_PROPERTY, value: String(plan.schemaVersion) }
    ],
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } }
          }))
        }
      ]
    },
    sections: [{ children }]
  })
  const packed = await Packer.toBuffer(document)
  return Buffer.from(withPlanPart(new Uint8Array(packed), plan))
}
