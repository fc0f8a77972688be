// Worker threads do not inherit the tsx loader of the main thread: load the
// TypeScript worker body through tsx's API.
import { tsImport } from 'tsx/esm/api'

await tsImport('./import-worker.ts', import.meta.url)
