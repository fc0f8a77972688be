// Environment for a server under benchmark load: every load client connects
// from 127.0.0.1 and many share one token, which the production caps
// (MAX_CONNECTIONS_PER_TOKEN 50, per address 500) exist to refuse.

/** Connection caps lifted for load generators (and with them each token's step-1 burst). */
export const LOAD_GENERATOR_ENV: Record<string, string> = {
  MAX_CONNECTIONS_PER_TOKEN: '100000',
  MAX_CONNECTIONS_PER_IP: '100000',
  MAX_CONNECTIONS: '100000'
}
