import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { log } from '../log'

// DATA_DIR holds every plan and the secret that signs every token: nobody
// but the server's own user may read it. Modes are set explicitly rather than
// left to the umask (a common 022 made the database world-readable), and an
// existing directory or file that is looser is tightened, with a warning, so
// an operator learns that something else may have read it.

/** Mode of DATA_DIR: the server's user only. */
export const PRIVATE_DIR_MODE = 0o700
/** Mode of the database, its -wal and -shm, and the token secret. */
export const PRIVATE_FILE_MODE = 0o600

/** Create `dir` (and parents) as 0700, or tighten an existing one to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  tighten(dir, PRIVATE_DIR_MODE)
}

/**
 * Make sure `file` exists with mode 0600 (created empty if missing), so a
 * program that opens it afterwards (SQLite) does not create it with the
 * umask's mode. SQLite gives -wal and -shm the mode of the database file.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tighten(file, PRIVATE_FILE_MODE)
}

/** Tighten `file` to 0600 if it exists (a -wal or -shm left by an earlier run). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) tighten(file, PRIVATE_FILE_MODE)
}

function tighten(path: string, mode: number): void {
  const current = statSync(path).mode & 0o777
  if ((current & ~mode) === 0) return
  chmodSync(path, mode)
  log('warn', 'permissions-tightened', { path, was: current.toString(8), now: mode.toString(8) })
}
