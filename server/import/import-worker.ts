// The body of the import worker thread (see preview-worker.ts): reads and
// recognises one file per message. mammoth converts a Word file in long
// synchronous stretches; here they cannot stall the sync server's event loop.
import { parentPort } from 'node:worker_threads'
import { HttpError } from '../http/http-error'
import { previewImport } from './import-plan'
import type { WorkerReply, WorkerRequest } from './preview-worker'

parentPort!.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const p = await previewImport(req.bytes, req.filename, {
      ...(req.contentType ? { contentType: req.contentType } : {}),
      ...(req.title ? { title: req.title } : {})
    })
    reply = { id: req.id, ok: true, title: p.title, municipality: p.municipality, period: p.period, review: p.review, doc: p.doc.toJSON(), source: p.source }
  } catch (e) {
    reply =
      e instanceof HttpError
        ? { id: req.id, ok: false, code: e.code, params: { ...e.params }, message: e.message }
        : { id: req.id, ok: false, code: null, params: {}, message: (e as Error).message ?? String(e) }
  }
  parentPort!.postMessage(reply)
})
