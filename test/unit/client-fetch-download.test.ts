// The export menu's download: progress from content-length, the server's file
// name and its error (a RestError with the server's code). Run against a real HTTP server on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchDownload, type TransferProgress } from '../../client/src/transfer/download'

const SIZE = 256 * 1024
let server: Server
let base: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer secret')
      return void res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'token-expired' }, message: 'The link (token) has expired' }))
    if (req.url === '/sized') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(SIZE), 'content-disposition': 'attachment; filename="plan.pdf"' })
      // In pieces, as a large file arrives.
      let sent = 0
      const next = () => {
        if (sent >= SIZE) return void res.end()
        res.write(Buffer.alloc(32 * 1024, 7))
        sent += 32 * 1024
        setTimeout(next, 2)
      }
      return next()
    }
    if (req.url === '/chunked') {
      res.writeHead(200, { 'content-type': 'text/csv' })
      return void res.end('a;b\n1;2\n')
    }
    res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>')
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('fetchDownload', () => {
  it('reports building, then receiving with a total from content-length, up to the whole file', async () => {
    const seen: TransferProgress[] = []
    const file = await fetchDownload(`${base}/sized`, 'secret', 'fallback.pdf', (p) => seen.push({ ...p }))
    expect(seen[0]).toEqual({ phase: 'building', loaded: 0, total: null })
    const receiving = seen.filter((p) => p.phase === 'receiving')
    expect(receiving.length).toBeGreaterThan(2)
    expect(receiving.every((p) => p.total === SIZE)).toBe(true)
    expect(receiving.map((p) => p.loaded)).toEqual([...receiving.map((p) => p.loaded)].sort((a, b) => a - b))
    expect(receiving.at(-1)!.loaded).toBe(SIZE)
    expect(file.filename).toBe('plan.pdf')
    expect(file.blob.size).toBe(SIZE)
    expect(file.blob.type).toBe('application/pdf')
  })

  it('has no total without content-length and uses the fallback name without content-disposition', async () => {
    const seen: TransferProgress[] = []
    const file = await fetchDownload(`${base}/chunked`, 'secret', 'demo.csv', (p) => seen.push({ ...p }))
    expect(seen.filter((p) => p.phase === 'receiving').every((p) => p.total === null)).toBe(true)
    expect(file.filename).toBe('demo.csv')
    expect(await file.blob.text()).toBe('a;b\n1;2\n')
  })

  it("throws a RestError with the server's code, or with the status when the body is not ours", async () => {
    await expect(fetchDownload(`${base}/sized`, 'wrong', 'x', () => {})).rejects.toMatchObject({
      status: 401,
      code: 'token-expired',
      message: 'The link (token) has expired'
    })
    await expect(fetchDownload(`${base}/other`, 'secret', 'x', () => {})).rejects.toMatchObject({
      status: 502,
      code: null,
      message: expect.stringMatching(/^HTTP 502/)
    })
  })
})
