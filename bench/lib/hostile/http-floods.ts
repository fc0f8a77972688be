import { Tally } from './tally'

// Floods of HTTP requests on one token: `parallel` requests always in flight
// until the deadline, each answer counted by status and path. What is still
// running at the deadline is aborted (the server may keep working on it: a
// synchronous export cannot be cancelled, which is part of the risk).

/** One request of a flood. */
export interface HostileRequest {
  /** Counted under this name. */
  label: string
  url: string
  init?: RequestInit
}

/** Keep `parallel` requests in flight, cycling through `requests`, until the deadline. */
export async function requestFlood(requests: readonly HostileRequest[], token: string, parallel: number, deadline: number, tally: Tally): Promise<void> {
  const abort = new AbortController()
  const stop = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()))
  const times = new Map<string, number[]>()
  let next = 0
  const worker = async () => {
    while (Date.now() < deadline) {
      const r = requests[next++ % requests.length]!
      const t0 = performance.now()
      try {
        const res = await fetch(r.url, {
          ...r.init,
          headers: { ...(r.init?.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
          signal: abort.signal
        })
        const body = await res.arrayBuffer()
        tally.add(`HTTP ${res.status} ${r.label}`)
        tally.add('bytes received', body.byteLength)
        if (res.status >= 400 && !tally.counts.has(`first ${res.status}`)) {
          tally.add(`first ${res.status}`)
          console.log(`hostile: ${r.label} → ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`)
        }
        const list = times.get(r.label) ?? []
        list.push(performance.now() - t0)
        times.set(r.label, list)
      } catch (e) {
        tally.add(abort.signal.aborted ? 'in flight at the end (aborted)' : `request error ${(e as Error).message.slice(0, 60)}`)
        if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, 100))
      }
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  clearTimeout(stop)
  for (const [label, list] of times) tally.set(`median ms ${label}`, Math.round(list.sort((a, b) => a - b)[list.length >> 1]!))
}
