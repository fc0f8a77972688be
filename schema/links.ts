/** Schemes a link in a plan may use. Anything else (javascript:, data:, vbscript:) is refused. */
const SAFE_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:']

/**
 * Return the href if it is safe to put in a plan, else null. Relative links and
 * fragment links are kept; scheme-bearing links must use a safe scheme. Control
 * characters and whitespace inside the scheme (`java\nscript:`) are stripped
 * first, as browsers do, so they cannot smuggle a scheme past the check.
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  const trimmed = href.trim()
  if (trimmed === '') return null
  const collapsed = trimmed.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(collapsed)
  if (!scheme) return trimmed
  return SAFE_SCHEMES.includes(scheme[1]!.toLowerCase() + ':') ? trimmed : null
}
