import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The machine a result was measured on: numbers mean little without it. */
export function machine(): Record<string, unknown> {
  const cpu = cpus()
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    // Load before the run: a busy machine explains a slow result.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100)
  }
}

/** One benchmark's rows: label → measured values. */
export type Rows = Array<Record<string, string | number>>

/**
 * Print a table and write it, with the machine and context, to
 * bench/results/<name>.json. The file is committed with the README numbers it
 * backs, so a quoted number can be traced to its raw run.
 */
export function report(name: string, rows: Rows, context: Record<string, unknown> = {}): void {
  console.table(rows)
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...context, rows }, null, 2))
  console.log(`wrote ${file}`)
}

/** Percentile of a sorted-or-not list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Megabytes, one decimal. */
export const mb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10
