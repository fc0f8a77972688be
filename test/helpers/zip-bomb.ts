import { createDeflateRaw, crc32, constants } from 'node:zlib'

// A .docx-shaped zip whose word/document.xml inflates to `inflatedBytes` of
// zeros: deflated by zlib in a stream (run-length strategy: fast, and as small for zeros) (never holding the inflated
// bytes), with real CRC and sizes in its headers, so only its unpacked size
// gives it away. 1 GiB packs to about 1 MiB.

/** Build the bomb. */
export async function docxZipBomb(inflatedBytes: number): Promise<Uint8Array> {
  const zeros = Buffer.alloc(1024 * 1024)
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION, memLevel: 9, strategy: constants.Z_RLE })
  const packed: Buffer[] = []
  deflate.on('data', (c: Buffer) => packed.push(c))
  const done = new Promise<void>((resolve, reject) => { deflate.once('end', resolve); deflate.once('error', reject) })
  let crc = 0
  for (let left = inflatedBytes; left > 0; left -= zeros.length) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left)
    crc = crc32(chunk, crc)
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r))
  }
  deflate.end()
  await done
  const types = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
  return zip([
    { name: '[Content_Types].xml', method: 0, data: types, crc: crc32(types), size: types.length },
    { name: 'word/document.xml', method: 8, data: Buffer.concat(packed), crc, size: inflatedBytes }
  ])
}

interface Entry { name: string; method: 0 | 8; data: Buffer; crc: number; size: number }

function zip(entries: readonly Entry[]): Uint8Array {
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.crc >>> 0, 14)
    local.writeUInt32LE(e.data.length, 18)
    local.writeUInt32LE(e.size >>> 0, 22)
    local.writeUInt16LE(name.length, 26)
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
    parts.push(local, name, e.data)
    central.push(cd, name)
    offset += local.length + name.length + e.data.length
  }
  const cdBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cdBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...parts, cdBytes, end]))
}
