import type { IncomingMessage } from 'node:http'
import { isIPv6 } from 'node:net'

// Which client a connection counts against. Behind a reverse proxy every
// socket comes from the proxy, so the client is the last X-Forwarded-For
// entry: the one our proxy appended (entries before it are whatever the
// client sent, and a client could name a new address on every request).
// Without TRUST_PROXY the header is ignored for the same reason.

/** The address a connection's caps count against: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for']
    const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const last = entries[entries.length - 1]
    if (last) return addressKey(last)
  }
  return addressKey(req.socket.remoteAddress ?? '')
}

/** One key per IPv4 address and per IPv6 /64; an IPv4 address written as IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function addressKey(address: string): string {
  const bare = address.replace(/%.*$/, '').replace(/^\[|\]$/g, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  if (mapped) return mapped[1]!
  if (!isIPv6(bare)) return bare
  const [head = '', tail] = bare.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`
}
