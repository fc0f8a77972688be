import { fork, type ChildProcess } from 'node:child_process'

/**
 * A load-generator child process spoken to one question at a time: `ask`
 * sends a command and resolves with the next reply (rejects on a reply of
 * type 'error', or when the process dies first). Spreading clients over
 * several of these keeps any one load process below a core, so a benchmark
 * measures the server, not itself.
 */
export class LoadProcess<Command extends { type: string }, Reply extends { type: string }> {
  private readonly child: ChildProcess
  private readonly exited: Promise<void>
  private waiting: ((reply: Reply) => void) | null = null
  private failed: ((error: Error) => void) | null = null

  constructor(script: string) {
    this.child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (reply: Reply) => this.waiting?.(reply))
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.failed?.(new Error(`load process exited (${signal ?? code}) before it answered`))
        resolve()
      })
    )
  }

  /** CPU and memory readings of the load process go by this id. */
  get pid(): number {
    return this.child.pid ?? -1
  }

  ask(command: Command): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r.type === 'error' ? reject(new Error((r as unknown as { message: string }).message)) : resolve(r))
      this.failed = reject
      this.child.send(command)
    })
  }

  /** Ask the process to stop; resolves once it has exited (killed if it has not after `graceMs`). */
  stop(stop: Command, graceMs = 5_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.send(stop)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    return this.exited.then(() => clearTimeout(timer))
  }
}
