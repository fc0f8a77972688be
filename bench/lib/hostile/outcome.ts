import type { Tally } from './tally'

const isBytes = (label: string) => label.startsWith('bytes ')
const mbText = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`

/**
 * One line for the outcome column: every count and fact the hostile load
 * recorded, biggest first, bytes in MB. Generic on purpose: when a defence
 * lands, its close reason or HTTP status appears here by itself.
 */
export function outcomeLine(tally: ReturnType<Tally['toJSON']>): string {
  const counts = Object.entries(tally.counts)
    .filter(([label]) => !label.startsWith('first '))
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => (isBytes(label) ? `${label} ${mbText(n)}` : `${label} ×${n.toLocaleString('en')}`))
  const facts = Object.entries(tally.facts).map(([fact, v]) => `${fact}: ${v.toLocaleString('en')}`)
  return [...counts, ...facts].join('; ')
}
