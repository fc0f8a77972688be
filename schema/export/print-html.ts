import type { Mark, Node as PMNode } from 'prosemirror-model'
import { orderedGoals } from '../editing'
import { safeHref } from '../links'
import type { Lang } from '../numbers'
import type { PlanMeta } from '../plan-meta'
import { targetSentence } from '../target-sentence'
import { GOAL_COLUMNS } from '../vocabulary'
import { EXPORT_WORDS, GOAL_COLUMN_TITLES, followUpWords, planFacts, planTitle } from './labels'
import { readFiguresTable } from './figures'

// The print-ready HTML export: one self-contained page (inline CSS, no
// scripts, no external resources) that reads well on screen and prints to A4.
// It is also what Chromium renders to PDF. Built as a string from the
// ProseMirror document so it stays pure: every piece of plan text goes
// through `esc`, every href through `safeHref`.

/** Escape text for HTML element content and double-quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
const esc = escapeHtml

/** The print stylesheet. Chromium 131+ draws the @page margin boxes (page numbers). */
export const printCss = (lang: Lang = 'da'): string => `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; margin: 0; }
main { max-width: 62rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 .3em; }
h2 { font-size: 15pt; margin: 1.4em 0 .4em; }
h3 { font-size: 12.5pt; margin: 1.2em 0 .3em; }
h4 { font-size: 11pt; margin: 1em 0 .3em; }
h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 .5em; }
.facts { color: #444; margin-bottom: 1.5em; }
.vision { border-left: 4px solid #2b5f8a; padding: .2em 0 .2em 1em; margin: 1em 0 1.5em; }
.vision h2 { margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.2em; }
thead { display: table-header-group; }
tr, .target, .follow-up { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: .35em .5em; vertical-align: top; text-align: left; }
thead th { background: #e8eef3; }
td p:last-child, td ul:last-child, td ol:last-child { margin-bottom: 0; }
td ul, td ol { margin: 0 0 .4em; padding-left: 1.2em; }
.goal-table td:first-child { font-weight: bold; width: 20%; }
.goal-table td:nth-child(2), .goal-table td:nth-child(3) { width: 30%; }
.target { border-left: 3px solid #2b5f8a; padding-left: .4em; }
.follow-up .status { font-weight: bold; }
.status-onTrack { color: #1d6b2f; } .status-atRisk { color: #8a5a00; } .status-offTrack { color: #a11a1a; } .status-achieved { color: #1d4f8a; }
.figures td { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
a { color: #1d4f8a; }
@page {
  size: A4;
  margin: 18mm 16mm 20mm;
  @bottom-right { content: "${lang === 'da' ? 'Side' : 'Page'} " counter(page) " ${lang === 'da' ? 'af' : 'of'} " counter(pages); font: 8.5pt Arial, sans-serif; color: #555; }
}
@media print {
  main { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 85%; color: #444; }
}
`

interface Ctx {
  lang: Lang
}

function wrapMark(html: string, mark: Mark): string {
  switch (mark.type.name) {
    case 'strong':
      return `<strong>${html}</strong>`
    case 'em':
      return `<em>${html}</em>`
    case 'link': {
      const href = safeHref(mark.attrs.href)
      // A refused link (javascript:, data:) keeps its text and loses the link.
      return href === null ? html : `<a href="${esc(href)}" rel="noopener noreferrer nofollow">${html}</a>`
    }
    default:
      return html
  }
}

function inline(node: PMNode): string {
  let out = ''
  node.forEach((child) => {
    if (child.type.name === 'hard_break') out += '<br>'
    else if (child.isText) out += child.marks.reduce(wrapMark, esc(child.text ?? ''))
    else out += esc(child.textContent)
  })
  return out
}

function followUpHtml(node: PMNode, ctx: Ctx): string {
  const w = followUpWords(node, ctx.lang)
  const label = EXPORT_WORDS[ctx.lang].followUp
  return (
    `<p class="follow-up" data-target-id="${esc(String(node.attrs.targetId ?? ''))}">${esc(label)} ${esc(w.date)}: ${esc(w.value)} ` +
    `(<span class="status status-${w.statusKey}">${esc(w.status)}</span>)${w.note ? ' – ' + esc(w.note) : ''}</p>`
  )
}

function list(node: PMNode, ctx: Ctx): string {
  const ordered = node.type.name === 'ordered_list'
  const start = Number(node.attrs.order ?? 1)
  const open = ordered ? (start !== 1 && Number.isFinite(start) ? `<ol start="${start}">` : '<ol>') : '<ul>'
  let items = ''
  node.forEach((li) => {
    let inner = ''
    li.forEach((c) => {
      inner += c.type.name === 'paragraph' ? inline(c) + (li.childCount > 1 ? '<br>' : '') : block(c, ctx)
    })
    items += `<li>${inner.replace(/<br>$/, '')}</li>`
  })
  return `${open}${items}${ordered ? '</ol>' : '</ul>'}`
}

function cellContent(cell: PMNode, ctx: Ctx): string {
  let out = ''
  cell.forEach((child) => {
    if (child.type.name === 'target') {
      out += `<p class="target" data-target-id="${esc(String(child.attrs.id ?? ''))}">${esc(targetSentence(child.attrs, ctx.lang))}</p>`
    } else out += block(child, ctx)
  })
  return out
}

function goalTable(node: PMNode, ctx: Ctx): string {
  const titles = GOAL_COLUMN_TITLES[ctx.lang]
  const head = `<thead><tr>${GOAL_COLUMNS.map((c) => `<th scope="col">${esc(titles[c])}</th>`).join('')}</tr></thead>`
  const rows = orderedGoals(node).map(({ node: goal }) => {
    const html = new Map<string, string>(GOAL_COLUMNS.map((c) => [c, '']))
    goal.forEach((cell) => {
      // A cell with a column name we do not know still holds text someone wrote: keep it with the actions.
      const column = html.has(String(cell.attrs.column)) ? String(cell.attrs.column) : 'actions'
      html.set(column, html.get(column)! + cellContent(cell, ctx))
    })
    return `<tr data-goal-id="${esc(String(goal.attrs.id ?? ''))}">${GOAL_COLUMNS.map((c) => `<td>${html.get(c)}</td>`).join('')}</tr>`
  })
  return `<table class="goal-table">${head}<tbody>${rows.join('')}</tbody></table>`
}

function figuresTable(node: PMNode, ctx: Ctx): string {
  const grid = readFiguresTable(node, ctx.lang)
  const caption = grid.caption ? `<caption>${esc(grid.caption)}</caption>` : ''
  const head = `<thead><tr><th scope="col">${esc(EXPORT_WORDS[ctx.lang].targetGroup)}</th>${grid.columns.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`
  const body = grid.rows
    .map((r) => `<tr><th scope="row">${esc(r.label)}</th>${grid.columns.map((_, j) => `<td>${esc(r.values[j] ?? '')}</td>`).join('')}</tr>`)
    .join('')
  return `<table class="figures">${caption}${head}<tbody>${body}</tbody></table>`
}

function block(node: PMNode, ctx: Ctx): string {
  switch (node.type.name) {
    case 'paragraph':
      return `<p>${inline(node)}</p>`
    case 'heading': {
      // h1 is the plan's title; headings in the text start at h2 as in the editor.
      const level = Math.min(Math.max(Number(node.attrs.level) || 2, 2), 4)
      return `<h${level}>${inline(node)}</h${level}>`
    }
    case 'bullet_list':
    case 'ordered_list':
      return list(node, ctx)
    case 'vision': {
      let inner = ''
      node.forEach((c) => {
        inner += block(c, ctx)
      })
      return `<section class="vision"><h2>${esc(EXPORT_WORDS[ctx.lang].vision)}</h2>${inner}</section>`
    }
    case 'focus_area': {
      let inner = ''
      node.forEach((c) => {
        inner += c.type.name === 'focus_title' ? `<h2>${esc(c.textContent)}</h2>` : block(c, ctx)
      })
      return `<section class="focus-area" data-focus-area-id="${esc(String(node.attrs.id ?? ''))}">${inner}</section>`
    }
    case 'goal_table':
      return goalTable(node, ctx)
    case 'figures_table':
      return figuresTable(node, ctx)
    case 'follow_up':
      return followUpHtml(node, ctx)
    case 'target':
      return `<p class="target">${esc(targetSentence(node.attrs, ctx.lang))}</p>`
    default: {
      // Anything else still holds words someone wrote: keep them.
      const t = node.textContent
      return t ? `<p>${esc(t)}</p>` : ''
    }
  }
}

/** Options of the print HTML. */
export interface PrintHtmlOptions {
  lang?: Lang
}

/**
 * The whole plan as one print-ready HTML page: title, facts, vision, focus
 * areas, free text, goal tables (Mål · Handlinger · Succeskriterier ·
 * Opfølgning) with targets as sentences and follow-ups with their status,
 * and måltal tables in the reader's number notation. No scripts; all text
 * escaped; links only when `safeHref` accepts them.
 */
export function planToPrintHtml(doc: PMNode, meta: PlanMeta, options: PrintHtmlOptions = {}): string {
  const ctx: Ctx = { lang: options.lang ?? 'da' }
  const title = planTitle(meta, ctx.lang)
  let body = ''
  doc.forEach((node) => {
    body += block(node, ctx) + '\n'
  })
  return `<!DOCTYPE html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${printCss(ctx.lang)}</style>
</head>
<body>
<main>
<header><h1>${esc(title)}</h1>
<p class="facts">${planFacts(meta, ctx.lang).map(esc).join(' · ')}</p></header>
${body}</main>
</body>
</html>
`
}

/** Content-Security-Policy for the print HTML: inline styles only, no scripts, nothing fetched. */
export const PRINT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
