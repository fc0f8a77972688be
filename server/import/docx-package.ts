import { Unzip, UnzipInflate, strFromU8 } from 'fflate'
import { ImportFileError } from './errors'

// One streaming pass over a .docx (a zip) before mammoth sees it: is it a
// zip, is it a Word document, and does it stay small when unpacked? A 20 MiB
// upload can unpack to gigabytes (a "zip bomb"); mammoth would inflate
// word/document.xml whole and take the process, and every plan with it, down.
// Here every entry is inflated in chunks and counted, and the pass stops at
// the limit, whatever sizes the zip's headers claim.

/** Most bytes a .docx may unpack to (text-only plans are a few MiB; images add more). */
export const MAX_DOCX_UNPACKED_BYTES = 256 * 1024 * 1024

/** Compressed bytes pushed to the inflater at a time: bounds one inflated chunk to ~1032 × this. */
const INFLATE_SLICE_BYTES = 16 * 1024

/** What the pass learned about the package. */
export interface DocxPackage {
  /** docProps/core.xml as text, if present. */
  coreXml: string | null
  /** The custom XML parts (customXml/*.xml) as text: our own export puts the plan JSON in one. */
  customXml: string[]
}

/** Check a .docx's bytes; throws ImportFileError (400 not a Word zip, 413 unpacks too large). */
export function inspectDocxPackage(bytes: Uint8Array, limit = MAX_DOCX_UNPACKED_BYTES): DocxPackage {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new ImportFileError(400, 'Filen kan ikke læses som et Word-dokument (.docx): den er ikke en gyldig zip-fil. / The file is not a readable .docx (not a valid zip).')
  }
  let total = 0
  let hasDocument = false
  let tooLarge = false
  const kept = new Map<string, Uint8Array[]>()
  let broken: Error | null = null
  const unzip = new Unzip((file) => {
    if (file.name === 'word/document.xml') hasDocument = true
    const keep = file.name === 'docProps/core.xml' || /^customXml\/[^/]+\.xml$/.test(file.name)
    if (keep) kept.set(file.name, [])
    file.ondata = (err, chunk) => {
      if (err) { broken = err; return }
      total += chunk.length
      if (total > limit) { tooLarge = true; file.terminate(); return }
      if (keep) kept.get(file.name)!.push(chunk)
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    // Fed in small slices so the count can stop a bomb before it is in
    // memory: fflate inflates each pushed slice whole, and deflate packs up
    // to 1032:1, so a 1 MiB slice of a bomb became 1 GiB in one chunk (RSS
    // +2 GB before the 413, issue #11). 16 KiB slices inflate to ≤ 17 MiB.
    const step = INFLATE_SLICE_BYTES
    for (let i = 0; i < bytes.length && !tooLarge; i += step) unzip.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length)
  } catch (e) {
    broken = e as Error
  }
  if (tooLarge) {
    throw new ImportFileError(413, `Word-dokumentet fylder mere end ${limit / 1024 / 1024} MiB, når det pakkes ud, og kan ikke importeres. / The .docx unpacks to more than ${limit / 1024 / 1024} MiB.`)
  }
  if (broken) {
    throw new ImportFileError(400, 'Filen kan ikke læses som et Word-dokument (.docx): zip-filen er beskadiget. / The file is not a readable .docx (damaged zip).', broken)
  }
  if (!hasDocument) {
    throw new ImportFileError(400, 'Filen er en zip-fil, men ikke et Word-dokument (word/document.xml mangler). / The file is a zip archive but not a .docx.')
  }
  const text = (chunks: readonly Uint8Array[]): string => {
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const c of chunks) { joined.set(c, at); at += c.length }
    return strFromU8(joined)
  }
  const core = kept.get('docProps/core.xml')
  return {
    coreXml: core ? text(core) : null,
    customXml: [...kept].filter(([name]) => name.startsWith('customXml/')).map(([, chunks]) => text(chunks))
  }
}
