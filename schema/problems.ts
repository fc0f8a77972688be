/** Something the extractor or loader could not read, and where. Never an exception. */
export interface Problem {
  /** JSON Pointer into the export (`/goals/2/targets/0/target/value`) or into the document. */
  path: string
  message: string
  /** The id of the structured node concerned, when it has one. */
  nodeId?: string
}
