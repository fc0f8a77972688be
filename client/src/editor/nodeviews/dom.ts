// Tiny DOM helpers for node views (plain DOM: node views live outside Svelte).

/** Create an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue
    el.setAttribute(k, v === true ? '' : v)
  }
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c)
  return el
}

const templates = new Map<string, HTMLElement>()

/**
 * A copy of the element `build` returns, built once per `key`. Node views
 * made by the hundred (a 200-page plan has 306 goals and 1,836 goal cells)
 * copy their fixed parts instead of building them element by element: `h`
 * took 77 ms of that plan's opening. The key names everything `build` reads
 * (the language, the column).
 */
export function copyOf(key: string, build: () => HTMLElement): HTMLElement {
  let template = templates.get(key)
  if (!template) templates.set(key, (template = build()))
  return template.cloneNode(true) as HTMLElement
}

let counter = 0
/** A unique id for label/field pairs. */
export const uid = (prefix: string) => `${prefix}-${++counter}`

/** A labelled form field with a place for its error message. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement
): { wrap: HTMLElement; error: HTMLElement; setError(msg: string | null): void } {
  const id = uid('f')
  input.id = id
  const error = h('span', { class: 'field-error', id: `${id}-err`, role: 'alert' })
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, error)
  return {
    wrap,
    error,
    setError(msg) {
      error.textContent = msg ?? ''
      if (msg) {
        input.setAttribute('aria-invalid', 'true')
        input.setAttribute('aria-describedby', `${id}-err`)
      } else {
        input.removeAttribute('aria-invalid')
        input.removeAttribute('aria-describedby')
      }
    }
  }
}

/** A <select> with options [value, label]. */
export function select(options: Array<[string, string]>, value: string): HTMLSelectElement {
  const s = h('select')
  for (const [v, l] of options) s.append(h('option', { value: v, selected: v === value }, l))
  s.value = value
  return s
}

/**
 * Escape in a folded-out form (or on its toggle) folds it and gives the focus
 * back to where it was when the form opened (issue #15). Call the returned
 * function as the form opens, before the focus moves into it.
 */
export function escapeFolds(form: HTMLElement, toggle: HTMLElement, fold: () => void): () => void {
  let returnTo: HTMLElement | null = null
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || form.hidden) return
    e.preventDefault()
    e.stopPropagation()
    // Focus moves first: the field left behind commits what was typed in it (its change event), so nothing is lost.
    ;(returnTo?.isConnected ? returnTo : toggle).focus()
    fold()
  }
  form.addEventListener('keydown', onKey)
  toggle.addEventListener('keydown', onKey)
  return () => {
    returnTo = document.activeElement instanceof HTMLElement && !form.contains(document.activeElement) ? document.activeElement : null
  }
}

/**
 * The button that comments on a node as a whole (issue #15): a speech-bubble
 * icon; its accessible name (and tooltip) says which node, "Kommentér mål: …",
 * set with nameCommentButton as the node changes.
 */
export function commentButton(kind: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'btn-icon comment-node', 'data-comment-node': kind }, h('span', { 'aria-hidden': 'true' }, '💬'))
  b.addEventListener('click', onClick)
  return b
}

/** Name a comment button for the node it is on. */
export function nameCommentButton(b: HTMLButtonElement, label: string): void {
  if (b.getAttribute('aria-label') === label) return
  b.setAttribute('aria-label', label)
  b.title = label
}
