// Worker threads do not inherit the tsx loader of the main thread: load the
// TypeScript worker body through tsx's API (as the import worker does).
import { tsImport } from 'tsx/esm/api'

await tsImport('./reads-worker.ts', import.meta.url)
