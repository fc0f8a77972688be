import { connect } from 'node:net'

// Asked before a cluster starts (a clear warning beats a silent cluster that
// does not fan out) and by the tests' own redis-server while it starts.

/** Whether Redis answers PING (a clear warning at start beats a silent cluster that does not fan out). */
export function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(u.port || 6379), u.hostname)
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    // A password-protected Redis answers -NOAUTH: it is there.
    socket.once('data', (d) => done(/^(\+PONG|-NOAUTH)/.test(d.toString())))
  })
}
