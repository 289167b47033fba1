/**
 * Hashing of uploads and downloads (SHA-256 and/or the git-blob SHA-1), and the piece-ahead file reader
 * both use.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { LocalFileError, localError } from "./errors.ts";
import { throwIfAborted } from "./retry.ts";

/** Which hashes a download needs, and its size (the git-blob header names it; no byte past it is hashed). */
export interface HashSpec {
  sha256: boolean;
  sha1: boolean;
  size: number;
}

/** The hex digests of a download (undefined when not asked for). */
export interface Digests {
  sha256: string | undefined;
  sha1: string | undefined;
}

/** The hashes of a spec over the same bytes (the git-blob SHA-1 already fed its header). */
export class Hashers {
  private readonly sha256: Hash | undefined;
  private readonly sha1: Hash | undefined;

  constructor(readonly spec: HashSpec) {
    this.sha256 = spec.sha256 ? createHash("sha256") : undefined;
    this.sha1 = spec.sha1 ? createHash("sha1").update(`blob ${spec.size}\0`) : undefined;
  }

  update(bytes: Uint8Array): this {
    this.sha256?.update(bytes);
    this.sha1?.update(bytes);
    return this;
  }

  digests(): Digests {
    return { sha256: this.sha256?.digest("hex"), sha1: this.sha1?.digest("hex") };
  }
}

/** The digests of a file's first `spec.size` bytes. */
export async function hashFile(path: string, spec: HashSpec, signal?: AbortSignal): Promise<Digests> {
  const h = new Hashers(spec);
  try {
    await readInPieces(path, spec.size, (piece) => h.update(piece), signal);
  } catch (err) {
    throw localError(err, "read", path);
  }
  return h.digests();
}

/** Bytes a file is read by in {@link readInPieces}. */
const PIECE_BYTES = 2 * 1024 * 1024;

/**
 * Reads a file's first `max` bytes (fewer when it is shorter) into `take`, a piece at a time: the next
 * piece is read (on the runtime's thread pool) while `take` handles this one, into two buffers in turn, so
 * that hashing does not wait for the disk. `signal` is checked between pieces. A path that is not a regular file (a FIFO would block) is
 * refused with a {@link LocalFileError}, not read.
 */
export async function readInPieces(
  path: string,
  max: number,
  take: (piece: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  let reading: Promise<{ bytesRead: number }> | undefined;
  try {
    if (!(await handle.stat()).isFile())
      throw new LocalFileError(`Cannot read ${path}: it is not a regular file`, path);
    if (max <= 0) return;
    const length = Math.min(PIECE_BYTES, max);
    let current = new Uint8Array(length);
    let spare = new Uint8Array(length);
    reading = handle.read(current, 0, length, 0);
    for (let at = 0; reading; ) {
      const { bytesRead } = await reading;
      reading = undefined;
      if (bytesRead === 0) break;
      const piece = current;
      [current, spare] = [spare, current];
      at += bytesRead;
      if (at < max) reading = handle.read(current, 0, Math.min(length, max - at), at);
      take(piece.subarray(0, bytesRead));
      throwIfAborted(signal);
    }
  } finally {
    await reading?.catch(() => {}); // a read under way when the reading stopped
    await handle.close();
  }
}
