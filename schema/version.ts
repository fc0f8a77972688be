/**
 * The version of the plan schema this code understands. Stored in the plan's
 * `Map('meta')` as `schemaVersion`. A client whose version is lower than the
 * document's must never bind y-prosemirror to it: y-prosemirror 1.x deletes
 * every Yjs node and mark its schema does not know, for every peer.
 */
export const SCHEMA_VERSION = 1

/** Key under which `Map('meta')` keeps the schema version of the document. */
export const META_SCHEMA_VERSION = 'schemaVersion'

/** Name of the Y.XmlFragment that holds the plan body. */
export const BODY_FRAGMENT = 'body'

/** Name of the Y.Map that holds title, municipality, period, status. */
export const META_MAP = 'meta'
