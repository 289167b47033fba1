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
import { localError } from "./errors.ts";
import { sleep } from "./util.ts";

/** `flock` and `errno`, from the C library. */
interface Flock {
  flock(fd: number, operation: number): number;
  errno(): number;
}

const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;
/** Worth another try: EWOULDBLOCK (Linux 11, macOS and the BSDs 35), EINTR (4). */
const BUSY = new Set([11, 35, 4]);
/** How often a held lock is tried again (filelock polls every 50 ms). */
const POLL_MS = 50;

/** `enabled`: tests turn locking off to check the lock-less road. */
export const lockOptions = { enabled: true };

let loaded: Promise<Flock | undefined> | undefined;

/** The C library's `flock`, loaded once (undefined where it cannot be). */
function flocker(): Promise<Flock | undefined> {
  loaded ??= (async () => {
    if (process.platform !== "linux" && process.platform !== "darwin") return undefined;
    try {
      const { dlopen, FFIType, read } = await import("bun:ffi");
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
  })();
  return loaded;
}

/**
 * Runs `fn` holding the lock of `lockPath` (created if missing; its folder must exist), waiting while
 * another process holds it. The wait ends with `signal`.
 */
export async function withFileLock<T>(
  lockPath: string,
  signal: AbortSignal,
  fn: () => Promise<T>,
): Promise<T> {
  const lib = lockOptions.enabled ? await flocker() : undefined;
  if (!lib) return fn();
  let fd: number;
  try {
    fd = openSync(lockPath, "w");
  } catch (err) {
    throw localError(err, "create", lockPath);
  }
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
