import { Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readDocx } from '../../server/import/docx'
import { inspectDocxPackage } from '../../server/import/docx-package'
import { HttpError } from '../../server/http/http-error'
import { fixtureToDocx } from '../helpers/seed-documents'

// The .docx reader on files written by the `docx` package (as Word writes
// them: styles, numbering, core properties), read through mammoth.

describe('readDocx', () => {
  it("reads headings, paragraphs, bullet and numbered lists and tables with their cells' own blocks", async () => {
    const bytes = await fixtureToDocx({
      title: 'Beskæftigelsesplan 2019',
      blocks: [
        { heading: 'Fokusområde 1', level: 1 },
        { paragraph: 'Ledigheden skal ned med 15\u00a0%.' },
        { list: ['første', 'anden'] },
        { list: ['et', 'to'], ordered: true },
        {
          table: [
            ['Mål', 'Succeskriterier'],
            ['Færre på ydelse', ['Indledning', { list: ['punkt a', 'punkt b'] }, 'Afslutning']]
          ]
        }
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
      {
        type: 'table',
        rows: [
          [[p('Mål')], [p('Succeskriterier')]],
          [[p('Færre på ydelse')], [p('Indledning'), { type: 'list', ordered: false, items: [[p('punkt a')], [p('punkt b')]] }, p('Afslutning')]]
        ]
      }
    ])
  })

  it('keeps bold, italic and links as runs; the title falls back to the first heading', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Plan for Lemvig', heading: HeadingLevel.TITLE }),
            new Paragraph({
              children: [
                new TextRun('Se '),
                new TextRun({ text: 'målene', bold: true }),
                new TextRun(' og '),
                new TextRun({ text: 'noterne', italics: true }),
                new TextRun(' på '),
                new ExternalHyperlink({ link: 'https://jobindsats.dk/', children: [new TextRun('Jobindsats')] }),
                new TextRun('.')
              ]
            }),
            new Paragraph({ children: [new TextRun('Første linje'), new TextRun({ text: 'anden linje', break: 1 })] })
          ]
        }
      ]
    })
    const source = await readDocx(await Packer.toBuffer(doc))
    expect(source.title).toBe('Plan for Lemvig')
    expect(source.blocks[0]).toEqual({ type: 'heading', level: 1, runs: [{ text: 'Plan for Lemvig' }] })
    expect(source.blocks[1]).toEqual({
      type: 'paragraph',
      runs: [
        { text: 'Se ' },
        { text: 'målene', bold: true },
        { text: ' og ' },
        { text: 'noterne', italic: true },
        { text: ' på ' },
        { text: 'Jobindsats', href: 'https://jobindsats.dk/' },
        { text: '.' }
      ]
    })
    // A line break inside a Word paragraph splits it: both lines are kept.
    expect(source.blocks.slice(2)).toEqual([
      { type: 'paragraph', runs: [{ text: 'Første linje' }] },
      { type: 'paragraph', runs: [{ text: 'anden linje' }] }
    ])
  })

  it('refuses bytes that are not a zip, and a zip that is not a Word document, with 400 and a code', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251)
    await expect(readDocx(garbage)).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === 400 && e.code === 'import-damaged-docx')
    const notWord = zipSync({ 'hello.txt': strToU8('not word') })
    await expect(readDocx(notWord)).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === 400 && e.code === 'import-zip-not-docx')
  })

  it('a Word file whose document.xml is broken is a 400, not a crash', async () => {
    const files = unzipSync(new Uint8Array(await fixtureToDocx({ title: 'x', blocks: [{ paragraph: 'tekst' }] })))
    files['word/document.xml'] = strToU8('<w:document><w:body><w:p>unclosed')
    const broken = zipSync(files)
    await expect(readDocx(broken)).rejects.toSatisfy((e: unknown) => e instanceof HttpError && e.status === 400)
  })

  it('a zip that unpacks far beyond its size (a zip bomb) is refused with 413 before mammoth inflates it', async () => {
    // 12 MiB of zeros packs to about 12 KiB; the limit here is 4 MiB.
    const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(12 * 1024 * 1024) }, { level: 1 })
    expect(bomb.length).toBeLessThan(256 * 1024)
    expect(() => inspectDocxPackage(bomb, 4 * 1024 * 1024)).toThrow(expect.objectContaining({ status: 413 }))
    // A real document passes the same check and gives its core properties.
    const ok = inspectDocxPackage(new Uint8Array(await fixtureToDocx({ title: 'Plan & mål', blocks: [{ paragraph: 'tekst' }] })))
    expect(ok.coreXml).toContain('Plan &amp; mål')
  })

  it('an image is left out with a note, its alternative text kept in the paragraph', async () => {
    // A 1×1 transparent PNG.
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0))
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({
              children: [
                new TextRun('Ledigheden falder: '),
                new ImageRun({
                  type: 'png',
                  data: png,
                  transformation: { width: 10, height: 10 },
                  altText: { name: 'graf', title: 'Graf', description: 'Ledighed 2013-2015' }
                })
              ]
            })
          ]
        }
      ]
    })
    const source = await readDocx(await Packer.toBuffer(doc))
    expect(source.blocks).toEqual([{ type: 'paragraph', runs: [{ text: 'Ledigheden falder: [Billede: Ledighed 2013-2015]' }] }])
    expect(source.warnings.join(' ')).toMatch(/Billeder kan ikke importeres/)
  })
})
