import { createDeflateRaw, crc32, constants } from 'node:zlib'

// A .docx-shaped zip whose word/document.xml inflates to `inflatedBytes` of
// zeros: deflated by zlib in a stream (run-length strategy: fast, and as small for zeros) (never holding the inflated
// bytes), with real CRC and sizes in its headers, so only its unpacked size
// gives it away. 1 GiB packs to about 1 MiB.

/** Build the bomb. `claimedSize`: the unpacked size its headers state (a liar states a small one). */
export async function docxZipBomb(inflatedBytes: number, claimedSize = inflatedBytes): Promise<Uint8Array> {
  const types = Buffer.from(TYPES_XML)
  return zip([
    { name: '[Content_Types].xml', method: 0, data: types, crc: crc32(types), size: types.length },
    { name: 'word/document.xml', ...(await deflatedZeros(inflatedBytes)), size: claimedSize }
  ])
}

/**
 * A bomb that a reader of local headers in order never sees: the zip's
 * entries, one after another, are a small harmless word/document.xml and a
 * stored `padding.bin`; inside padding.bin's bytes sits another local header
 * for word/document.xml with the deflated zeros, and the central directory
 * (what JSZip, and so mammoth, reads) points word/document.xml there.
 */
export async function hiddenDocxZipBomb(inflatedBytes: number): Promise<Uint8Array> {
  const types = Buffer.from(TYPES_XML)
  const small = Buffer.from(SMALL_DOCUMENT_XML)
  const hidden: Entry = { name: 'word/document.xml', ...(await deflatedZeros(inflatedBytes)) }
  const hiddenLocal = Buffer.concat(localHeader(hidden))
  const entries: Entry[] = [
    { name: '[Content_Types].xml', method: 0, data: types, crc: crc32(types), size: types.length },
    { name: 'word/document.xml', method: 0, data: small, crc: crc32(small), size: small.length },
    { name: 'padding.bin', method: 0, data: hiddenLocal, crc: crc32(hiddenLocal), size: hiddenLocal.length }
  ]
  const parts: Buffer[] = []
  const offsets: number[] = []
  let offset = 0
  for (const e of entries) {
    offsets.push(offset)
    const local = localHeader(e)
    parts.push(...local)
    offset += local.reduce((n, b) => n + b.length, 0)
  }
  // padding.bin's data starts after its 30-byte header and its name.
  const hiddenAt = offsets[2]! + 30 + Buffer.byteLength('padding.bin')
  const central = [centralHeader(entries[0]!, offsets[0]!), centralHeader(hidden, hiddenAt)].flat()
  return finish(parts, central, 2, offset)
}

const TYPES_XML = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
const SMALL_DOCUMENT_XML =
  '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Harmløs</w:t></w:r></w:p></w:body></w:document>'

/** `inflatedBytes` zeros, raw-deflated by zlib in a stream, with their CRC. */
async function deflatedZeros(inflatedBytes: number): Promise<Omit<Entry, 'name'>> {
  const zeros = Buffer.alloc(1024 * 1024)
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION, memLevel: 9, strategy: constants.Z_RLE })
  const packed: Buffer[] = []
  deflate.on('data', (c: Buffer) => packed.push(c))
  const done = new Promise<void>((resolve, reject) => {
    deflate.once('end', resolve)
    deflate.once('error', reject)
  })
  let crc = 0
  for (let left = inflatedBytes; left > 0; left -= zeros.length) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left)
    crc = crc32(chunk, crc)
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r))
  }
  deflate.end()
  await done
  return { method: 8, data: Buffer.concat(packed), crc, size: inflatedBytes }
}

interface Entry {
  name: string
  method: 0 | 8
  data: Buffer
  crc: number
  size: number
}

function localHeader(e: Entry): Buffer[] {
  const name = Buffer.from(e.name, 'utf8')
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(e.method, 8)
  local.writeUInt32LE(e.crc >>> 0, 14)
  local.writeUInt32LE(e.data.length, 18)
  local.writeUInt32LE(e.size >>> 0, 22)
  local.writeUInt16LE(name.length, 26)
  return [local, name, e.data]
}

function centralHeader(e: Entry, offset: number): Buffer[] {
  const name = Buffer.from(e.name, 'utf8')
  const cd = Buffer.alloc(46)
  cd.writeUInt32LE(0x02014b50, 0)
  cd.writeUInt16LE(20, 4)
  cd.writeUInt16LE(20, 6)
  cd.writeUInt16LE(e.method, 10)
  cd.writeUInt32LE(e.crc >>> 0, 16)
  cd.writeUInt32LE(e.data.length, 20)
  cd.writeUInt32LE(e.size >>> 0, 24)
  cd.writeUInt16LE(name.length, 28)
  cd.writeUInt32LE(offset, 42)
  return [cd, name]
}

function finish(parts: Buffer[], central: Buffer[], count: number, cdOffset: number): Uint8Array {
  const cdBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(count, 8)
  end.writeUInt16LE(count, 10)
  end.writeUInt32LE(cdBytes.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return new Uint8Array(Buffer.concat([...parts, cdBytes, end]))
}

function zip(entries: readonly Entry[]): Uint8Array {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const local = localHeader(e)
    parts.push(...local)
    central.push(...centralHeader(e, offset))
    offset += local.reduce((n, b) => n + b.length, 0)
  }
  return finish(parts, central, entries.length, offset)
}
