import { extname } from 'node:path'
import { markdownToImportSource } from '../../schema/import'
import { textToImportSource } from '../../schema/import'
import type { ImportFormat, ImportSource } from '../../schema/import'
import type { PlanExport } from '../../schema'
import { HttpError } from '../http/http-error'
import { MAX_IMPORT_BYTES, tooLarge } from './size-limit'

export { MAX_IMPORT_BYTES, tooLarge }

// Which reader a file goes to. The bytes decide first (a zip is a .docx
// whatever it is called; an old binary .doc or a PDF is refused by name),
// then the file name's extension, then the content type; what is left is
// read as text if it decodes as text.

const startsWith = (bytes: Uint8Array, sig: readonly number[]): boolean => sig.every((b, i) => bytes[i] === b)
const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] // Word 97–2003 .doc
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-

const MARKDOWN_EXT = new Set(['.md', '.markdown', '.mdown', '.mkd'])
const TEXT_EXT = new Set(['.txt', '.text', ''])

/** Decide the format of a file from its bytes, name and content type. Throws HttpError (415) for formats we cannot read. */
export function detectFormat(bytes: Uint8Array, filename: string, contentType = ''): ImportFormat {
  const ext = extname(filename).toLowerCase()
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (startsWith(bytes, ZIP)) return 'docx'
  if (startsWith(bytes, OLE)) throw new HttpError('import-legacy-doc')
  if (startsWith(bytes, PDF)) throw new HttpError('import-pdf')
  if (ext === '.docx' || type === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') {
    throw new HttpError('import-not-docx')
  }
  if (MARKDOWN_EXT.has(ext) || type === 'text/markdown' || type === 'text/x-markdown') return 'markdown'
  if (TEXT_EXT.has(ext) || type.startsWith('text/')) return 'text'
  // An unknown name: text if it looks like text, else refused.
  if (looksLikeText(bytes)) return 'text'
  throw new HttpError('import-unsupported-type', { type: (ext || type).slice(0, 100) })
}

// NUL bytes do not occur in text files in any encoding we read.
const looksLikeText = (bytes: Uint8Array): boolean => !bytes.subarray(0, 8192).includes(0)

/**
 * Text in UTF-8 (with or without BOM); a file that is not valid UTF-8 is read
 * as Windows-1252, which is what Danish text from older Windows programs is.
 */
export function decodeText(bytes: Uint8Array): string {
  if (!looksLikeText(bytes)) throw new HttpError('import-binary')
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** What a file held: its blocks, and the plan JSON if it is Fællesplan's own .docx export. */
export interface ReadFile {
  source: ImportSource
  embeddedPlan: PlanExport | null
}

/** Read an uploaded file. Throws HttpError (an `import-…` code) for a file that cannot be imported. */
export async function readImportFile(bytes: Uint8Array, filename: string, contentType?: string): Promise<ReadFile> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw tooLarge()
  if (bytes.byteLength === 0) throw new HttpError('import-empty')
  const format = detectFormat(bytes, filename, contentType)
  // mammoth and htmlparser2 load with the first Word file, not with the server: memory, and half a second of every start.
  if (format === 'docx') return (await import('./docx')).readDocxFile(bytes)
  const text = decodeText(bytes)
  return { source: format === 'markdown' ? markdownToImportSource(text) : textToImportSource(text), embeddedPlan: null }
}
