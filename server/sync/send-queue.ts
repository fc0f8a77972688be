// The slow-consumer cut-off, and why the initial sync reply is exempt from it.
//
// A client that stops reading must not make the server buffer without bound,
// so a connection is cut once more than `maxBufferedBytes` wait for it. But
// the reply to a joining client's sync step 1 is the whole document in one
// message, and a large legitimate plan (a 20 MB import) is bigger than the
// limit on its own: the next message queued behind it (an acknowledgement,
// someone's keystroke) used to cut every joining client, which reconnected
// and was cut again, so the plan never opened (issue #11).
//
// Exempting the reply rather than sending it in chunks: y-websocket takes
// the initial state as one sync step 2 (it marks itself synced on it), and
// splitting a Yjs state into valid smaller updates means splitting structs,
// which Yjs has no public API for. The exemption is bounded: the reply is at
// most the room's stored size, which the room budget caps, and it lasts only
// until the client has read below the limit once. A client asking for the
// whole state again before it has read the last one gets no second exemption.

/** Decides, per connection, whether one more message may be queued for the client. */
export class SendQueue {
  /** Size of the sync reply still being read, allowed on top of the limit. */
  private replyAllowance = 0

  constructor(private readonly maxBufferedBytes: number) {}

  /**
   * Whether a message may be queued behind `buffered` bytes the client has
   * not read yet; false means it has stopped reading and must be cut.
   */
  admits(buffered: number, isSyncReply: boolean): boolean {
    if (buffered <= this.maxBufferedBytes) {
      this.replyAllowance = 0
      return true
    }
    return !isSyncReply && buffered <= this.maxBufferedBytes + this.replyAllowance
  }

  /** A sync reply of `bytes` was just queued. */
  queuedSyncReply(bytes: number): void {
    this.replyAllowance = bytes
  }
}
