import { log } from '../log'
import type { Store } from '../storage/store'

// "Last seen" in the sharing list needs minutes, not milliseconds: writing
// the row on every socket and every REST call would put a durable write
// (an fsync with synchronous=FULL) in front of each of them. So an
// invitation's time is written at most once per `everyMs`.

/** Records when invitations were used, writing each row at most once per `everyMs`. */
export class LastSeen {
  private readonly written = new Map<string, number>()

  constructor(
    private readonly store: Store,
    private readonly everyMs: number
  ) {}

  /** The invitation `inviteId` was just used (a socket opened or a REST call was made). */
  seen(inviteId: string | undefined, now = Date.now()): void {
    if (inviteId === undefined) return
    const last = this.written.get(inviteId)
    if (last !== undefined && now - last < this.everyMs) return
    // Forget what no longer throttles anything, so the map stays as small as the recently active invitations.
    if (this.written.size > 10_000) for (const [id, at] of this.written) if (now - at >= this.everyMs) this.written.delete(id)
    this.written.set(inviteId, now)
    // Not awaited: "last seen" is a hint, and a failed write must not refuse the request that used the invitation.
    this.store.inviteSeen(inviteId, new Date(now).toISOString()).catch((e: unknown) => {
      this.written.delete(inviteId)
      log('warn', 'last-seen-failed', { invite: inviteId, error: (e as Error).message })
    })
  }
}
