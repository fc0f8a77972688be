import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanExport } from '../../schema'
import { silkeborg } from '../fixtures/seeds/silkeborg-jobkompagniet-2017'
import { removeDir, startTestServer, type TestServer } from '../helpers/in-process-server'
import { fixtureToDocx } from '../helpers/seed-documents'

// `npm run import` as a user runs it: a child process on a DATA_DIR, here
// the one a running server uses (the CLI is documented as safe for that).

const ROOT = join(import.meta.dirname, '..', '..')

function runImport(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: 'http://plan.example' }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

let t: TestServer
let files: string
beforeAll(async () => {
  t = await startTestServer()
  files = mkdtempSync(join(tmpdir(), 'faellesplan-import-files-'))
  writeFileSync(join(files, 'silkeborg.docx'), await fixtureToDocx(silkeborg))
  writeFileSync(
    join(files, 'garbage.docx'),
    new Uint8Array(2048).map((_, i) => (i * 31) % 256)
  )
})
afterAll(async () => {
  await t.stop()
  removeDir(t.dataDir)
  removeDir(files)
})

describe('npm run import', () => {
  it('prints what it recognised and an admin link; the running server serves the new plan at once', async () => {
    const r = await runImport(['--file', join(files, 'silkeborg.docx'), '--plan', 'silkeborg-2017'], t.dataDir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Titel: ${silkeborg.title}`)
    expect(r.stdout).toContain('4. Mål for Jobkompagniet for 2017')
    expect(r.stdout).toContain('Flere sygemeldte hjælpes i arbejde')
    expect(r.stdout).toContain('kilde: "Antal årspersoner på sygedagpenge er reduceret med 63 i december 2017 sammenlignet med niveauet i december 2015."')
    const link = /http:\/\/plan\.example\/plan\/silkeborg-2017\?token=(\S+)/.exec(r.stdout)
    expect(link).not.toBeNull()
    const token = decodeURIComponent(link![1]!)
    const plan = (await (
      await fetch(`${t.httpUrl}/api/plans/silkeborg-2017/plan.json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as PlanExport
    expect(plan.plan.title).toBe(silkeborg.title)
    expect(plan.goals.flatMap((g) => g.targets).map((x) => x.target.value)).toEqual(expect.arrayContaining([-60, 25, 30, 26, 10, -63, -14]))
    // The link is an admin link for this plan only.
    const list = (await (await fetch(`${t.httpUrl}/api/plans`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      plans: Array<{ id: string }>
      me: { role: string }
    }
    expect(list.me.role).toBe('admin')
    expect(list.plans.map((p) => p.id)).toEqual(['silkeborg-2017'])
  })

  it('refuses a taken plan id, an unreadable file and missing arguments with a message and a non-zero exit', async () => {
    const taken = await runImport(['--file', join(files, 'silkeborg.docx'), '--plan', 'silkeborg-2017'], t.dataDir)
    expect(taken.code).toBe(1)
    expect(taken.stderr).toMatch(/A plan with id silkeborg-2017 already exists \(plan-exists\)/)
    const garbage = await runImport(['--file', join(files, 'garbage.docx')], t.dataDir)
    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toMatch(/\(import-not-docx\)/)
    const none = await runImport([], t.dataDir)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/--file is required/)
    const missing = await runImport(['--file', join(files, 'nope.docx')], t.dataDir)
    expect(missing.code).toBe(2)
  })

  it('--dry-run prints the review and stores nothing', async () => {
    const r = await runImport(['--file', join(files, 'silkeborg.docx'), '--plan', 'dry-run-plan', '--dry-run'], t.dataDir)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Flere unge opnår ungdomsuddannelse')
    expect(r.stdout).not.toContain('/plan/dry-run-plan')
    expect(await t.server.store.getPlan('dry-run-plan')).toBeNull()
  })
})
