import { responseError } from './rest-error'

// Exports are fetched with the token in a header and saved from a Blob, so
// no address carrying the token is ever put on the page for someone to copy.

/** How far a download has come: `total` is null when the server sent no content-length. */
export interface TransferProgress {
  phase: 'building' | 'receiving'
  loaded: number
  total: number | null
}

/** A fetched file, ready to save. */
export interface DownloadedFile {
  blob: Blob
  filename: string
}

/** The file name from a Content-Disposition header (RFC 6266: `filename*` wins over `filename`). */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      /* malformed: try the plain form */
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition)
  const name = (plain?.[1] ?? plain?.[2])?.trim()
  // A name is only ever a name: a path in it would be stripped by the browser anyway.
  return name ? name.replace(/[\\/]/g, '_') : fallback
}

/**
 * Fetch `url` with the bearer token, reporting progress: 'building' until the
 * response headers arrive (the server renders the export first), then
 * 'receiving' per chunk. Throws a RestError on an error status.
 */
export async function fetchDownload(
  url: string,
  token: string | null,
  fallbackName: string,
  onProgress: (p: TransferProgress) => void
): Promise<DownloadedFile> {
  onProgress({ phase: 'building', loaded: 0, total: null })
  // The page's own calls send the session cookie; a token is for scripts and tests.
  const res = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` }, cache: 'no-store' })
  if (!res.ok) throw await responseError(res)
  const length = Number(res.headers.get('content-length'))
  const total = Number.isFinite(length) && length > 0 ? length : null
  const type = res.headers.get('content-type') ?? 'application/octet-stream'
  const filename = filenameFrom(res.headers.get('content-disposition'), fallbackName)
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let loaded = 0
  onProgress({ phase: 'receiving', loaded, total })
  if (res.body) {
    const reader = res.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      loaded += value.byteLength
      onProgress({ phase: 'receiving', loaded, total })
    }
  }
  return { blob: new Blob(chunks, { type }), filename }
}

/** Hand a Blob to the browser as a download under `filename`. */
export function saveBlob(file: DownloadedFile): void {
  const href = URL.createObjectURL(file.blob)
  const a = document.createElement('a')
  a.href = href
  a.download = file.filename
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  // The download has started from the URL; give slow browsers a moment before freeing it.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}
