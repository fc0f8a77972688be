import type { Node as PMNode } from 'prosemirror-model'
import { EXPORT_WORDS, planFacts, planTitle } from '../export'
import type { PlanExport } from '../plan-export'
import type { PlanStatus } from '../plan-meta'
import { runsText, squash } from './inline'
import type { ImportBlock } from './types'

// Re-importing our own .docx export (issue #15): the export frames the plan
// with a Title, a facts line (municipality · period · status), a "Vision"
// heading and bold figures captions, and writes the plan's headings one Word
// level below the focus areas. None of that is content of the plan: the
// title, municipality and period come back from the embedded plan JSON, and
// the rest is undone here, so export → import → export is stable.

/** The source blocks of our own export without its title and facts line, headings back at their levels. */
export function unframeOwnExport(blocks: readonly ImportBlock[], plan: PlanExport): ImportBlock[] {
  const out = [...blocks]
  const text = (b: ImportBlock | undefined) => (b && (b.type === 'heading' || b.type === 'paragraph') ? squash(runsText(b.runs)) : null)
  const meta = { id: plan.plan.id, title: plan.plan.title, municipality: plan.plan.municipality, period: plan.plan.period, status: 'draft' as PlanStatus }
  const first = out[0]
  const hasTitle = first?.type === 'heading' && first.level === 1 && (['da', 'en'] as const).some((lang) => text(first) === squash(planTitle(meta, lang)))
  if (hasTitle) {
    out.shift()
    // The facts line ends with the status, which the JSON does not carry: match what comes before it.
    const facts = text(out[0])
    const lead = squash(
      planFacts({ ...meta }, 'da')
        .slice(0, -1)
        .join(' · ')
    )
    if (facts !== null && out[0]?.type === 'paragraph' && (lead === '' ? /^Status: /u.test(facts) : facts.startsWith(lead + ' · '))) out.shift()
  }
  // The reader put every heading one level below the Title; without it they go back up.
  return hasTitle ? out.map((b) => (b.type === 'heading' ? { ...b, level: Math.max(1, b.level - 1) } : b)) : out
}

/** The recognised document of our own export with the export's "Vision" headings and figures captions put back as they were. */
export function restoreOwnExportFrame(doc: PMNode): PMNode {
  const visionWords = new Set(Object.values(EXPORT_WORDS).map((w) => w.vision))
  const corner = new Set(Object.values(EXPORT_WORDS).map((w) => w.targetGroup))
  const strong = doc.type.schema.marks.strong!
  const fix = (node: PMNode, inTitle = false): PMNode => {
    // The export sets every goal title in bold, as a row header: that bold is the export's, not the plan's.
    if (node.isText) return inTitle ? node.mark(strong.removeFromSet(node.marks)) : node
    if (node.isLeaf) return node
    if (node.isTextblock) {
      if (!inTitle) return node
      const texts: PMNode[] = []
      node.forEach((child) => texts.push(fix(child, true)))
      return node.type.create(node.attrs, texts, node.marks)
    }
    const children: PMNode[] = []
    node.forEach((child) => children.push(fix(child, inTitle || (node.type.name === 'goal_cell' && node.attrs.column === 'title'))))
    const kept: PMNode[] = []
    let caption: string | null = null
    children.forEach((child, i) => {
      const next = children[i + 1]
      if (child.type.name === 'heading' && next?.type.name === 'vision' && visionWords.has(squash(child.textContent))) return
      // A bold caption line read as a heading, then its table with the export's corner word as caption: the line is the caption.
      if (child.type.name === 'heading' && next?.type.name === 'figures_table' && corner.has(squash(String(next.attrs.caption ?? '')))) {
        caption = squash(child.textContent)
        return
      }
      if (caption !== null && child.type.name === 'figures_table') kept.push(child.type.create({ ...child.attrs, caption }, child.content, child.marks))
      else kept.push(child)
      caption = null
    })
    return node.type.create(node.attrs, kept, node.marks)
  }
  return fix(doc)
}
