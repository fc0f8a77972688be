// The body of the import worker thread (see preview-worker.ts): reads and
// recognises one file per message. mammoth converts a Word file in long
// synchronous stretches; here they cannot stall the sync server's event loop.
import { parentPort } from 'node:worker_threads'
import { ImportFileError } from './errors'
import { previewImport } from './import-plan'
import type { WorkerReply, WorkerRequest } from './preview-worker'

parentPort!.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const p = await previewImport(req.bytes, req.filename, { ...(req.contentType ? { contentType: req.contentType } : {}), ...(req.title ? { title: req.title } : {}) })
    reply = { id: req.id, ok: true, title: p.title, municipality: p.municipality, period: p.period, review: p.review, doc: p.doc.toJSON(), source: p.source }
  } catch (e) {
    reply = e instanceof ImportFileError
      ? { id: req.id, ok: false, status: e.status, message: e.message }
      : { id: req.id, ok: false, status: 500, message: (e as Error).message ?? String(e) }
  }
  parentPort!.postMessage(reply)
})
