// Time per function in a V8 CPU profile (CDP `Profiler.stop`), shared by the
// browser profiling tools.

/** A CPU profile as CDP's Profiler returns it. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>
  samples: number[]
  timeDeltas: number[]
}

/** Microseconds per function ("name file:line"), inclusive (with what it calls, once per sample) and self, and the busy total. */
export interface TimePerFunction {
  busy: number
  inclusive: Map<string, number>
  self: Map<string, number>
}

/** Sum a profile's samples by function; samples whose leaf is in `skip` (idle, by default) count nowhere. */
export function timePerFunction(profile: CpuProfile, skip: readonly string[] = ['(idle)']): TimePerFunction {
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const inclusive = new Map<string, number>()
  const self = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0
    if (skip.includes(byId.get(id)!.callFrame.functionName)) return
    busy += dt
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(assets|node_modules)\//, '')}:${f.lineNumber + 1}`
      if (at === id) self.set(key, (self.get(key) ?? 0) + dt)
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt)
    }
  })
  return { busy, inclusive, self }
}
