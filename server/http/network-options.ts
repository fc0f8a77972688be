import type { ConnectionCapOptions } from './connection-caps'

// The operator's settings for sockets and HTTP timeouts, read from the
// environment by main.ts (README lists them). A value that is not a
// positive whole number stops the start with a message naming it, rather
// than becoming NaN and, with it, no limit at all.

/** How long the HTTP server waits for a client, in milliseconds. */
export interface HttpTimeouts {
  /** From the connection (or the end of the last request) to a complete request head. */
  headersTimeoutMs: number
  /** For the whole request, body included. */
  requestTimeoutMs: number
  /** An idle keep-alive socket between requests. */
  keepAliveTimeoutMs: number
}

/** The part of the server's options about sockets. */
export interface NetworkOptions {
  connections: ConnectionCapOptions
  trustProxy: boolean
  http: HttpTimeouts
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`)
  return n
}

const flag = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new Error(`${name} must be true or false, got "${env[name]}"`)
}

/** The network options from the environment, each falling back to `defaults`. */
export function networkOptionsFromEnv(env: NodeJS.ProcessEnv, defaults: NetworkOptions): NetworkOptions {
  return {
    connections: {
      perToken: positive(env, 'MAX_CONNECTIONS_PER_TOKEN', defaults.connections.perToken),
      perIp: positive(env, 'MAX_CONNECTIONS_PER_IP', defaults.connections.perIp),
      total: positive(env, 'MAX_CONNECTIONS', defaults.connections.total),
      halfOpen: positive(env, 'MAX_HALF_OPEN_SOCKETS', defaults.connections.halfOpen)
    },
    trustProxy: flag(env, 'TRUST_PROXY', defaults.trustProxy),
    http: {
      headersTimeoutMs: positive(env, 'HEADERS_TIMEOUT_MS', defaults.http.headersTimeoutMs),
      requestTimeoutMs: positive(env, 'REQUEST_TIMEOUT_MS', defaults.http.requestTimeoutMs),
      keepAliveTimeoutMs: positive(env, 'KEEP_ALIVE_TIMEOUT_MS', defaults.http.keepAliveTimeoutMs)
    }
  }
}
