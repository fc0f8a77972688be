import { describe, expect, it } from 'vitest'
import { demoPlan } from '../../schema/build'
import { planToMarkdown } from '../../schema/export'
import { blocksText } from '../../schema/import/blocks'
import { markdownToImportSource } from '../../schema/import/markdown-reader'

const p = (text: string) => ({ type: 'paragraph', runs: [{ text }] })

describe('markdownToImportSource', () => {
  it('reads headings, paragraphs with bold/italic/links, nested lists and GFM tables', () => {
    const md = [
      '# Beskæftigelsesplan 2015',
      '',
      '## Fokusområde',
      '',
      'Se **målene** og *noterne* på [Jobindsats](https://jobindsats.dk/) &amp; mere\\*.',
      '',
      '- første',
      '  - indre',
      '- anden',
      '',
      '1. et',
      '2. to',
      '',
      '| Mål | Succeskriterier |',
      '|---|---|',
      '| Færre på ydelse | Mindst 90 %<br>Højst 20 % |',
      ''
    ].join('\n')
    const s = markdownToImportSource(md)
    expect(s.format).toBe('markdown')
    expect(s.title).toBe('Beskæftigelsesplan 2015')
    expect(s.blocks).toEqual([
      { type: 'heading', level: 1, runs: [{ text: 'Beskæftigelsesplan 2015' }] },
      { type: 'heading', level: 2, runs: [{ text: 'Fokusområde' }] },
      {
        type: 'paragraph',
        runs: [
          { text: 'Se ' },
          { text: 'målene', bold: true },
          { text: ' og ' },
          { text: 'noterne', italic: true },
          { text: ' på ' },
          { text: 'Jobindsats', href: 'https://jobindsats.dk/' },
          { text: ' & mere*.' }
        ]
      },
      { type: 'list', ordered: false, items: [[p('første'), { type: 'list', ordered: false, items: [[p('indre')]] }], [p('anden')]] },
      { type: 'list', ordered: true, items: [[p('et')], [p('to')]] },
      {
        type: 'table',
        rows: [
          [[p('Mål')], [p('Succeskriterier')]],
          [[p('Færre på ydelse')], [p('Mindst 90 %'), p('Højst 20 %')]]
        ]
      }
    ])
  })

  it('keeps the text of block quotes, code and images; no title without a leading # heading', () => {
    const s = markdownToImportSource('Indledning\n\n> Citat\n\n    kode linje\n\n![Diagram over ledighed](x.png)\n')
    expect(s.title).toBeUndefined()
    expect(s.blocks).toEqual([p('Indledning'), p('Citat'), p('kode linje'), p('[Billede: Diagram over ledighed]')])
    expect(s.warnings.join(' ')).toMatch(/Billeder/)
  })

  it('reads our own Markdown export with every word of it', () => {
    const plan = demoPlan('demo')
    const md = planToMarkdown(plan.doc, plan.meta)
    const text = blocksText(markdownToImportSource(md).blocks)
    const words = (s: string) => s.split(/[\s|*_\\#>[\]()]+/).filter((w) => /\p{L}/u.test(w) && !/^(https?:|<br>|🎯)/.test(w))
    const have = new Set(words(text.replace(/<br>/g, ' ')))
    const planText: string[] = []
    plan.doc.descendants((n) => {
      if (n.isTextblock) planText.push(n.textContent)
      return !n.isTextblock
    })
    const missing = words(planText.join(' ')).filter((w) => !have.has(w))
    expect(planText.length).toBeGreaterThan(20)
    expect(missing).toEqual([])
    expect(markdownToImportSource(md).blocks.filter((b) => b.type === 'table').length).toBeGreaterThan(0)
  })
})
