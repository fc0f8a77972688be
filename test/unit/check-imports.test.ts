import { afterEach, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// scripts/check-imports.mjs (npm run lint:imports) run on small trees that
// keep or break the layering rules of ARCHITECTURE.md.

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'check-imports.mjs')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A tree of files under a fresh temporary root. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

function check(root: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' })
  return { status: r.status, stderr: r.stderr }
}

// A tree that keeps every rule; each test breaks one.
const good: Record<string, string> = {
  'schema/index.ts': "export { a } from './a'\nexport { planToText } from './export'\n",
  'schema/a.ts': "import { planToText } from './export'\nexport const a = 1\n",
  'schema/export/index.ts': "export { planToText } from './b'\n",
  'schema/export/b.ts': "import { a } from '../a'\nexport const planToText = () => ''\nexport const b = 2\n",
  'server/main.ts': "import { a } from '../schema'\nimport { planToText } from '../schema/export'\nimport { Store } from './storage/store'\n",
  'server/storage/store.ts': "import Database from 'better-sqlite3'\nexport class Store {}\n",
  'client/src/App.svelte': "<script lang=\"ts\">\n  import { a } from '../../schema'\n  import { ySyncPlugin } from 'y-prosemirror'\n</script>\n",
  'test/unit/b.test.ts': "import { b } from '../../schema/export/b'\nimport { startServer } from '../../testkit/server'\n",
  'testkit/server.ts': "import { Store } from '../server/storage/store'\nexport const startServer = () => new Store()\n",
  'bench/run.ts': "import { startServer } from '../testkit/server'\n"
}

describe('check-imports', () => {
  it('passes a tree that keeps the rules (schema internals inside schema/, test/ reaching a module it tests)', () => {
    expect(check(tree(good))).toEqual({ status: 0, stderr: '' })
  })

  it('refuses an import that reaches past a folder index, with file:line and the import', () => {
    const root = tree({
      ...good,
      'schema/a.ts': "import { b } from './export/b'\nexport const a = 1\n",
      'server/main.ts': "import { a } from '../schema'\n\nimport { b } from '../schema/export/b'\n"
    })
    const { status, stderr } = check(root)
    expect(status).toBe(1)
    expect(stderr).toContain("schema/a.ts:1: './export/b' reaches into schema/export/; import it through schema/export/index.ts ('./export')")
    expect(stderr).toContain(
      "server/main.ts:3: '../schema/export/b' reaches into schema/export/; import it through schema/export/index.ts ('../schema/export')"
    )
  })

  it('refuses a layer importing one it may not: schema from server, client from server, test from bench', () => {
    const root = tree({
      ...good,
      'schema/export/index.ts': "export { planToText } from './b'\nimport { Store } from '../../server/storage/store'\n",
      'client/src/main.ts': "import { Store } from '../../server/storage/store'\n",
      'test/unit/b.test.ts': "import { run } from '../../bench/run'\n"
    })
    const { status, stderr } = check(root)
    expect(status).toBe(1)
    expect(stderr).toContain("schema/export/index.ts:2: schema/ may not import from server/ ('../../server/storage/store')")
    expect(stderr).toContain("client/src/main.ts:1: client/ may not import from server/ ('../../server/storage/store')")
    expect(stderr).toContain("test/unit/b.test.ts:1: test/ may not import from bench/ ('../../bench/run')")
  })

  it('refuses Node-only packages in schema/ and client/', () => {
    const root = tree({ ...good, 'schema/export/b.ts': "import { readFileSync } from 'node:fs'\nexport const planToText = () => ''\n" })
    const { status, stderr } = check(root)
    expect(status).toBe(1)
    expect(stderr).toContain("schema/export/b.ts:1: schema/ runs in the browser, so it may not import the Node-only 'node:fs'")
  })

  it('refuses y-prosemirror anywhere the server reaches, naming the path to it', () => {
    const root = tree({
      ...good,
      'schema/export/b.ts': "import { a } from '../a'\nimport {\n  prosemirrorToYXmlFragment\n} from 'y-prosemirror'\nexport const planToText = () => ''\n"
    })
    const { status, stderr } = check(root)
    expect(status).toBe(1)
    expect(stderr).toContain(
      "schema/export/b.ts:4: 'y-prosemirror' pulls prosemirror-view into the server (server/main.ts → schema/export/index.ts → schema/export/b.ts)"
    )
  })

  it('refuses an import that names no file', () => {
    const root = tree({ ...good, 'bench/run.ts': "import { startServer } from '../testkit/sever'\n" })
    const { status, stderr } = check(root)
    expect(status).toBe(1)
    expect(stderr).toContain("bench/run.ts:1: '../testkit/sever' names no file")
  })

  it('passes this repository', () => {
    expect(check(join(import.meta.dirname, '..', '..'))).toEqual({ status: 0, stderr: '' })
  })
})
