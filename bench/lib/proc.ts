import { readFileSync } from 'node:fs'

// Readings of another process (the server under test) from /proc.

/** CPU time the process has used so far, in clock ticks (1/100 s). */
export function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(f[11]) + Number(f[12])
}

/** Resident memory of the process, in whole megabytes. */
export function rssMb(pid: number): number {
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024)
}
