import { SCHEMA_PARAM, SCHEMA_VERSION } from '../../schema'

/**
 * The socket address of a Fællesplan room for a bench client. It declares
 * our schema as the browser client does: the server refuses a body writer
 * that did not, and sends our message types only to those that did.
 */
export const syncUrlOf = (wsUrl: string, room: string, token: string): string =>
  `${wsUrl}/${room}?token=${encodeURIComponent(token)}&${SCHEMA_PARAM}=${SCHEMA_VERSION}`
