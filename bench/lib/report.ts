import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** One benchmark's rows: label → measured values. */
export type Rows = Array<Record<string, string | number>>

/** Print a table and write it, with context, to bench/results/<name>.json. */
export function report(name: string, rows: Rows, context: Record<string, unknown> = {}): void {
  console.table(rows)
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), node: process.version, ...context, rows }, null, 2))
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
