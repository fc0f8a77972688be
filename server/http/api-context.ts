import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TokenClaims } from '../../schema'
import type { PdfExporter } from '../export/pdf'
import type { RoomReads } from '../reads/room-reads'
import type { Store } from '../storage/store'
import type { Versions } from '../versions/versions'
import type { Rooms } from '../sync/rooms'
import type { RoutePattern } from './router'

// The types every REST handler shares: what the server gives them, what one
// call carries, and the shape of a route table row (api.ts ROUTES).

/** What the REST handlers need from the server. */
export interface ApiContext {
  store: Store
  /** The rooms in memory (plan settings are written through the plan's room). */
  rooms: Rooms
  /** Plan reads and exports, off the main thread and bounded. */
  reads: RoomReads
  /** Plan versions: list, save, compare, restore. */
  versions: Versions
  secret: Buffer
  pdf: PdfExporter
  /** Heap cap of the import worker, in MiB. */
  importHeapMb: number
  publicUrl: () => string
  /** Access changed (an invitation revoked or changed, a plan deleted): close the sockets it affects now rather than at the next sweep, and tell admissions in progress. */
  revoked: () => void
  /** An invitation was used (for "last seen"; written at most once a minute). */
  seen: (inviteId: string | undefined) => void
  /** How long a deleted plan can be restored. */
  deletedPlanDays: number
}

/** One request to a route: the server, the request and answer, the URL and the pattern's `:params`. */
export interface Call {
  ctx: ApiContext
  req: IncomingMessage
  res: ServerResponse
  url: URL
  params: Readonly<Record<string, string>>
}

/** A call by someone authenticated (bearer token or session cookie). */
export interface SignedInCall extends Call {
  claims: TokenClaims
}

/** A call about one plan (`:plan`): `claims` are the asker's claims in that plan. */
export interface PlanCall extends SignedInCall {
  plan: string
}

/**
 * Who may reach a route, checked before its handler runs:
 * - `public`: anyone (the handler decides, as the session exchange does);
 * - `signed-in`: a valid token or session (401 otherwise);
 * - `plan`: also access to the `:plan` of the path, which must exist and not be deleted (400/403/404);
 * - `plan-even-deleted`: access to `:plan`, deleted or not (plan management: a deleted plan is restored).
 */
export type RouteAuth = 'public' | 'signed-in' | 'plan' | 'plan-even-deleted'

type Answer = Promise<void> | void

/** One row of the REST route table. */
export type Route = RoutePattern &
  (
    | { auth: 'public'; handler: (call: Call) => Answer }
    | { auth: 'signed-in'; handler: (call: SignedInCall) => Answer }
    | { auth: 'plan' | 'plan-even-deleted'; handler: (call: PlanCall) => Answer }
  )
