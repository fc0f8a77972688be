import * as Y from 'yjs'
import type { Mark, Node as PMNode } from 'prosemirror-model'
import { giveTextblocksTheirText } from './y-text-slots'

// The plan body's Yjs shape is y-prosemirror's: one Y.XmlElement per node
// (named for its type, non-null attributes as XML attributes) and one
// Y.XmlText per run of text nodes (marks as formatting attributes). The
// server seeds and reads bodies with these two functions so that it never
// loads y-prosemirror, which pulls in prosemirror-view. They must write and
// read exactly what y-prosemirror does (test/unit/y-body.test.ts compares them),
// plus the one empty Y.XmlText every empty textblock gets (y-text-slots.ts).

/** A node of a plan body as ProseMirror JSON, read without a schema: anything may be missing or wrong. */
export interface YBodyJson {
  type?: unknown
  attrs?: Record<string, unknown>
  content?: unknown[]
  text?: unknown
  marks?: Array<{ type?: unknown; attrs?: Record<string, unknown> }>
}

/**
 * Write `doc`'s content into an empty Y.XmlFragment, as y-prosemirror's
 * `prosemirrorToYXmlFragment` followed by `giveTextblocksTheirText` does (the
 * same Yjs structure, inserted in one transaction when the fragment belongs
 * to a Y.Doc).
 */
export function writeYBody(fragment: Y.XmlFragment, doc: PMNode): void {
  if (fragment.length > 0) throw new Error('writeYBody needs an empty fragment')
  if (fragment.doc) {
    fragment.doc.transact((tr) => {
      fragment.insert(0, childTypes(doc))
      giveTextblocksTheirText(tr)
    })
  } else fragment.insert(0, childTypes(doc, true))
}

function childTypes(node: PMNode, withTextSlots = false): Array<Y.XmlElement | Y.XmlText> {
  const out: Array<Y.XmlElement | Y.XmlText> = []
  let run: PMNode[] = []
  const endRun = (): void => {
    if (run.length) out.push(textType(run))
    run = []
  }
  node.forEach((child) => {
    if (child.isText) run.push(child)
    else {
      endRun()
      out.push(elementType(child, withTextSlots))
    }
  })
  endRun()
  // Outside a Y.Doc there is no transaction to fill textblocks in afterwards.
  if (withTextSlots && node.isTextblock && out.length === 0) out.push(new Y.XmlText())
  return out
}

function elementType(node: PMNode, withTextSlots: boolean): Y.XmlElement {
  const el = new Y.XmlElement(node.type.name)
  for (const [key, value] of Object.entries(node.attrs)) {
    // y-prosemirror stores no nulls (a missing attribute reads as its default).
    if (value !== null) el.setAttribute(key, value as string)
  }
  el.insert(0, childTypes(node, withTextSlots))
  return el
}

function textType(nodes: PMNode[]): Y.XmlText {
  const text = new Y.XmlText()
  text.applyDelta(nodes.map((n) => ({ insert: n.text, attributes: markAttributes(n.marks) })))
  return text
}

function markAttributes(marks: readonly Mark[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const mark of marks) {
    // y-prosemirror keys a mark that may overlap itself by name and a hash of
    // its JSON; our schema has none, and a copy of the hash is not worth it.
    if (!mark.type.excludes(mark.type)) throw new RangeError(`Mark type ${mark.type.name} may overlap itself; writeYBody does not write such marks`)
    out[mark.type.name] = mark.attrs
  }
  return out
}

// y-prosemirror's key for a mark that may overlap itself: `name--<8 chars of hash>`.
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/

/**
 * Read a Y.XmlFragment as ProseMirror JSON (`{ type: 'doc', content }`), as
 * y-prosemirror's `yXmlFragmentToProsemirrorJSON` does, without a schema and
 * without changing the fragment. A Yjs type that is neither element nor text
 * comes out as a node without a type instead of an exception; so does text
 * directly in the fragment (y-prosemirror nests it in an array there).
 */
export function readYBodyJson(fragment: Y.XmlFragment): YBodyJson & { content: YBodyJson[] } {
  // Text directly in the body (no valid edit writes it) is kept inside a node
  // without a type, which readers report and keep as a paragraph of its text.
  return { type: 'doc', content: fragment.toArray().map((item) => (item instanceof Y.XmlText ? { content: nodeJson(item) } : nodeJson(item)[0]!)) }
}

function nodeJson(item: Y.XmlElement | Y.XmlText | Y.XmlHook): YBodyJson[] {
  if (item instanceof Y.XmlText) {
    const delta = item.toDelta() as Array<{ insert: unknown; attributes?: Record<string, Record<string, unknown>> }>
    return delta.map((d) => ({
      type: 'text',
      text: d.insert,
      ...(d.attributes ? { marks: Object.entries(d.attributes).map(([key, attrs]) => ({ type: HASHED_MARK_NAME.exec(key)?.[1] ?? key, attrs })) } : {})
    }))
  }
  if (item instanceof Y.XmlElement) {
    const attrs = item.getAttributes() as Record<string, unknown>
    const children = item.toArray()
    return [
      {
        type: item.nodeName,
        ...(Object.keys(attrs).length ? { attrs } : {}),
        ...(children.length ? { content: children.flatMap(nodeJson) } : {})
      }
    ]
  }
  return [{}]
}
