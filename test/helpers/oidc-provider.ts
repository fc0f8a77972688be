import { createServer, type Server } from 'node:http'
import Provider, { type ProviderContext } from 'oidc-provider'

// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1
// for sign-in tests. Its login step signs in, without a form, as whichever
// account the test names in `signInAs`; everything else (authorization
// code, PKCE, state, nonce, ID token signature, userinfo) is the provider's
// own. Consent is granted for our client, as a first-party app's would be.

/** A person the test provider knows. */
export interface TestAccount {
  sub: string
  email: string
  name: string
  /** Roles claim (`roles`), for the administrator mapping. */
  roles?: string[]
}

/** A running test provider. */
export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** The account the next login step signs in as. */
  signInAs: string
  /** How many logins the provider has completed (to see that a flow really went through it). */
  logins: number
  stop(): Promise<void>
}

/** Start the provider; `redirectUri(port)` names our server's callback, which the provider registers for the client. */
export async function startTestProvider(accounts: TestAccount[], redirectUri: () => string): Promise<TestProvider> {
  const byId = new Map(accounts.map((a) => [a.sub, a]))
  let provider: Provider | null = null
  const state: TestProvider = {
    issuer: '',
    clientId: 'faellesplan-test',
    clientSecret: 'test-secret-' + Math.random().toString(36).slice(2),
    signInAs: accounts[0]!.sub,
    logins: 0,
    stop: async () => {}
  }
  const http: Server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.url?.startsWith('/interaction/')) {
          const details = await provider!.interactionDetails(req, res)
          if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`)
          state.logins++
          return await provider!.interactionFinished(req, res, { login: { accountId: state.signInAs } }, { mergeWithLastSubmission: false })
        }
        provider!.callback()(req, res)
      } catch (e) {
        res.writeHead(500).end(String((e as Error).message))
      }
    })()
  })
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()))
  state.issuer = `http://127.0.0.1:${(http.address() as { port: number }).port}`
  provider = new Provider(state.issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [redirectUri()],
        grant_types: ['authorization_code'],
        response_types: ['code']
      }
    ],
    // `roles` rides on `profile`, as Entra ID puts app roles in every sign-in.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
    scopes: ['openid', 'email', 'profile'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx: unknown, id: string) => {
      const a = byId.get(id)
      return a
        ? { accountId: id, claims: () => ({ sub: a.sub, email: a.email, email_verified: true, name: a.name, ...(a.roles ? { roles: a.roles } : {}) }) }
        : undefined
    },
    // First-party: consent is given, so the flow needs no consent page.
    loadExistingGrant: async (ctx: ProviderContext) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    }
  })
  state.stop = () =>
    new Promise<void>((r) => {
      http.close(() => r())
      http.closeAllConnections()
    })
  return state
}
