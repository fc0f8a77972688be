// Counters for /metrics (Prometheus text format). Plain numbers in one
// object: cheap to bump on the hot path.

/** Process-wide counters. */
export const metrics = {
  connections_opened_total: 0,
  connections_rejected_total: 0,
  updates_received_total: 0,
  updates_stored_total: 0,
  group_commits_total: 0,
  /** Group commits that storage refused (nothing of them was broadcast or acknowledged). */
  group_commit_failures_total: 0,
  /** Flushes of stored commits to disk that failed (their acknowledgements are never sent; the rooms close). */
  disk_flush_failures_total: 0,
  /** Compactions whose write failed (the log stays as it was). */
  compaction_failures_total: 0,
  /** Cluster: compactions not written because another process stored rows meanwhile (the next one covers them). */
  compactions_skipped_total: 0,
  awareness_received_total: 0,
  awareness_foreign_dropped_total: 0,
  malformed_messages_total: 0,
  /** Updates with missing history that arrived before their client's sync reply, which carries them (dropped, not refused). */
  updates_before_sync_dropped_total: 0,
  readonly_writes_rejected_total: 0,
  comment_writes_refused_total: 0,
  rate_limited_total: 0,
  slow_consumer_closes_total: 0,
  room_full_refusals_total: 0,
  compactions_total: 0,
  room_load_failures_total: 0,
  /** REST reads refused with 503 because the read pool was full. */
  reads_refused_total: 0,
  connection_cap_refusals_total: 0,
  half_open_closed_total: 0,
  /** Concurrent field writes recorded as (or merged into) conflicts. */
  conflicts_recorded_total: 0,
  /** Conflict detection failed on a transaction (logged; the update went through). */
  conflict_detection_errors_total: 0,
  /** Cluster (REDIS_URL): updates another process stored, applied from its message. */
  peer_updates_applied_total: 0,
  /** Cluster: a message announced rows after some this process never heard of (then it catches up from storage). */
  peer_gaps_total: 0,
  /** Cluster: reads of what others stored, from storage (gaps, lost or new subscriptions, sync replies of a room that is not current). */
  peer_catch_ups_total: 0,
  peer_catch_up_failures_total: 0,
  /** Cluster: sync replies from clients that changed the document, handled after the room read what other processes stored (a client that moved here). */
  sync_replies_after_catch_up_total: 0
}

/** Render counters and gauges as Prometheus text. */
export function renderMetrics(gauges: Record<string, number>): string {
  const lines: string[] = []
  for (const [k, v] of Object.entries({ ...metrics, ...gauges })) lines.push(`faellesplan_${k} ${v}`)
  return lines.join('\n') + '\n'
}
