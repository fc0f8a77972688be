// fetch() cannot report upload progress, so files are sent with XMLHttpRequest.
import { restErrorOf } from './rest-error'

/** The parsed JSON answer and status of an upload. */
export interface UploadResult<T> {
  status: number
  body: T
}

/** Progress of an upload: 'sending' while bytes go out, 'processing' while the server reads them. */
export interface UploadProgress {
  phase: 'sending' | 'processing'
  loaded: number
  total: number | null
}

/**
 * POST `file` as the raw request body with the bearer token. Resolves with the
 * JSON answer on 2xx; rejects with a RestError otherwise,
 * or a plain-language message when the network failed.
 */
export function postFile<T>(
  url: string,
  token: string | null,
  file: Blob,
  onProgress: (p: UploadProgress) => void,
  messages: { network: string }
): Promise<UploadResult<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    if (token !== null) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream')
    xhr.responseType = 'text'
    xhr.upload.onprogress = (e) => onProgress({ phase: 'sending', loaded: e.loaded, total: e.lengthComputable ? e.total : null })
    xhr.upload.onload = () => onProgress({ phase: 'processing', loaded: file.size, total: file.size })
    xhr.onerror = () => reject(new Error(messages.network))
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        /* not JSON: a RestError with the status line */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) return resolve({ status: xhr.status, body: body as T })
      reject(restErrorOf(xhr.status, xhr.statusText, xhr.responseText))
    }
    onProgress({ phase: 'sending', loaded: 0, total: file.size })
    xhr.send(file)
  })
}
