import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import type { Node as PMNode } from 'prosemirror-model'
import { planOutline, type OutlineStyle } from '../../schema/export'
import { type Lang, type PlanMeta } from '../../schema'

// The plain PDF, drawn with pdf-lib when Chromium is not there: the plan's
// outline (title, headings, goals with their columns, target sentences,
// follow-ups) in Helvetica with simple word wrapping. The standard fonts only
// know WinAnsi (cp1252), which has æøåÆØÅ; anything else is replaced
// visibly ("≤" → "<=", unknown → "?"), never dropped in silence.

// cp1252's 0x80–0x9F block: the characters beyond Latin-1 that WinAnsi can encode.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
const REPLACEMENTS: Record<string, string> = {
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '−': '-',
  '→': '->',
  '←': '<-',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '\u00A0': ' ',
  '\u2009': ' ',
  '\u202F': ' ',
  '‐': '-',
  '‑': '-',
  '′': "'",
  '″': '"',
  '…': '...'
}

/** Text as WinAnsi can draw it: encodable characters kept, others replaced visibly. */
export function toWinAnsi(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch in REPLACEMENTS) out += REPLACEMENTS[ch]
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || CP1252_EXTRA.has(ch)) out += ch
    else if (ch === '\t' || ch === '\n') out += ' '
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += ' '
    else out += '?'
  }
  return out
}

const STYLES: Record<OutlineStyle, { size: number; bold?: boolean; italic?: boolean; before: number; indent?: number }> = {
  title: { size: 20, bold: true, before: 0 },
  facts: { size: 10, italic: true, before: 4 },
  heading1: { size: 15, bold: true, before: 16 },
  heading2: { size: 12.5, bold: true, before: 12 },
  heading3: { size: 11, bold: true, before: 10 },
  paragraph: { size: 10, before: 5 },
  bullet: { size: 10, before: 2, indent: 12 },
  goal: { size: 11, bold: true, before: 12 },
  label: { size: 9.5, bold: true, before: 6 },
  target: { size: 10, before: 3, indent: 12 },
  followUp: { size: 9.5, italic: true, before: 3, indent: 12 }
}

const A4: [number, number] = [595.28, 841.89]
const MARGIN = { top: 56, bottom: 60, left: 50, right: 50 }

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const word of para.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate
        continue
      }
      if (line) lines.push(line)
      // A word longer than the line is cut where it must be.
      let rest = word
      while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
        let cut = rest.length - 1
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--
        lines.push(rest.slice(0, cut))
        rest = rest.slice(cut)
      }
      line = rest
    }
    lines.push(line)
  }
  return lines
}

/** The plan as a plain PDF (bytes), drawn with pdf-lib's standard Helvetica. */
export async function planToPlainPdf(doc: PMNode, meta: PlanMeta, lang: Lang = 'da'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(toWinAnsi(meta.title || meta.id))
  pdf.setLanguage(lang === 'da' ? 'da-DK' : 'en-GB')
  pdf.setCreator('Fællesplan')
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    italic: await pdf.embedFont(StandardFonts.HelveticaOblique)
  }
  let page: PDFPage = pdf.addPage(A4)
  let y = A4[1] - MARGIN.top
  const maxWidth = A4[0] - MARGIN.left - MARGIN.right
  for (const item of planOutline(doc, meta, lang)) {
    const style = STYLES[item.style]
    const font = style.bold ? fonts.bold : style.italic ? fonts.italic : fonts.regular
    const indent = (style.indent ?? 0) + 12 * (item.depth ?? 0)
    const lineHeight = style.size * 1.3
    const lines = wrap(toWinAnsi(item.text), font, style.size, maxWidth - indent)
    y -= style.before
    // Keep a heading or goal title with at least two lines of what follows.
    const keep = item.style.startsWith('heading') || item.style === 'goal' || item.style === 'label' ? 3 * lineHeight : lineHeight
    for (const [i, line] of lines.entries()) {
      if (y - (i === 0 ? keep : lineHeight) < MARGIN.bottom) {
        page = pdf.addPage(A4)
        y = A4[1] - MARGIN.top
      }
      y -= lineHeight
      page.drawText(line, { x: MARGIN.left + indent, y, size: style.size, font, color: rgb(0.07, 0.07, 0.07) })
    }
  }
  const pages = pdf.getPages()
  pages.forEach((p, i) => {
    const label = lang === 'da' ? `Side ${i + 1} af ${pages.length}` : `Page ${i + 1} of ${pages.length}`
    p.drawText(label, {
      x: A4[0] - MARGIN.right - fonts.regular.widthOfTextAtSize(label, 8.5),
      y: 30,
      size: 8.5,
      font: fonts.regular,
      color: rgb(0.33, 0.33, 0.33)
    })
  })
  return pdf.save()
}
