/**
 * Cross-process locks on downloads, taken as `huggingface_hub` takes them (the `filelock` package: a BSD
 * `flock` on a `.lock` file), so that kohub-cli, huggingface_hub and transformers, or two kohub-cli
 * processes, never write the same `.incomplete` file at once. Where `flock` cannot be had (Windows, a
 * runtime without FFI, a file system that refuses it), downloads go on without a lock, as with
 * huggingface_hub's `WeakFileLock`.
 *
 * @module
 */
import { closeSync, openSync } from "node:fs";
import { localSync } from "./errors.ts";
import { sleep } from "./retry.ts";

/** `flock` and `errno`, from the C library. */
export interface Flock {
  flock(fd: number, operation: number): number;
  errno(): number;
}

export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
/** Worth another try: EWOULDBLOCK (Linux 11, macOS and the BSDs 35), EINTR (4). */
export const BUSY = new Set([11, 35, 4]);
/** How often a held lock is tried again (filelock polls every 50 ms). */
const POLL_MS = 50;

/** `enabled`: tests turn locking off to check the lock-less road. */
export const lockOptions = { enabled: true };

let loaded: { lib: Flock | undefined } | undefined;

/** The C library's `flock`, loaded once (undefined where it cannot be). Synchronous, for the config file's lock. */
export function loadFlock(): Flock | undefined {
  loaded ??= { lib: openLibc() };
  return loaded.lib;
}

function openLibc(): Flock | undefined {
  if (process.platform !== "linux" && process.platform !== "darwin") return undefined;
  try {
    const { dlopen, FFIType, read } = require("bun:ffi") as typeof import("bun:ffi");
    const errnoName = process.platform === "darwin" ? "__error" : "__errno_location";
    const arch = process.arch === "arm64" ? "aarch64" : "x86_64";
    const names =
      process.platform === "darwin" ? ["libc.dylib"] : ["libc.so.6", `libc.musl-${arch}.so.1`, "libc.so"];
    for (const name of names) {
      try {
        const lib = dlopen(name, {
          flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
          [errnoName]: { args: [], returns: FFIType.ptr },
        });
        const errnoAt = lib.symbols[errnoName] as () => number | null;
        return {
          flock: lib.symbols.flock as (fd: number, operation: number) => number,
          errno: () => {
            const at = errnoAt();
            return at ? read.i32(at as never, 0) : 0;
          },
        };
      } catch {
        // not this name: the next one
      }
    }
  } catch {
    // no FFI in this runtime
  }
  return undefined;
}

/** The lock paths held or awaited in this process: what the next caller of each waits for. */
const held = new Map<string, Promise<void>>();

/**
 * Runs `fn` holding the lock of `lockPath` (created if missing; its folder must exist), waiting while
 * another process, or another download of this one, holds it. The wait ends with `signal`. Callers in
 * this process queue up first, so that two downloads of one file never mix even where `flock` is missing.
 */
export async function withFileLock<T>(
  lockPath: string,
  signal: AbortSignal,
  fn: () => Promise<T>,
): Promise<T> {
  if (!lockOptions.enabled) return fn();
  const before = held.get(lockPath) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((r) => (release = r));
  const tail = before.then(() => mine);
  held.set(lockPath, tail);
  try {
    await until(before, signal);
    return await withFlock(lockPath, signal, fn);
  } finally {
    release();
    if (held.get(lockPath) === tail) held.delete(lockPath);
  }
}

/** Waits for `p` (which never rejects), or rejects with the signal's reason when it aborts first. */
function until(p: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** {@link withFileLock} between processes: `flock` on the lock file. */
async function withFlock<T>(lockPath: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const lib = loadFlock();
  if (!lib) return fn();
  const fd = localSync("create", lockPath, () => openSync(lockPath, "w"));
  try {
    for (;;) {
      if (lib.flock(fd, LOCK_EX | LOCK_NB) === 0) break;
      if (!BUSY.has(lib.errno())) return await fn(); // this file system has no locks: go on without
      await sleep(POLL_MS, signal);
    }
    try {
      return await fn();
    } finally {
      lib.flock(fd, LOCK_UN);
    }
  } finally {
    closeSync(fd);
  }
}
