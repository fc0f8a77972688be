import * as Y from 'yjs'
import { Node as PMNode } from 'prosemirror-model'
import { planSchema } from './plan-schema'
import { LEGACY_PLAN_STATUSES, PLAN_STATUSES, type PlanMeta } from './plan-meta'
import { PROBLEM_TEXTS, type Problem } from './problems'
import type { Lang } from './numbers'
import { BODY_FRAGMENT, META_MAP, META_SCHEMA_VERSION, SCHEMA_VERSION } from './version'
import { isOneOf } from './vocabulary'
import { readYBodyJson, writeYBody, type YBodyJson as JsonNode } from './y-body'

/**
 * Write a plan into an empty Y.Doc: the body into `XmlFragment('body')` and the
 * metadata (with `schemaVersion`) into `Map('meta')`, in one transaction.
 * Only the server seeds, once, when a plan is created: two peers seeding the
 * same document would each insert a copy (y-prosemirror CAVEATS).
 */
export function seedPlanDoc(ydoc: Y.Doc, plan: { meta: PlanMeta; doc: PMNode }): void {
  const body = ydoc.getXmlFragment(BODY_FRAGMENT)
  if (body.length > 0) throw new Error(`Plan ${plan.meta.id} already has content; refusing to seed it twice`)
  ydoc.transact(() => {
    const meta = ydoc.getMap(META_MAP)
    meta.set('id', plan.meta.id)
    meta.set('title', plan.meta.title)
    meta.set('municipality', plan.meta.municipality)
    meta.set('period', plan.meta.period)
    meta.set('status', plan.meta.status)
    meta.set(META_SCHEMA_VERSION, SCHEMA_VERSION)
    writeYBody(body, plan.doc)
  })
}

/** The schema version a document was written with (0 when it never said). */
export function documentSchemaVersion(ydoc: Y.Doc): number {
  const v = ydoc.getMap(META_MAP).get(META_SCHEMA_VERSION)
  return typeof v === 'number' && Number.isInteger(v) ? v : 0
}

/** Read `Map('meta')` into a PlanMeta, filling what is missing. */
export function readPlanMeta(ydoc: Y.Doc, fallbackId = ''): PlanMeta {
  const m = ydoc.getMap(META_MAP)
  const str = (key: string): string => {
    const v = m.get(key)
    return typeof v === 'string' ? v : ''
  }
  const status = m.get('status')
  return {
    id: str('id') || fallbackId,
    title: str('title'),
    municipality: str('municipality'),
    period: str('period'),
    status: isOneOf(PLAN_STATUSES, status) ? status : ((typeof status === 'string' ? LEGACY_PLAN_STATUSES[status] : undefined) ?? 'draft')
  }
}

const textOf = (n: JsonNode): string => (typeof n.text === 'string' ? n.text : (n.content ?? []).map((c) => textOf(c as JsonNode)).join(' '))

/**
 * Convert a plan body to a ProseMirror node without ever throwing and without
 * touching the Y.Doc. (y-prosemirror's binding deletes, for every peer, the
 * elements its schema does not know; a server or exporter must never do
 * that.) What does not fit is kept as plain paragraphs and reported.
 */
export function yBodyToPlanNode(ydoc: Y.Doc, lang: Lang = 'da'): { doc: PMNode; problems: Problem[] } {
  const problems: Problem[] = []
  const say = PROBLEM_TEXTS[lang]
  const json = readYBodyJson(ydoc.getXmlFragment(BODY_FRAGMENT))
  const clean = (n: JsonNode, path: string): JsonNode => {
    if (n.type === 'text') {
      const marks = (n.marks ?? []).filter((m, i) => {
        const known = typeof m.type === 'string' && m.type in planSchema.marks
        if (!known) problems.push({ path: `${path}/marks/${i}`, message: say.unknownMark(String(m.type)) })
        return known
      })
      return { type: 'text', text: typeof n.text === 'string' ? n.text : '', ...(marks.length ? { marks } : {}) }
    }
    if (typeof n.type !== 'string' || !(n.type in planSchema.nodes)) {
      problems.push({ path, message: say.unknownNode(String(n.type)) })
      const text = textOf(n)
      return { type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }
    }
    const content = (n.content ?? []).map((c, i) => clean(c as JsonNode, `${path}/content/${i}`)).filter((c) => !(c.type === 'text' && c.text === ''))
    return { ...n, content }
  }
  const cleaned = clean({ type: 'doc', content: json.content ?? [] }, '')
  try {
    const doc = PMNode.fromJSON(planSchema, cleaned)
    try {
      doc.check()
    } catch (e) {
      problems.push({ path: '', message: say.notFitting((e as Error).message) })
    }
    return { doc, problems }
  } catch (e) {
    // Last resort: keep every word as paragraphs rather than lose the plan.
    problems.push({ path: '', message: say.unreadable((e as Error).message) })
    const paragraphs = (cleaned.content ?? []).map((c) => textOf(c as JsonNode)).filter((t) => t !== '')
    return {
      doc: planSchema.node(
        'doc',
        null,
        paragraphs.map((t) => planSchema.node('paragraph', null, [planSchema.text(t)]))
      ),
      problems
    }
  }
}
