import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { extractPlanFromYDoc, withConflicts, type Conflict, type PlanExport } from '../../../schema'
import { fetchConflicts } from '../conflicts/conflicts-api'
import { onRefusal } from '../sync/refusals'
import { syncProvider } from '../sync/provider'
import type { SyncState } from '../sync/sync-tracker'
import { throttle } from './throttle'

/** At most one extractPlan per this many milliseconds while updates stream in. */
export const RECOMPUTE_MS = 200
/** At most one look at the plan's open conflicts per this many milliseconds. */
export const CONFLICTS_MS = 1500

/**
 * A plan's body document, followed read-only for the dashboard. It never
 * binds an editor, never writes (so it keeps no IndexedDB copy and no
 * journal: there is nothing of its own to lose) and never announces itself
 * in the plan's presence list. On every document update it re-reads the
 * plan with extractPlan, at most once per RECOMPUTE_MS: the first update
 * after a quiet spell is shown at once, a burst is coalesced.
 */
export class LivePlan {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  state = $state<SyncState>({ kind: 'loading' })
  /** The plan as extractPlan reads it; null until the first sync. */
  plan = $state.raw<PlanExport | null>(null)
  private synced = false
  /** Open conflicts (the server records them; the document cannot tell): targets with one say "uafklaret". */
  private conflicts: Conflict[] = []
  private readonly recompute = throttle(() => {
    if (!this.doc.isDestroyed) this.plan = withConflicts(extractPlanFromYDoc(this.doc, this.planId), this.conflicts)
  }, RECOMPUTE_MS)
  private readonly lookAtConflicts = throttle(() => {
    fetchConflicts(this.planId).then(
      (list) => {
        if (this.doc.isDestroyed || JSON.stringify(list) === JSON.stringify(this.conflicts)) return
        this.conflicts = list
        this.recompute.call()
      },
      () => {
        /* offline or refused: keep the last list, the sync state says why */
      }
    )
  }, CONFLICTS_MS)

  constructor(readonly planId: string) {
    // Undeclared: it reads none of our message types and writes nothing.
    this.provider = syncProvider(planId, this.doc, { declare: false })
    // A dashboard is not a participant: no cursor, no name in the presence list.
    this.provider.awareness.setLocalState(null)
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.setState(this.synced ? { kind: 'syncing', waiting: 0 } : { kind: 'loading' })
      else if (this.state.kind !== 'refused' || !this.state.final) this.setState(this.synced ? { kind: 'offline', waiting: 0 } : { kind: 'loading' })
    })
    this.provider.on('sync', (isSynced: boolean) => {
      if (!isSynced) return
      this.synced = true
      this.setState({ kind: 'saved' })
      this.schedule()
    })
    onRefusal(this.provider, (reason, final) => this.setState({ kind: 'refused', reason, final }))
    this.doc.on('update', this.schedule)
    this.provider.connect()
  }

  private setState(s: SyncState): void {
    if (JSON.stringify(s) !== JSON.stringify(this.state)) this.state = s
  }

  private readonly schedule = (): void => {
    if (!this.synced) return
    this.recompute.call()
    // A merge that made a conflict reaches the server before it reaches us.
    this.lookAtConflicts.call()
  }

  destroy(): void {
    this.recompute.cancel()
    this.lookAtConflicts.cancel()
    this.doc.off('update', this.schedule)
    this.provider.destroy()
    this.doc.destroy()
  }
}
