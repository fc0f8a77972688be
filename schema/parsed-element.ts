/**
 * What the schema's `parseDOM` rules read from an element. prosemirror-model
 * calls them only in a browser, with a real HTMLElement; schema/ is compiled
 * without DOM types (it also runs in Node), so it names just this much.
 */
export interface ParsedElement {
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  readonly textContent: string | null
  readonly style: { readonly fontWeight: string }
}
