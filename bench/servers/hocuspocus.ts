// Hocuspocus 4.7 with its SQLite extension on a file (not its default
// :memory:), for the side-by-side meeting benchmark. Note: Hocuspocus stores
// debounced (it writes the merged document after a quiet period), where
// Fællesplan stores every update before broadcasting it.
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { join } from 'node:path'

const port = Number(process.env.PORT ?? 8090)
const dir = process.env.DATA_DIR ?? '.'
const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  extensions: [new SQLite({ database: join(dir, 'hocuspocus.sqlite') })]
})
await server.listen()
console.log(`hocuspocus listening on ${port}`)
