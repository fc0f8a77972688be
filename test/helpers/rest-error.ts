import type { HttpErrorJson } from '../../schema'

/** The `error` part (code and params) of a REST refusal's body. */
export async function errorOf(res: Response): Promise<HttpErrorJson> {
  return ((await res.json()) as { error: HttpErrorJson }).error
}
