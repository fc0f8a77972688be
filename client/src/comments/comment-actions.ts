import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import type { NodeAnchorType, Suggestion } from '../../../schema/comments'

/** A request from a node view to comment on its node as a whole. */
export interface NodeCommentRequest {
  type: NodeAnchorType
  /** The position before the node, now. */
  pos: number
  /** What the node says now (a goal's title, a target's sentence), kept with the thread. */
  quote: string
  /** Where focus goes back after posting or cancelling. */
  origin: HTMLElement | null
}

/** A commenter's proposal of new target values, from the target's form. */
export interface TargetSuggestionRequest extends NodeCommentRequest {
  suggestion: Extract<Suggestion, { kind: 'target' }>
  /** The comment that goes with it: the proposed sentence and the reason given. */
  text: string
}

/**
 * How node views (plain DOM inside the editor) reach the comments panel
 * (Svelte, beside it): the page makes one, the panel fills in the handlers,
 * node views read it from the editor state. Whether to show a comment button
 * is the role's (`canComment`), decided once per page.
 */
export class CommentActions {
  onComment: ((r: NodeCommentRequest) => void) | null = null
  onSuggestTarget: ((r: TargetSuggestionRequest) => void) | null = null
  constructor(readonly canComment: boolean) {}
}

const key = new PluginKey<CommentActions>('commentActions')

/** Puts the page's CommentActions where node views find them. */
export const commentActionsPlugin = (actions: CommentActions): Plugin<CommentActions> =>
  new Plugin<CommentActions>({ key, state: { init: () => actions, apply: (_tr, v) => v } })

/** The page's comment actions, or null (an editor without the comments panel). */
export const commentActions = (state: EditorState): CommentActions | null => key.getState(state) ?? null
