import { Plugin } from 'prosemirror-state'
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model'
import { ID_NODE_TYPES, withFreshIds } from '../../../schema/editing'

// Pasted HTML is parsed by ProseMirror through our schema: only the nodes and
// marks the schema knows survive (no scripts, no styles, no event handlers),
// and link hrefs pass safeHref (no javascript:). On top of that, pasted
// structured nodes get fresh ids, so a copied goal is a new goal.

function freshen(fragment: Fragment): Fragment {
  const out: PMNode[] = []
  fragment.forEach((node) => {
    let hasId = ID_NODE_TYPES.has(node.type.name)
    node.descendants((d) => {
      if (ID_NODE_TYPES.has(d.type.name)) hasId = true
      return !hasId
    })
    out.push(hasId ? withFreshIds(node) : node)
  })
  return Fragment.from(out)
}

/** Give pasted structured nodes new ids; report when the paste carried things we dropped. */
export function pastePlugin(onCleaned: () => void): Plugin {
  return new Plugin({
    props: {
      transformPasted: (slice) => new Slice(freshen(slice.content), slice.openStart, slice.openEnd),
      transformPastedHTML: (html) => {
        if (/<script|javascript:|on\w+=|<style/i.test(html)) onCleaned()
        return html
      }
    }
  })
}
