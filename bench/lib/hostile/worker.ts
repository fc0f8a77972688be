// The hostile load process of bench/hostile.ts: one process per hostile
// kind, started before the kind and ended after it, so the attacker's CPU
// never counts as the server's and nothing it opened outlives its turn.
// Each kind uses one token, as one hostile person (or one stolen link) would.
import { commentsRoomOf } from '../../../schema'
import { flood } from './flood-socket'
import { manySockets, slowloris } from './connection-floods'
import { requestFlood } from './http-floods'
import { awarenessForManyIds, forgedCommentUpdate, queryAwareness, syncStep1Everything } from './messages'
import { Tally } from './tally'
import { docxZipBomb } from './zip-bomb'
import { syncUrlOf } from '../sync-url'

/** The hostile behaviours of issue #11, one token each. */
export const HOSTILE_KINDS = [
  'comments-flood',
  'many-sockets',
  'slowloris',
  'sync-step1',
  'query-awareness',
  'awareness-ids',
  'rest-reads',
  'zip-bomb'
] as const
export type HostileKind = (typeof HOSTILE_KINDS)[number]

/** Where the server is and the one token each kind may use. */
export interface HostileTarget {
  httpUrl: string
  wsUrl: string
  port: number
  /** A plan other than the victim's (small: the demo plan). */
  ownPlan: string
  /** A large plan that is loaded (sockets go there). */
  bigPlan: string
  /** A large plan nobody has open (REST reads go there, so every read loads it from SQLite). */
  coldPlan: string
  tokens: { commenter: string; viewer: string; bigViewer: string; coldViewer: string; admin: string }
}

/** Sizes of the loads (the defaults are what the README's numbers used). */
export interface HostileSizes {
  commentBytes: number
  sockets: number
  slowlorisSockets: number
  awarenessIds: number
  restParallel: number
  bombMiB: number
  bombParallel: number
}

export type HostileCommand =
  { type: 'prepare'; kind: HostileKind; target: HostileTarget; sizes: HostileSizes } | { type: 'run'; seconds: number } | { type: 'stop' }

export type HostileReply = { type: 'ready' } | { type: 'done'; tally: ReturnType<Tally['toJSON']>; cpuSeconds: number } | { type: 'error'; message: string }

const send = (reply: HostileReply) => process.send!(reply)
const ws = (t: HostileTarget, room: string, token: string) => syncUrlOf(t.wsUrl, room, token)

/** Build what the attack needs before the clock starts (the bomb, the filler); returns the attack. */
function prepare(kind: HostileKind, t: HostileTarget, sizes: HostileSizes): (deadline: number, tally: Tally) => Promise<void> {
  switch (kind) {
    case 'comments-flood': {
      const filler = 'Forfalsket kommentar. '.repeat(Math.ceil(sizes.commentBytes / 22))
      return (deadline, tally) =>
        flood({
          url: ws(t, commentsRoomOf(t.ownPlan), t.tokens.commenter),
          next: () => forgedCommentUpdate(sizes.commentBytes, filler),
          deadline,
          tally,
          highWaterBytes: 4 * sizes.commentBytes,
          firstLimitedRate: 64
        })
    }
    case 'many-sockets':
      return (deadline, tally) => manySockets(ws(t, t.ownPlan, t.tokens.viewer), sizes.sockets, 64, deadline, tally)
    case 'slowloris':
      return (deadline, tally) => slowloris(t.port, sizes.slowlorisSockets, 1000, deadline, tally)
    case 'sync-step1': {
      const m = syncStep1Everything()
      return (deadline, tally) => flood({ url: ws(t, t.bigPlan, t.tokens.bigViewer), next: () => m, deadline, tally })
    }
    case 'query-awareness': {
      // Fill the room with presence states first, so every 1-byte query costs the server an encode of all of them.
      const greet = awarenessForManyIds(sizes.awarenessIds)
      const m = queryAwareness()
      return (deadline, tally) => flood({ url: ws(t, t.bigPlan, t.tokens.bigViewer), greet: () => [greet], next: () => m, deadline, tally })
    }
    case 'awareness-ids':
      return (deadline, tally) =>
        flood({ url: ws(t, t.bigPlan, t.tokens.bigViewer), next: () => awarenessForManyIds(sizes.awarenessIds), deadline, tally, firstLimitedRate: 64 })
    case 'rest-reads': {
      const api = `${t.httpUrl}/api/plans/${t.coldPlan}`
      const requests = ['comments.json', 'plan.json', 'plan.docx'].map((r) => ({ label: r, url: `${api}/${r}` }))
      return (deadline, tally) => requestFlood(requests, t.tokens.coldViewer, sizes.restParallel, deadline, tally)
    }
    case 'zip-bomb': {
      const bomb = docxZipBomb(sizes.bombMiB)
      const request = {
        label: 'import',
        url: `${t.httpUrl}/api/imports?filename=plan.docx`,
        init: { method: 'POST', body: bomb, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } }
      }
      return (deadline, tally) => requestFlood([request], t.tokens.admin, sizes.bombParallel, deadline, tally)
    }
  }
}

let attack: ((deadline: number, tally: Tally) => Promise<void>) | null = null

// A coordinator that died must not leave thousands of hostile sockets behind.
process.on('disconnect', () => process.exit(0))

process.on('message', (command: HostileCommand) => {
  void (async () => {
    try {
      if (command.type === 'prepare') {
        attack = prepare(command.kind, command.target, command.sizes)
        send({ type: 'ready' })
      } else if (command.type === 'run') {
        const tally = new Tally()
        const cpu0 = process.cpuUsage()
        await attack!(Date.now() + command.seconds * 1000, tally)
        const cpu = process.cpuUsage(cpu0)
        send({ type: 'done', tally: tally.toJSON(), cpuSeconds: (cpu.user + cpu.system) / 1e6 })
      } else {
        process.exit(0)
      }
    } catch (e) {
      send({ type: 'error', message: (e as Error).stack ?? (e as Error).message })
    }
  })()
})
