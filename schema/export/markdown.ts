import type { Node as PMNode } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { posOfTextOffset } from '../comments'
import type { PlanMeta } from '../plan-meta'
import { formatNumber, type Lang } from '../numbers'
import { formatPeriod } from '../periods'
import { targetSentence } from '../target-sentence'
import { GOAL_COLUMNS } from '../vocabulary'
import { safeHref } from '../links'
import { orderedGoals } from '../editing'
import { isNode, nodeName } from '../plan-schema'
import { readFiguresTable } from './figures'
import { EXPORT_WORDS } from './labels'

// Markdown export: readable on its own, tables kept as pipe tables. Cells
// cannot hold paragraphs in Markdown, so cell blocks are joined with <br>.

const COLUMN_TITLES: Record<Lang, Record<string, string>> = {
  da: { title: 'Mål', actions: 'Handlinger', criteria: 'Succeskriterier', followUp: 'Opfølgning' },
  en: { title: 'Goal', actions: 'Actions', criteria: 'Success criteria', followUp: 'Follow-up' }
}
const STATUS: Record<Lang, Record<string, string>> = {
  da: { onTrack: 'på rette spor', atRisk: 'i risiko', offTrack: 'bagud', achieved: 'opfyldt' },
  en: { onTrack: 'on track', atRisk: 'at risk', offTrack: 'off track', achieved: 'achieved' }
}

// `<` and `>` escaped mean no raw HTML (`<img onerror>`) and no autolink
// (`<javascript:…>`) can come out of typed text; `&` escaped means an
// entity typed as text stays text.
const escapeInline = (s: string): string => s.replace(/([\\`*_[\]#<>|&])/g, '\\$1')

/**
 * A link destination for Markdown, or null (then the text is written without
 * a link). The same rule as the print HTML (`safeHref`: no javascript:,
 * data:, …), then whatever could end the destination or start a title or
 * raw HTML is percent-encoded: whitespace and control characters (a newline
 * would end the line), parentheses, angle brackets, quotes, backslash.
 */
function markdownHref(href: unknown): string | null {
  const safe = safeHref(href)
  if (safe === null) return null
  return safe.replace(/[\u0000-\u0020\u007f-\u009f()<>"'`\\]/g, percentEncode)
}

// encodeURIComponent leaves ( ) ' unencoded, so ASCII is encoded by hand; the
// C1 controls (U+0080–U+009F) are two UTF-8 bytes, which it writes as %C2%xx.
const percentEncode = (c: string): string => {
  const code = c.charCodeAt(0)
  return code < 0x80 ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : encodeURIComponent(c)
}

function inline(node: PMNode): string {
  let out = ''
  node.forEach((child) => {
    if (isNode(child, 'hard_break')) {
      out += '  \n'
      return
    }
    if (!child.isText) return
    // A paragraph is one Markdown line: a newline in the text would start a new block.
    let t = escapeInline((child.text ?? '').replace(/[\r\n]+/g, ' '))
    for (const mark of child.marks) {
      if (mark.type.name === 'strong') t = `**${t}**`
      else if (mark.type.name === 'em') t = `*${t}*`
      else if (mark.type.name === 'link') {
        const href = markdownHref(mark.attrs.href)
        if (href !== null) t = `[${t}](${href})`
      }
    }
    out += t
  })
  return out
}

function followUpLine(node: PMNode, lang: Lang): string {
  const a = node.attrs
  const value = typeof a.value === 'number' ? formatNumber(a.value, lang) : '–'
  const status = STATUS[lang][String(a.status)] ?? String(a.status)
  // Attributes never validate (ARCHITECTURE.md): a peer can put any text in date or status.
  return `${lang === 'da' ? 'Opfølgning' : 'Follow-up'} ${escapeInline(String(a.date ?? '?'))}: ${value} (${escapeInline(status)})${a.note ? ' – ' + escapeInline(String(a.note)) : ''}`
}

function cellText(cell: PMNode, lang: Lang): string {
  const parts: string[] = []
  cell.forEach((child) => {
    if (isNode(child, 'target')) parts.push('🎯 ' + escapeInline(targetSentence(child.attrs, lang)))
    else if (isNode(child, 'follow_up')) parts.push(followUpLine(child, lang))
    else if (isNode(child, 'bullet_list') || isNode(child, 'ordered_list')) child.forEach((li) => parts.push('• ' + escapeInline(li.textContent)))
    else if (child.isTextblock) parts.push(inline(child))
  })
  // Pipes are already escaped by escapeInline; a raw newline would end the row.
  return parts
    .filter((p) => p !== '')
    .join('<br>')
    .replace(/\n/g, ' ')
}

function block(node: PMNode, lang: Lang, out: string[]): void {
  switch (nodeName(node)) {
    case 'paragraph':
      out.push(inline(node), '')
      return
    case 'heading':
      out.push(`${'#'.repeat(Number(node.attrs.level) || 2)} ${inline(node)}`, '')
      return
    case 'bullet_list':
    case 'ordered_list': {
      let i = Number(node.attrs.order ?? 1)
      node.forEach((li) => {
        const prefix = isNode(node, 'bullet_list') ? '-' : `${i++}.`
        const inner: string[] = []
        li.forEach((c) => block(c, lang, inner))
        const lines = inner.filter((l) => l !== '')
        out.push(`${prefix} ${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `   ${l}`))
      })
      out.push('')
      return
    }
    case 'vision':
      out.push(`> **${lang === 'da' ? 'Vision' : 'Vision'}**`, '>')
      node.forEach((c) => {
        const inner: string[] = []
        block(c, lang, inner)
        inner.filter((l) => l).forEach((l) => out.push(`> ${l}`))
      })
      out.push('')
      return
    case 'focus_area':
      node.forEach((c) => {
        if (isNode(c, 'focus_title')) out.push(`## ${inline(c)}`, '')
        else block(c, lang, out)
      })
      return
    case 'goal_table': {
      const titles = COLUMN_TITLES[lang]
      out.push(`| ${GOAL_COLUMNS.map((c) => titles[c]).join(' | ')} |`, `|${GOAL_COLUMNS.map(() => '---').join('|')}|`)
      orderedGoals(node).forEach(({ node: goal }) => {
        const cols = GOAL_COLUMNS.map((column) => {
          const cells: string[] = []
          goal.forEach((cell) => {
            if (cell.attrs.column === column) cells.push(cellText(cell, lang))
          })
          return cells.join('<br>')
        })
        out.push(`| ${cols.join(' | ')} |`)
      })
      out.push('')
      return
    }
    case 'figures_table': {
      const { caption, columns, rows } = readFiguresTable(node, lang)
      const labels = columns.map(escapeInline)
      if (caption) out.push(`**${escapeInline(caption)}**`, '')
      out.push(
        `| ${EXPORT_WORDS[lang].targetGroup} | ${labels.join(' | ')} |`,
        `|---|${labels.map(() => '---:').join('|')}|`,
        ...rows.map((r) => `| ${escapeInline(r.label)} | ${r.values.join(' | ')} |`),
        ''
      )
      return
    }
    case 'follow_up':
      out.push(followUpLine(node, lang), '')
      return
    default: {
      const t = node.textContent
      if (t) out.push(escapeInline(t), '')
    }
  }
}

/** A footnote to place after the text at a flattened text offset (e.g. an open comment). */
export interface MarkdownFootnote {
  offset: number
  text: string
}

// Private-use characters survive escaping untouched and never occur in plans
// written by people, so they can mark where a footnote reference goes.
const MARK_OPEN = '\uE000'
const MARK_CLOSE = '\uE001'

function withFootnoteMarks(doc: PMNode, footnotes: readonly MarkdownFootnote[]): PMNode {
  const tr = EditorState.create({ doc }).tr
  // Back to front so earlier offsets stay valid.
  const ordered = footnotes.map((f, i) => ({ ...f, n: i + 1 })).sort((a, b) => b.offset - a.offset)
  for (const f of ordered) tr.insertText(`${MARK_OPEN}${f.n}${MARK_CLOSE}`, posOfTextOffset(tr.doc, f.offset, -1))
  return tr.doc
}

/**
 * The plan as Markdown: title, metadata line, and every block with tables
 * kept. Footnotes (open comments, say) are referenced at their offsets and
 * listed at the end.
 */
export function planToMarkdown(doc: PMNode, meta: PlanMeta, lang: Lang = 'da', options: { footnotes?: readonly MarkdownFootnote[] } = {}): string {
  const footnotes = options.footnotes ?? []
  const body = footnotes.length ? withFootnoteMarks(doc, footnotes) : doc
  const out: string[] = [`# ${escapeInline(meta.title || (lang === 'da' ? 'Plan uden titel' : 'Untitled plan'))}`, '']
  const facts = [meta.municipality, meta.period ? formatPeriod(meta.period, lang) : ''].filter(Boolean)
  if (facts.length) out.push(`*${facts.map(escapeInline).join(' · ')}*`, '')
  body.forEach((node) => block(node, lang, out))
  if (footnotes.length) {
    out.push('', `## ${lang === 'da' ? 'Kommentarer' : 'Comments'}`, '')
    footnotes.forEach((f, i) => out.push(`[^${i + 1}]: ${escapeInline(f.text).replace(/\n/g, ' ')}`))
  }
  const text =
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  return text.replace(new RegExp(`${MARK_OPEN}(\\d+)${MARK_CLOSE}`, 'g'), '[^$1]')
}
