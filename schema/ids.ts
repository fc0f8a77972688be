// Plan ids: random UUIDs for new nodes, and derived ones that every peer
// computes alike (schema/editing/ids.ts keeps them unique in a document).

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

function formatUuid(bytes: Uint8Array): string {
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const h = hex(bytes)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/**
 * A fresh random UUID (v4). Uses `crypto.getRandomValues`, which browsers
 * offer on plain http too, unlike `crypto.randomUUID` (secure contexts only):
 * municipalities do open servers by IP address.
 */
export function newId(): string {
  const bytes = new Uint8Array(16)
  webCrypto.getRandomValues(bytes)
  return formatUuid(bytes)
}

// Web Crypto is a global in browsers and in Node (≥ 19); schema/ is compiled
// without either's types, so it names the one method it uses.
const webCrypto = (globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array } }).crypto

/**
 * A UUID derived from a seed string, the same on every peer. Used to rename
 * the n-th duplicate of an id, so that peers repairing the same merged
 * document at once write the same value instead of racing each other.
 */
export function derivedId(seed: string): string {
  // Four independent 32-bit FNV-1a-style lanes make 128 bits; not
  // cryptographic, only deterministic and well spread.
  const out = new Uint8Array(16)
  for (let lane = 0; lane < 4; lane++) {
    let h = (0x811c9dc5 ^ Math.imul(lane + 1, 0x9e3779b1)) >>> 0
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d) >>> 0
    h ^= h >>> 12
    out[lane * 4] = h >>> 24
    out[lane * 4 + 1] = (h >>> 16) & 0xff
    out[lane * 4 + 2] = (h >>> 8) & 0xff
    out[lane * 4 + 3] = h & 0xff
  }
  return formatUuid(out)
}
