import { open, type FileHandle } from 'node:fs/promises'
import { OneAfterAnother } from '../one-after-another'

// SQLite's synchronous=FULL flushes the write-ahead log inside every commit,
// on the thread that commits: the sync thread, for every room, for the
// disk's whole flush (0.5 ms median here, several ms at p99 under load).
// The group commit instead commits with synchronous=NORMAL (stored: it
// survives a crash of the process, and every reader sees it), broadcasts,
// and flushes the log itself, on libuv's thread pool, before it
// acknowledges. The flush is the same fsync of the same file that FULL does,
// so what is acknowledged survives a power cut exactly as before.

/** Flushes one SQLite database's write-ahead log to disk, off the calling thread, coalescing callers. */
export class WalFlush {
  private file: FileHandle | null = null
  /** A flush that started before a call may have missed what was just written: that call waits for the next one. */
  private readonly flushes = new OneAfterAnother(() => this.sync())
  private failure: Error | null = null

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the log before this call is on disk. */
  flush(): Promise<void> {
    return this.flushes.run()
  }

  private async sync(): Promise<void> {
    if (this.failure) throw this.failure
    // fsync flushes the file, whichever descriptor wrote to it; SQLite keeps
    // the log (same file, reused from its start after a checkpoint) while any
    // connection is open, so one handle serves for the store's life.
    try {
      this.file ??= await open(this.walPath, 'r')
      await this.file.sync()
    } catch (e) {
      // After a failed fsync the kernel may have dropped the pages it could
      // not write, and a later fsync can succeed without them: so nothing
      // this store wrote is called on disk again (no acknowledgement; the
      // clients keep their changes) until the server restarts.
      this.failure = e as Error
      throw e
    }
  }

  async close(): Promise<void> {
    await this.flushes.settled()
    await this.file?.close()
    this.file = null
  }
}
