import * as Y from 'yjs'

/**
 * A per-receiver reader of what an update brings that this receiver has not
 * had yet: `visit` is called once per new `client:clock` key (skipping the
 * receiver's own client). Load generators use it to match arrivals with the
 * send times of single-character edits.
 */
export function newClocks(own: () => number | null = () => null): (update: Uint8Array, visit: (key: string) => void) => void {
  const seen = new Map<number, number>()
  return (update, visit) => {
    const { from, to } = Y.parseUpdateMeta(update)
    to.forEach((end, client) => {
      if (client === own()) return
      for (let clock = Math.max(from.get(client) ?? 0, seen.get(client) ?? 0); clock < end; clock++) visit(`${client}:${clock}`)
      seen.set(client, Math.max(seen.get(client) ?? 0, end))
    })
  }
}
