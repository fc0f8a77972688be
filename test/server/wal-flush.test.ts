// The flush the group commit waits for before it acknowledges
// (server/storage/wal-flush.ts), on real files: callers that ask while a
// flush runs share the next one, which starts after it; and once the disk
// has refused, nothing is called flushed again, even if the file is back.
import { describe, expect, it } from 'vitest'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WalFlush } from '../../server/storage/wal-flush'

const fileIn = (dir: string): string => {
  const file = join(dir, 'db.sqlite-wal')
  writeFileSync(file, 'log')
  return file
}

describe('WalFlush', () => {
  it('resolves in the order asked; callers during a flush share the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wal-flush-'))
    const flush = new WalFlush(fileIn(dir))
    try {
      const order: string[] = []
      const first = flush.flush().then(() => order.push('first'))
      const second = flush.flush().then(() => order.push('second'))
      const third = flush.flush().then(() => order.push('third'))
      await Promise.all([first, second, third])
      expect(order).toEqual(['first', 'second', 'third'])
      // The second and third asked while the first ran: one flush after it serves both.
      const a = flush.flush()
      const b = flush.flush()
      const c = flush.flush()
      expect(b).toBe(c)
      expect(a).not.toBe(b)
      await Promise.all([a, b, c])
    } finally {
      await flush.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('after a refusal, refuses every later flush (a later fsync may succeed without the lost pages)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wal-flush-'))
    const file = fileIn(dir)
    const flush = new WalFlush(file)
    try {
      renameSync(file, `${file}.away`)
      await expect(flush.flush()).rejects.toThrow(/ENOENT/)
      renameSync(`${file}.away`, file)
      await expect(flush.flush()).rejects.toThrow(/ENOENT/)
    } finally {
      await flush.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
