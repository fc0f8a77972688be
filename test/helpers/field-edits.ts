import type * as Y from 'yjs'
import type { FieldValue } from '../../schema'
import type { YClient } from '../../testkit/y-client'
import { eventually } from '../../testkit/y-client'
import { editBody } from './pm-edit'

/** Set one attribute of the node with this id, through ProseMirror and y-prosemirror as the editor does. */
export function setField(doc: Y.Doc, nodeId: string, field: string, value: FieldValue): void {
  editBody(doc, (s) => {
    let at = -1
    s.doc.descendants((node, pos) => {
      if (at >= 0) return false
      if (node.attrs.id === nodeId) at = pos
      return at < 0
    })
    if (at < 0) throw new RangeError(`No node with id ${nodeId}`)
    return s.tr.setNodeAttribute(at, field, value)
  })
}

/** Take a client offline (its edits stay in its Y.Doc until it reconnects). */
export function goOffline(c: YClient): void {
  c.provider.disconnect()
}

/** Bring a client back and wait until it has synced with the server again. */
export async function reconnect(c: YClient): Promise<void> {
  c.provider.connect()
  await eventually(() => {
    if (!c.provider.synced || !c.provider.wsconnected) throw new Error('not synced yet')
  }, 15_000)
}
