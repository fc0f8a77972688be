import * as Y from 'yjs'
import type { LightClient } from './light-client'

// How the load generators' editors type: each into a paragraph of its own
// at the end of the body (concurrent appends merge), one character a tick.

/** Add the editor's own paragraph, send it, and return its text to type into. */
export function ownParagraph(client: LightClient): Y.XmlText {
  const doc = client.doc!
  const before = Y.encodeStateVector(doc)
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  doc.getXmlFragment('body').push([paragraph])
  client.sendUpdate(Y.encodeStateAsUpdate(doc, before))
  return text
}

/** Type one character and send it; `sending` gets its `client:clock` key just before it goes out. */
export function typeOne(client: LightClient, text: Y.XmlText, sending: (key: string) => void): void {
  const doc = client.doc!
  const clock = Y.getState(doc.store, doc.clientID)
  const before = Y.encodeStateVector(doc)
  text.insert(text.length, 'abcdefghij'[clock % 10]!)
  const update = Y.encodeStateAsUpdate(doc, before)
  sending(`${doc.clientID}:${clock}`)
  client.sendUpdate(update)
}
