/**
 * The errors of local files in transfers ({@link LocalFileError}, {@link IntegrityError}), and the helpers
 * that turn file-system errors into them.
 *
 * @module
 */
import { KohubError } from "../errors.ts";

/**
 * A local file or folder cannot be read or written (permission denied, not a directory, disk full, ...).
 * `code` is `PermissionDenied`, `NotADirectory`, `DiskFull`, `ReadOnlyFileSystem`, `FileNotFound` or
 * `LocalFileError`; `path` names the file.
 */
export class LocalFileError extends KohubError {
  override name = "LocalFileError";
  /** The local path involved. */
  readonly path: string;

  constructor(message: string, path: string, init: { code?: string; cause?: unknown } = {}) {
    super(message, { code: init.code ?? "LocalFileError", cause: init.cause });
    this.path = path;
  }
}

/** Downloaded bytes do not match the size or hash the server announced (code `SizeMismatch` or `HashMismatch`). Nothing is left on disk. */
export class IntegrityError extends KohubError {
  override name = "IntegrityError";
}

const ERRNO: Record<string, [string, string]> = {
  EACCES: ["PermissionDenied", "permission denied"],
  EPERM: ["PermissionDenied", "operation not permitted"],
  ENOTDIR: ["NotADirectory", "a parent of it is a file, not a directory"],
  EISDIR: ["IsADirectory", "it is a directory"],
  ENOSPC: ["DiskFull", "no space left on the device"],
  EDQUOT: ["DiskFull", "disk quota exceeded"],
  EROFS: ["ReadOnlyFileSystem", "read-only file system"],
  ENOENT: ["FileNotFound", "no such file or directory"],
  EEXIST: ["NotADirectory", "a file is in the way"],
};

/** Whether an error is one of the file-system errors {@link localError} names (not a network one). */
export function isFileSystemError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && Object.hasOwn(ERRNO, code);
}

/** Turns a file-system error into a {@link LocalFileError} (other errors pass through). */
export function localError(err: unknown, action: string, path: string): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string" || err instanceof KohubError) return err;
  const [ourCode, reason] = ERRNO[code] ?? ["LocalFileError", (err as Error).message];
  return new LocalFileError(`Cannot ${action} ${path}: ${reason}`, path, { code: ourCode, cause: err });
}

/** Runs a synchronous file-system step; its errors become {@link LocalFileError}s (`Cannot <action> <path>: ...`). */
export function localSync<T>(action: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw localError(err, action, path);
  }
}

/** {@link localSync} of an asynchronous step. */
export async function local<T>(action: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw localError(err, action, path);
  }
}
