import type { ImportBlock, ImportRun } from './types'

// Small helpers every reader uses to hand the recogniser tidy blocks: runs
// with the same formatting merged, whitespace collapsed the way a reader of
// the document sees it, and no empty paragraphs. Pure: readers on both the
// server (.docx) and in schema (Markdown, text) share them.

const sameFormat = (a: ImportRun, b: ImportRun): boolean => !!a.bold === !!b.bold && !!a.italic === !!b.italic && a.href === b.href

/**
 * Collapse runs of whitespace to one space, trim the ends of the whole
 * paragraph, merge neighbours with the same formatting and drop empty runs.
 */
export function tidyRuns(runs: readonly ImportRun[]): ImportRun[] {
  const out: ImportRun[] = []
  for (const run of runs) {
    // No-break spaces too: Word puts them in "15 %", and the target parser reads plain spaces.
    const text = run.text.replace(/[\s\u00a0]+/g, ' ')
    if (text === '') continue
    const last = out[out.length - 1]
    // A space between two differently formatted runs belongs to neither: avoid doubling it.
    const t = last && /[ ]$/.test(last.text) ? text.replace(/^ /, '') : text
    if (t === '') continue
    if (last && sameFormat(last, run)) last.text += t
    else out.push(cleanRun({ ...run, text: t }))
  }
  if (out.length) {
    out[0]!.text = out[0]!.text.replace(/^ +/, '')
    const end = out[out.length - 1]!
    end.text = end.text.replace(/ +$/, '')
  }
  return out.filter((r) => r.text !== '')
}

/** Keep only the formatting flags that are set, so runs compare and serialise simply. */
function cleanRun(run: ImportRun): ImportRun {
  const r: ImportRun = { text: run.text }
  if (run.bold) r.bold = true
  if (run.italic) r.italic = true
  if (run.href) r.href = run.href
  return r
}

/** A paragraph block from runs, or null when nothing but whitespace is left. */
export function paragraphOf(runs: readonly ImportRun[]): ImportBlock | null {
  const tidy = tidyRuns(runs)
  return tidy.length ? { type: 'paragraph', runs: tidy } : null
}

/** All the text of some blocks, one block per line (for titles, notes and tests). */
export function blocksText(blocks: readonly ImportBlock[]): string {
  return blocks.map(blockText).join('\n')
}

/** The text of one block: runs joined; lists and tables one item or cell per line. */
export function blockText(block: ImportBlock): string {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return block.runs.map((r) => r.text).join('')
    case 'list':
      return block.items.map((item) => blocksText(item)).join('\n')
    case 'table':
      return block.rows.map((row) => row.map((cell) => blocksText(cell)).join('\n')).join('\n')
  }
}
