import { createServer } from 'node:net'
import type { ServerOptions } from '../../server'
import { startTestServer, type TestServer } from './in-process-server'
import { startTestProvider, type TestAccount, type TestProvider } from './oidc-provider'

/** A free port on 127.0.0.1 (the provider must know our callback address before our server starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Our server with sign-in configured against a real test provider, both on 127.0.0.1. */
export async function startSignInServers(
  accounts: TestAccount[],
  options: Partial<ServerOptions> = {}
): Promise<{ t: TestServer; idp: TestProvider; stop(): Promise<void> }> {
  const port = await freePort()
  const redirectUri = `http://127.0.0.1:${port}/auth/callback`
  const idp = await startTestProvider(accounts, () => redirectUri)
  const t = await startTestServer({
    port,
    oidc: {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri,
      roleClaim: 'roles',
      adminValue: 'faellesplan-admin',
      sessionHours: 8
    },
    ...options
  })
  return {
    t,
    idp,
    stop: async () => {
      await t.stop()
      await idp.stop()
    }
  }
}

/**
 * Sign in the way a browser does, without one: follow every redirect of the
 * authorization code flow by hand, keeping each origin's cookies. Returns
 * our session cookie (`fp_session=…`) and where the flow landed.
 */
export async function signInWithoutBrowser(serverUrl: string, returnTo = '/'): Promise<{ cookie: string; landed: string }> {
  const jars = new Map<string, Map<string, string>>()
  let url = `${serverUrl}/auth/login?return=${encodeURIComponent(returnTo)}`
  for (let hop = 0; hop < 12; hop++) {
    const origin = new URL(url).origin
    const jar = jars.get(origin) ?? new Map<string, string>()
    jars.set(origin, jar)
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair!.indexOf('=')
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1))
    }
    const location = res.headers.get('location')
    if (res.status < 300 || res.status >= 400 || !location)
      throw new Error(`sign-in stopped at ${new URL(url).pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`)
    url = new URL(location, url).href
    const session = jars.get(new URL(serverUrl).origin)?.get('fp_session')
    if (session && new URL(url).origin === new URL(serverUrl).origin && !url.includes('/auth/'))
      return { cookie: `fp_session=${session}`, landed: new URL(url).pathname }
  }
  throw new Error('sign-in did not finish in 12 redirects')
}
