// Structured logs: one JSON object per line on stdout, so a log shipper can
// read them and a person can grep them. LOG_LEVEL=error|warn|info (default info).

type Level = 'error' | 'warn' | 'info'
const ORDER: Record<Level, number> = { error: 0, warn: 1, info: 2 }
const threshold = ORDER[(process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info']

/** Write one log line with an event name and fields (room, role, reason …). */
export function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] > threshold) return
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields })
  if (level === 'info') process.stdout.write(line + '\n')
  else process.stderr.write(line + '\n')
}
