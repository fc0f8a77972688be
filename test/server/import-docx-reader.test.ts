import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { readDocx } from '../../server/import/docx'
import { ImportFileError } from '../../server/import/errors'
import { fixtureToDocx } from '../helpers/seed-documents'

// The .docx reader on files written by the `docx` package (as Word writes
// them: styles, numbering, core properties), read through mammoth.

describe('readDocx', () => {
  it('reads headings, paragraphs, bullet and numbered lists and tables with their cells\' own blocks', async () => {
    const bytes = await fixtureToDocx({
      title: 'Beskæftigelsesplan 2019',
      blocks: [
        { heading: 'Fokusområde 1', level: 1 },
        { paragraph: 'Ledigheden skal ned med 15\u00a0%.' },
        { list: ['første', 'anden'] },
        { list: ['et', 'to'], ordered: true },
        { table: [['Mål', 'Succeskriterier'], ['Færre på ydelse', ['Indledning', { list: ['punkt a', 'punkt b'] }, 'Afslutning']]] }
      ]
    })
    const source = await readDocx(bytes)
    expect(source.format).toBe('docx')
    expect(source.title).toBe('Beskæftigelsesplan 2019')
    const p = (text: string) => ({ type: 'paragraph', runs: [{ text }] })
    expect(source.blocks).toEqual([
      { type: 'heading', level: 1, runs: [{ text: 'Fokusområde 1' }] },
      p('Ledigheden skal ned med 15 %.'),
      { type: 'list', ordered: false, items: [[p('første')], [p('anden')]] },
      { type: 'list', ordered: true, items: [[p('et')], [p('to')]] },
      { type: 'table', rows: [[[p('Mål')], [p('Succeskriterier')]], [[p('Færre på ydelse')], [p('Indledning'), { type: 'list', ordered: false, items: [[p('punkt a')], [p('punkt b')]] }, p('Afslutning')]]] }
    ])
  })

  it('keeps bold, italic and links as runs; the title falls back to the first heading', async () => {
    const doc = new Document({
      sections: [{
        children: [
          new Paragraph({ text: 'Plan for Lemvig', heading: HeadingLevel.TITLE }),
          new Paragraph({ children: [new TextRun('Se '), new TextRun({ text: 'målene', bold: true }), new TextRun(' og '), new TextRun({ text: 'noterne', italics: true }), new TextRun(' på '), new ExternalHyperlink({ link: 'https://jobindsats.dk/', children: [new TextRun('Jobindsats')] }), new TextRun('.')] }),
          new Paragraph({ children: [new TextRun('Første linje'), new TextRun({ text: 'anden linje', break: 1 })] })
        ]
      }]
    })
    const source = await readDocx(await Packer.toBuffer(doc))
    expect(source.title).toBe('Plan for Lemvig')
    expect(source.blocks[0]).toEqual({ type: 'heading', level: 1, runs: [{ text: 'Plan for Lemvig' }] })
    expect(source.blocks[1]).toEqual({
      type: 'paragraph',
      runs: [{ text: 'Se ' }, { text: 'målene', bold: true }, { text: ' og ' }, { text: 'noterne', italic: true }, { text: ' på ' }, { text: 'Jobindsats', href: 'https://jobindsats.dk/' }, { text: '.' }]
    })
    // A line break inside a Word paragraph splits it: both lines are kept.
    expect(source.blocks.slice(2)).toEqual([{ type: 'paragraph', runs: [{ text: 'Første linje' }] }, { type: 'paragraph', runs: [{ text: 'anden linje' }] }])
  })

  it('refuses bytes that are not a zip, and a zip that is not a Word document, with 400 and a message', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251)
    await expect(readDocx(garbage)).rejects.toSatisfy((e: unknown) => e instanceof ImportFileError && e.status === 400 && /Word-dokument/.test(e.message))
    const zip = new JSZip()
    zip.file('hello.txt', 'not word')
    const notWord = await zip.generateAsync({ type: 'uint8array' })
    await expect(readDocx(notWord)).rejects.toSatisfy((e: unknown) => e instanceof ImportFileError && e.status === 400 && /word\/document\.xml/.test(e.message))
  })

  it('a Word file whose document.xml is broken is a 400, not a crash', async () => {
    const zip = await JSZip.loadAsync(await fixtureToDocx({ title: 'x', blocks: [{ paragraph: 'tekst' }] }))
    zip.file('word/document.xml', '<w:document><w:body><w:p>unclosed')
    const broken = await zip.generateAsync({ type: 'uint8array' })
    await expect(readDocx(broken)).rejects.toSatisfy((e: unknown) => e instanceof ImportFileError && e.status === 400)
  })
})
