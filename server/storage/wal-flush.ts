import { open, type FileHandle } from 'node:fs/promises'

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
  /** The flush running now, and the one that starts after it (shared by everyone who asks meanwhile). */
  private running: Promise<void> | null = null
  private next: Promise<void> | null = null
  private failure: Error | null = null

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the log before this call is on disk. */
  flush(): Promise<void> {
    if (this.next) return this.next
    if (!this.running) return this.start()
    // A flush that started before this call may have missed what was just written: wait for the next one.
    const next = this.running.then(
      () => this.afterRunning(),
      () => this.afterRunning()
    )
    this.next = next
    return next
  }

  private afterRunning(): Promise<void> {
    this.next = null
    return this.start()
  }

  private start(): Promise<void> {
    const running = this.sync().finally(() => {
      if (this.running === running) this.running = null
    })
    this.running = running
    return running
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
    await this.running?.catch(() => undefined)
    await this.next?.catch(() => undefined)
    await this.file?.close()
    this.file = null
  }
}
