#!/usr/bin/env node
// Checks the layering rules of ARCHITECTURE.md ("Layers") over the import
// specifiers of every .ts, .svelte and .mjs file, without a parser: a regex
// finds the specifiers, so a commented-out import counts too.
//
//   node scripts/check-imports.mjs [root]     (exit 1 and file:line per breach)
//
// 1. Layers: each top folder imports only the folders listed in LAYERS.
// 2. Entry points: a folder with an index.ts is entered through it. From
//    outside that folder an import names the folder, never a file inside it.
//    test/ is exempt (a unit test may reach the module it tests).
// 3. The server stays view-free: nothing reachable from a file in server/
//    imports a package in VIEW_PACKAGES.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Which top folders each top folder may import from (its own included). */
const LAYERS = {
  schema: ['schema'],
  client: ['client', 'schema'],
  server: ['server', 'schema'],
  testkit: ['testkit', 'server', 'schema'],
  test: ['test', 'testkit', 'client', 'server', 'schema'],
  bench: ['bench', 'testkit', 'client', 'server', 'schema'],
  scripts: ['scripts', 'server', 'schema']
}

/** Folders whose files may import a module's internals across an index. */
const INTERNALS_ALLOWED = new Set(['test'])

/** Packages that pull in prosemirror-view: the browser editor's, never the server's. */
const VIEW_PACKAGES = ['prosemirror-view', 'y-prosemirror', 'prosemirror-dropcursor', 'prosemirror-gapcursor']

/** Packages that only Node has: never in schema/ or client/. */
const NODE_ONLY = /^node:|^(ws|better-sqlite3|pg|docx|mammoth|pdf-lib|playwright-core|openid-client)(\/|$)/

const SOURCE = /\.(ts|svelte|mjs)$/

const SPECIFIERS = [
  // import … from '…' / export … from '…' (the clause holds no quote, so the first quote is the specifier)
  /^[ \t]*(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/gm,
  // import '…'
  /^[ \t]*import\s*(['"])([^'"]+)\1/gm,
  // import('…')
  /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g,
  // new URL(<relative path>, import.meta.url): a worker's boot file
  /\bnew URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url/g
]

function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (SOURCE.test(name)) out.push(path)
  }
  return out
}

/** Every import specifier of a file with its line number. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8')
  const found = []
  for (const pattern of SPECIFIERS) {
    for (const m of text.matchAll(pattern)) {
      const at = m.index + m[0].lastIndexOf(m[2])
      found.push({ spec: m[2], line: text.slice(0, at).split('\n').length })
    }
  }
  return found.sort((a, b) => a.line - b.line)
}

/** The file a relative specifier names, or null. */
function resolveRelative(from, spec) {
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

/** The nearest folder above `file` (inside root) that has an index.ts, or null. */
function indexedFolderOf(root, file) {
  for (let dir = dirname(file); dir.startsWith(root + sep); dir = dirname(dir)) {
    if (existsSync(join(dir, 'index.ts'))) return dir
  }
  return null
}

const topFolder = (root, file) => relative(root, file).split(sep)[0]
const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])

/** All breaches of the rules under `root`, as "file:line: message" lines. */
export function checkImports(root) {
  root = resolve(root)
  const problems = []
  const files = Object.keys(LAYERS)
    .filter((d) => existsSync(join(root, d)))
    .flatMap((d) => sourceFiles(join(root, d)))
  const graph = new Map()
  for (const file of files) {
    const where = (line) => `${relative(root, file)}:${line}`
    const layer = topFolder(root, file)
    const edges = { files: [], packages: [] }
    graph.set(file, edges)
    for (const { spec, line } of importsOf(file)) {
      if (!spec.startsWith('.')) {
        edges.packages.push({ name: packageName(spec), line })
        if ((layer === 'schema' || layer === 'client') && NODE_ONLY.test(spec)) {
          problems.push(`${where(line)}: ${layer}/ runs in the browser, so it may not import the Node-only '${spec}'`)
        }
        continue
      }
      const target = resolveRelative(file, spec)
      if (target === null) {
        problems.push(`${where(line)}: '${spec}' names no file`)
        continue
      }
      edges.files.push(target)
      const targetLayer = topFolder(root, target)
      if (!LAYERS[layer].includes(targetLayer)) {
        problems.push(
          `${where(line)}: ${layer}/ may not import from ${targetLayer}/ ('${spec}'); it may import from ${LAYERS[layer].map((l) => `${l}/`).join(', ')}`
        )
        continue
      }
      const entry = indexedFolderOf(root, target)
      const inside = entry !== null && file.startsWith(entry + sep)
      if (entry !== null && !inside && target !== join(entry, 'index.ts') && !INTERNALS_ALLOWED.has(layer)) {
        const folder = relative(root, entry)
        const through = relative(dirname(file), entry)
        problems.push(
          `${where(line)}: '${spec}' reaches into ${folder}/; import it through ${folder}/index.ts ('${through.startsWith('.') ? through : `./${through}`}')`
        )
      }
    }
  }
  problems.push(...viewPackagesOnServer(root, files, graph))
  return problems
}

/** Breadth-first from every server/ file: the first path to a view package, per package. */
function viewPackagesOnServer(root, files, graph) {
  const problems = []
  const cameFrom = new Map()
  const queue = files.filter((f) => topFolder(root, f) === 'server')
  for (const f of queue) cameFrom.set(f, null)
  const reported = new Set()
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]
    const edges = graph.get(file)
    if (!edges) continue
    for (const { name, line } of edges.packages) {
      if (!VIEW_PACKAGES.includes(name) || reported.has(`${file}|${name}`)) continue
      reported.add(`${file}|${name}`)
      const chain = []
      for (let f = file; f !== null; f = cameFrom.get(f)) chain.unshift(relative(root, f))
      problems.push(`${relative(root, file)}:${line}: '${name}' pulls prosemirror-view into the server (${chain.join(' → ')})`)
    }
    for (const next of edges.files) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file)
        queue.push(next)
      }
    }
  }
  return problems
}

const self = fileURLToPath(import.meta.url)
if (process.argv[1] !== undefined && resolve(process.argv[1]) === self) {
  const root = process.argv[2] ?? join(dirname(self), '..')
  const problems = checkImports(root)
  for (const p of problems) console.error(p)
  if (problems.length) {
    console.error(`${problems.length} import${problems.length === 1 ? '' : 's'} break the layering rules (ARCHITECTURE.md, "Layers").`)
    process.exit(1)
  }
}
