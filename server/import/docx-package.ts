import { Unzip, UnzipInflate, strFromU8, zipSync } from 'fflate'
import { HttpError } from '../http/http-error'

// One streaming pass over a .docx (a zip) before mammoth sees it: is it a
// zip, is it a Word document, and does it stay small when unpacked? A 20 MiB
// upload can unpack to gigabytes (a "zip bomb"); mammoth would inflate
// word/document.xml whole and take the process, and every plan with it, down.
// Here every entry is inflated in chunks and counted, and the pass stops at
// the limit, whatever sizes the zip's headers claim. mammoth then gets a zip
// rebuilt from exactly the entries counted: it reads the central directory,
// which can point word/document.xml at bytes this in-order pass saw as part
// of another entry (a bomb hidden in a stored entry; issue #11).

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
  /** The package again, as the entries counted here (stored, not compressed): what mammoth may read. */
  repacked: Uint8Array
}

/** Check a .docx's bytes; throws HttpError (400 not a Word zip, 413 unpacks too large). */
export function inspectDocxPackage(bytes: Uint8Array, limit = MAX_DOCX_UNPACKED_BYTES): DocxPackage {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    throw new HttpError('import-damaged-docx')
  }
  // Two passes: the first only counts, so a bomb is refused holding nothing;
  // the second (same bytes, so also within the limit) keeps the entries.
  const { hasDocument } = inflateEntries(bytes, limit, false)
  if (!hasDocument) {
    throw new HttpError('import-zip-not-docx')
  }
  const entries = inflateEntries(bytes, limit, true).entries
  const core = entries['docProps/core.xml']
  return {
    coreXml: core ? strFromU8(core) : null,
    customXml: Object.entries(entries)
      .filter(([name]) => /^customXml\/[^/]+\.xml$/.test(name))
      .map(([, data]) => strFromU8(data)),
    repacked: zipSync(entries, { level: 0 })
  }
}

/** Inflate every entry in order, counting; throws at `limit` or on a damaged zip. `keep`: return the entries too. */
function inflateEntries(bytes: Uint8Array, limit: number, keep: boolean): { hasDocument: boolean; entries: Record<string, Uint8Array> } {
  let total = 0
  let hasDocument = false
  let tooLarge = false
  const kept = new Map<string, Uint8Array[]>()
  let broken: Error | null = null
  let declared = 0
  const unzip = new Unzip((file) => {
    if (file.name === 'word/document.xml') hasDocument = true
    // A bomb that states its size is refused before any of it is inflated
    // (inflating up to the limit costs a core for a second); one that hides
    // its size is stopped by the count below.
    declared += file.originalSize ?? 0
    if (declared > limit) {
      tooLarge = true
      kept.clear()
      return
    }
    // A name seen twice: the later entry wins, as only one can be in the rebuilt zip.
    const chunks: Uint8Array[] = []
    if (keep && !file.name.endsWith('/')) kept.set(file.name, chunks)
    file.ondata = (err, chunk) => {
      if (err) {
        broken = err
        return
      }
      total += chunk.length
      if (total > limit) {
        tooLarge = true
        kept.clear()
        file.terminate()
        return
      }
      if (keep) chunks.push(chunk)
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
    throw new HttpError('import-unpacks-too-large', { limitMb: limit / 1024 / 1024 })
  }
  if (broken) {
    throw new HttpError('import-damaged-docx').because(broken)
  }
  const entries: Record<string, Uint8Array> = {}
  for (const [name, chunks] of kept) entries[name] = join(chunks)
  return { hasDocument, entries }
}

function join(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    joined.set(c, at)
    at += c.length
  }
  return joined
}
