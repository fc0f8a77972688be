// The few parts of oidc-provider (which ships no types) the test provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }
  interface ProviderContext {
    oidc: { client: { clientId: string }; session: { accountId: string }; provider: Provider }
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown> }>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean }
    ): Promise<void>
    Grant: new (init: { accountId: string; clientId: string }) => Grant
    on(event: string, listener: (...args: unknown[]) => void): void
  }
  export type { ProviderContext }
}
