/**
 * The address that opens a plan, or the plan list for `*` (an all-plans
 * administrator). With a link token it carries the token (the page exchanges
 * it for a session and removes it from the address bar); without one it is
 * the plain address a session opens.
 */
export function accessLink(base: string, plan: string, token: string | null): string {
  const path = plan === '*' ? '/' : `/plan/${plan}`
  return token === null ? `${base}${path}` : `${base}${path}?token=${token}`
}

/** The server's address as the command-line tools print it in links: PUBLIC_URL, else localhost on PORT. */
export const cliBaseUrl = (): string => process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8080}`
