import type { EditorState, Transaction } from 'prosemirror-state'
import type { ResolvedAnchor } from './anchors'
import { posOfTextOffset } from './text-index'
import type { Suggestion } from './threads'

/** Why a suggestion cannot be applied as it stands. */
export type SuggestionRefusal = 'text-changed' | 'detached' | 'target-missing' | 'target-changed'

/** Plain explanations of a refusal, for the editor who tried to accept. */
export const REFUSAL_TEXT: Record<'da' | 'en', Record<SuggestionRefusal, string>> = {
  da: {
    'text-changed': 'Teksten er ændret, siden forslaget blev givet. Læs den nye tekst, og skriv ændringen ind selv, eller afvis forslaget.',
    detached: 'Den tekst, forslaget handler om, er slettet.',
    'target-missing': 'Målsætningen, forslaget handler om, findes ikke længere.',
    'target-changed': 'Målsætningens værdier er ændret, siden forslaget blev givet.'
  },
  en: {
    'text-changed': 'The text has changed since the suggestion was made. Read the new text and make the change yourself, or reject the suggestion.',
    detached: 'The text the suggestion is about has been deleted.',
    'target-missing': 'The target the suggestion is about no longer exists.',
    'target-changed': "The target's values have changed since the suggestion was made."
  }
}

/**
 * The transaction that applies a suggestion to the plan, or the reason it
 * cannot: a suggestion is only applied to exactly the text (or values) it
 * was made against, never to something that changed since.
 */
export function suggestionTransaction(
  state: EditorState,
  suggestion: Suggestion,
  anchor: { quote: string; resolved: ResolvedAnchor }
): { tr: Transaction } | { refused: SuggestionRefusal } {
  if (suggestion.kind === 'text') {
    const { resolved, quote } = anchor
    if (!resolved.attached) return { refused: 'detached' }
    if (resolved.text !== quote) return { refused: 'text-changed' }
    const from = posOfTextOffset(state.doc, resolved.start, 1)
    const to = posOfTextOffset(state.doc, resolved.end, -1)
    if (state.doc.textBetween(from, to, '', '') !== quote) return { refused: 'text-changed' }
    return { tr: state.tr.insertText(suggestion.text, from, to) }
  }
  let pos = -1
  state.doc.descendants((node, p) => {
    if (pos < 0 && node.type.name === 'target' && node.attrs.id === suggestion.targetId) pos = p
    return pos < 0
  })
  if (pos < 0) return { refused: 'target-missing' }
  const node = state.doc.nodeAt(pos)!
  for (const [k, v] of Object.entries(suggestion.base)) if (node.attrs[k] !== v) return { refused: 'target-changed' }
  return { tr: state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...suggestion.attrs }) }
}
