// Summarise a .heapsnapshot (self size by constructor) or a .cpuprofile (self
// time by package or file, and by function) from server-hook.mjs.
//   node bench/profiling/summarise.mjs <file> [rows]
import { readFileSync } from 'node:fs'

const file = process.argv[2]
const rows = Number(process.argv[3] ?? 40)
const data = JSON.parse(readFileSync(file, 'utf8'))
const top = (map, total, unit) =>
  [...map]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, rows)
    .forEach(([k, e]) => console.log(`${((100 * e.size) / total).toFixed(1).padStart(5)} % ${unit(e.size).padStart(9)} ${String(e.n).padStart(8)}  ${k}`))
const add = (map, k, size) => {
  const e = map.get(k) ?? { n: 0, size: 0 }
  e.n++
  e.size += size
  map.set(k, e)
}

if (file.endsWith('.heapsnapshot')) {
  const meta = data.snapshot.meta
  const fields = meta.node_fields.length
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f))
  const byName = new Map()
  let total = 0
  for (let i = 0; i < data.nodes.length; i += fields) {
    const type = meta.node_types[0][data.nodes[i + iType]]
    const name = /string/.test(type) ? '(strings)' : type === 'code' ? '(code)' : data.strings[data.nodes[i + iName]].slice(0, 60)
    const size = data.nodes[i + iSize]
    total += size
    add(byName, `${type} ${name}`, size)
  }
  console.log(`live heap ${(total / 1048576).toFixed(1)} MB in ${data.nodes.length / fields} objects; self size by type and constructor:`)
  top(byName, total, (b) => `${(b / 1048576).toFixed(2)} MB`)
} else {
  const byId = new Map(data.nodes.map((n) => [n.id, n]))
  const byFile = new Map()
  const byFunction = new Map()
  let total = 0
  data.samples.forEach((id, i) => {
    const dt = data.timeDeltas[i] ?? 0
    total += dt
    const frame = byId.get(id).callFrame
    const url = frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|schema)\//, '$1/')
    add(
      byFile,
      url
        .split('/')
        .slice(0, /^(server|schema)\//.test(url) ? 3 : 1)
        .join('/') || frame.functionName,
      dt
    )
    add(byFunction, `${frame.functionName || '(anonymous)'} ${url}:${frame.lineNumber + 1}`, dt)
  })
  const ms = (us) => `${(us / 1000).toFixed(0)} ms`
  console.log(`sampled ${ms(total)}; self time by package or file:`)
  top(byFile, total, ms)
  console.log('self time by function:')
  top(byFunction, total, ms)
}
