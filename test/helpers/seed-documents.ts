import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType, type FileChild } from 'docx'
import type { FixtureBlock, FixtureCell, SeedFixture } from '../fixtures/seeds/fixture'

// Real files from a fixture: a .docx written with the `docx` package (Word
// headings, real Word tables and bullet lists, the title in the core
// properties), a Markdown file with GFM tables, and plain text.

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const

const cellBlocks = (cell: FixtureCell): Array<string | { list: string[] }> => (typeof cell === 'string' ? [cell] : cell)

function docxParagraphs(block: FixtureBlock): FileChild[] {
  if ('heading' in block) return [new Paragraph({ text: block.heading, heading: HEADINGS[block.level - 1] })]
  if ('paragraph' in block) return [new Paragraph({ text: block.paragraph })]
  if ('list' in block)
    return block.list.map((text) => new Paragraph({ text, ...(block.ordered ? { numbering: { reference: 'numbered', level: 0 } } : { bullet: { level: 0 } }) }))
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: block.table.map(
        (row, r) =>
          new TableRow({
            tableHeader: r === 0,
            children: row.map(
              (cell) =>
                new TableCell({
                  children: cellBlocks(cell).flatMap((b) =>
                    typeof b === 'string' ? [new Paragraph({ text: b })] : b.list.map((text) => new Paragraph({ text, bullet: { level: 0 } }))
                  )
                })
            )
          })
      )
    })
  ]
}

/** The fixture as .docx bytes. */
export async function fixtureToDocx(fixture: Pick<SeedFixture, 'title' | 'blocks'>): Promise<Buffer> {
  const doc = new Document({
    title: fixture.title,
    creator: 'Fællesplan test',
    numbering: { config: [{ reference: 'numbered', levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: 'left' }] }] },
    sections: [{ children: fixture.blocks.flatMap(docxParagraphs) }]
  })
  return Packer.toBuffer(doc)
}

const mdEscape = (s: string): string => s.replace(/([\\`*_[\]<>|])/g, '\\$1')

/** The fixture as Markdown: `#` headings, `-` lists, GFM tables (a cell's blocks joined with <br>). */
export function fixtureToMarkdown(fixture: Pick<SeedFixture, 'title' | 'blocks'>): string {
  const out: string[] = [`# ${mdEscape(fixture.title)}`, '']
  for (const block of fixture.blocks) {
    if ('heading' in block) out.push(`${'#'.repeat(block.level + 1)} ${mdEscape(block.heading)}`, '')
    else if ('paragraph' in block) out.push(mdEscape(block.paragraph), '')
    else if ('list' in block) out.push(...block.list.map((t, i) => `${block.ordered ? `${i + 1}.` : '-'} ${mdEscape(t)}`), '')
    else {
      const cell = (c: FixtureCell) =>
        cellBlocks(c)
          .flatMap((b) => (typeof b === 'string' ? [mdEscape(b)] : b.list.map((t) => `• ${mdEscape(t)}`)))
          .join('<br>')
      const [head, ...rows] = block.table
      out.push(`| ${head!.map(cell).join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '')
    }
  }
  return out.join('\n')
}

/** The fixture as plain text: blank lines between blocks, "- " list items, tab-separated table rows. */
export function fixtureToText(fixture: Pick<SeedFixture, 'title' | 'blocks'>): string {
  const out: string[] = [fixture.title, '']
  for (const block of fixture.blocks) {
    if ('heading' in block) out.push(block.heading, '')
    else if ('paragraph' in block) out.push(block.paragraph, '')
    else if ('list' in block) out.push(...block.list.map((t) => `- ${t}`), '')
    else {
      const cell = (c: FixtureCell) =>
        cellBlocks(c)
          .flatMap((b) => (typeof b === 'string' ? [b] : b.list))
          .join(' ')
      out.push(...block.table.map((r) => r.map(cell).join('\t')), '')
    }
  }
  return out.join('\n')
}
