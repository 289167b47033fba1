/**
 * The config file's lock: a `flock` on `config.json.lock`, next to the file, held for each read-modify-write
 * so that concurrent writers (two `config set`, a login and a `config set`) never drop each other's change.
 * The kernel lets go of a `flock` when its process dies, so a killed writer leaves no stale lock behind; the
 * lock file itself stays, as huggingface_hub's do. Where `flock` cannot be had (Windows, a runtime without
 * `bun:ffi`, a file system without locks), the config is written without a lock, as downloads are.
 *
 * @module
 */
import { closeSync, openSync } from "node:fs";
import { ConfigError } from "../api/errors.ts";
import { BUSY, type Flock, LOCK_EX, LOCK_NB, LOCK_UN, loadFlock } from "../api/files/lock.ts";

/**
 * How long a writer waits for the lock before it gives up. A writer holds it only while it reads and
 * rewrites the file, so a longer wait means a stuck process; tests shorten it.
 */
export const configLockOptions = { waitMs: 5_000, pollMs: 20 };

/** The lock file of a config file: `config.json.lock` beside `config.json`. */
export function configLockPath(configFile: string): string {
  return `${configFile}.lock`;
}

/**
 * Runs `fn` holding the lock of the config file `configFile` (its folder must exist). Synchronous, so that
 * the library's `saveConfig` stays synchronous; `fn` must not take the lock again.
 *
 * @throws {@link ConfigError} when the lock file cannot be opened, or another process holds the lock longer
 * than {@link configLockOptions}' wait.
 */
export function withConfigLock<T>(configFile: string, fn: () => T): T {
  const lib = loadFlock();
  if (!lib) return fn();
  const lockPath = configLockPath(configFile);
  const fd = openLock(lockPath);
  try {
    waitForLock(lib, fd, lockPath);
    try {
      return fn();
    } finally {
      lib.flock(fd, LOCK_UN);
    }
  } finally {
    closeSync(fd);
  }
}

function openLock(lockPath: string): number {
  try {
    return openSync(lockPath, "a", 0o600);
  } catch (err) {
    throw new ConfigError(`Cannot open the config lock file ${lockPath}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Polls for the lock until it is free or the wait is over (a blocking `flock` could not be bounded). */
function waitForLock(lib: Flock, fd: number, lockPath: string): void {
  const deadline = Date.now() + configLockOptions.waitMs;
  while (lib.flock(fd, LOCK_EX | LOCK_NB) !== 0) {
    if (!BUSY.has(lib.errno())) return; // this file system has no locks: go on without, as downloads do
    if (Date.now() >= deadline) {
      const seconds = Math.round(configLockOptions.waitMs / 100) / 10;
      throw new ConfigError(
        `Gave up after ${seconds}s waiting for the config lock ${lockPath}: another kohub-cli process is writing the config (or is stuck); try again`,
        { code: "ConfigLocked" },
      );
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, configLockOptions.pollMs); // a synchronous sleep in Node and Bun
  }
}
