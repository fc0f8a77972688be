import { afterEach, describe, expect, it } from 'vitest'
import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestServer, removeDir, type TestServer } from '../helpers/in-process-server'
import { connectClient, eventually } from '../../testkit/y-client'

// Issue #11 item 7: the database was created world-readable (0644 under the
// usual umask 022). DATA_DIR must be 0700; the database, its -wal and -shm,
// and the token secret 0600, whether new or left looser by an earlier version.

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)
const FILES = ['faellesplan.sqlite', 'faellesplan.sqlite-wal', 'faellesplan.sqlite-shm', 'token-secret']

let t: TestServer | null = null
let parent = ''
let umask = 0
afterEach(async () => {
  await t?.stop()
  t = null
  process.umask(umask)
  removeDir(parent)
})

/** Start a server on `dataDir` and make it write (so the WAL exists). */
async function startAndWrite(dataDir: string): Promise<void> {
  // The umask most systems run with: on main it left the files 0644.
  umask = process.umask(0o022)
  t = await startTestServer({}, dataDir)
  const client = connectClient(t.wsUrl, 'demo-beskaeftigelsesplan', t.token('editor'))
  await client.synced()
  client.doc.getMap('scratch').set('x', 1)
  await eventually(async () => expect((await t!.server.store.loadRoom('demo-beskaeftigelsesplan')).updates.length).toBeGreaterThan(1))
  client.destroy()
  for (const f of FILES) expect(existsSync(join(dataDir, f)), f).toBe(true)
}

describe('data directory permissions', () => {
  it('a fresh DATA_DIR is 0700 and the database, -wal, -shm and token secret are 0600', async () => {
    parent = mkdtempSync(join(tmpdir(), 'faellesplan-modes-'))
    const dataDir = join(parent, 'data')
    await startAndWrite(dataDir)
    expect(mode(dataDir)).toBe('700')
    for (const f of FILES) expect(mode(join(dataDir, f)), f).toBe('600')
  })

  it('an existing DATA_DIR and files left readable by others are tightened', async () => {
    parent = mkdtempSync(join(tmpdir(), 'faellesplan-modes-'))
    const dataDir = join(parent, 'data')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'token-secret'), 'ab'.repeat(32), { mode: 0o644 })
    chmodSync(join(dataDir, 'token-secret'), 0o644)
    await startAndWrite(dataDir)
    expect(mode(dataDir)).toBe('700')
    for (const f of FILES) expect(mode(join(dataDir, f)), f).toBe('600')
  })
})
