import { fork, type ChildProcess } from 'node:child_process'

/**
 * A load-generator child process spoken to one question at a time: `ask`
 * sends a command and resolves with the next reply (rejects on a reply of
 * type 'error'). Spreading clients over several of these keeps any one load
 * process below a core, so a benchmark measures the server, not itself.
 */
export class LoadProcess<Command extends { type: string }, Reply extends { type: string }> {
  private readonly child: ChildProcess
  private waiting: ((reply: Reply) => void) | null = null

  constructor(script: string) {
    this.child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (reply: Reply) => this.waiting?.(reply))
  }

  ask(command: Command): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r.type === 'error' ? reject(new Error((r as unknown as { message: string }).message)) : resolve(r))
      this.child.send(command)
    })
  }

  stop(stop: Command): void {
    this.child.send(stop)
  }
}
