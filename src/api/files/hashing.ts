/**
 * The hashes a download is checked with (SHA-256 and/or the git-blob SHA-1). Small files are hashed in
 * memory. Larger ones are hashed from the file they are written to, while it is written: a worker thread
 * follows the file as it grows, so that hashing runs beside the receiving and writing (which the runtime
 * does natively) instead of after them, and what is checked is what landed on disk.
 *
 * @module
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { LocalFileError, localError } from "./errors.ts";
import { throwIfAborted } from "./util.ts";

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

/** The hashing of a file while it is being written, from its first byte. */
export interface FileHashing {
  /**
   * The writing is over: the digests of the file's first `size` bytes (all of them if it is shorter; the
   * size is checked elsewhere). The file must not be truncated before this settles.
   */
  finish(): Promise<Digests>;
  /** Stops (the file is dropped or starts over); `finish` may not be called after. */
  cancel(): void;
}

/**
 * `worker`: files from this size are hashed on the worker thread while they are written; smaller ones are
 * read back and hashed on the calling thread once written. Tests change it to take one road or the other.
 */
export const hashLimits = { worker: 4 * 1024 * 1024 };

/** Bytes the worker reads from a file at a time. */
const READ_BYTES = 4 * 1024 * 1024;

/** The hashers a spec asks for (the git-blob SHA-1 already fed its header). */
export function newHashers(spec: HashSpec): { sha256?: Bun.CryptoHasher; sha1?: Bun.CryptoHasher } {
  return {
    sha256: spec.sha256 ? new Bun.CryptoHasher("sha256") : undefined,
    sha1: spec.sha1 ? new Bun.CryptoHasher("sha1").update(`blob ${spec.size}\0`) : undefined,
  };
}

/** The digests of bytes held in memory (a small file, whole). */
export function hashBytes(spec: HashSpec, bytes: Uint8Array): Digests {
  // One-shot SHA-256 (no hasher object: thousands of small files are hashed this way); the git-blob SHA-1
  // needs its header first.
  return {
    sha256: spec.sha256 ? Bun.SHA256.hash(bytes, "hex") : undefined,
    sha1: spec.sha1
      ? new Bun.CryptoHasher("sha1").update(`blob ${spec.size}\0`).update(bytes).digest("hex")
      : undefined,
  };
}

/** The digests of a written file's first `spec.size` bytes, read on this thread. */
async function hashWritten(path: string, spec: HashSpec): Promise<Digests> {
  const h = newHashers(spec);
  try {
    await readInPieces(path, spec.size, (chunk) => {
      h.sha256?.update(chunk);
      h.sha1?.update(chunk);
    });
  } catch (err) {
    throw localError(err, "read", path);
  }
  return { sha256: h.sha256?.digest("hex"), sha1: h.sha1?.digest("hex") };
}

/** Bytes a file is read by in {@link readInPieces}. */
const PIECE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a file's first `max` bytes (fewer when it is shorter) into `take`, a piece at a time: the next
 * piece is read (on the runtime's thread pool) while `take` handles this one, into two buffers in turn.
 * Hashing 1 GiB this way takes ~0.65 s (SHA-256 alone ~0.63 s); ~0.8 s with the reads in between, ~0.9 s
 * streamed. `signal` is checked between pieces. A path that is not a regular file (a FIFO would block) is
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

// ------------------------------------------------------------------------------------------------
// The worker: one per process, started on first use, following any number of files by id. Each file is
// read up to the size it has reached (at most `spec.size` bytes); when it has caught up it looks again
// 2 ms later, until the writer says the file is complete. It yields between reads, so that the files it
// follows all move on.

/** The worker's code (a Blob URL works the same from source and in a compiled binary). */
const WORKER_SOURCE = `
const { openSync, readSync, fstatSync, closeSync } = require("node:fs");
const jobs = new Map();
const turn = () => new Promise((r) => setImmediate(r));
const pause = () => new Promise((r) => setTimeout(r, 2));
async function follow(job) {
  const { id, path, spec } = job;
  let fd;
  try {
    fd = openSync(path, "r");
    const sha256 = spec.sha256 ? new Bun.CryptoHasher("sha256") : undefined;
    const sha1 = spec.sha1 ? new Bun.CryptoHasher("sha1").update("blob " + spec.size + "\\0") : undefined;
    const buffer = new Uint8Array(Math.max(1, Math.min(${READ_BYTES}, spec.size)));
    let at = 0;
    for (;;) {
      if (job.dropped) return;
      const ended = job.ended; // read before the size: what was written before the end is all there
      const end = Math.min(spec.size, fstatSync(fd).size);
      if (at < end) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
        if (n > 0) {
          const chunk = buffer.subarray(0, n);
          sha256?.update(chunk);
          sha1?.update(chunk);
          at += n;
        }
        await turn();
      } else if (ended) break;
      else await pause();
    }
    postMessage({ id, sha256: sha256?.digest("hex"), sha1: sha1?.digest("hex") });
  } catch (err) {
    if (!job.dropped) postMessage({ id, error: String(err && err.message), code: err && err.code });
  } finally {
    jobs.delete(id);
    if (fd !== undefined) closeSync(fd);
  }
}
self.onmessage = (event) => {
  const m = event.data;
  if (m.op === "follow") {
    const job = { id: m.id, path: m.path, spec: m.spec, ended: false, dropped: false };
    jobs.set(m.id, job);
    follow(job);
  } else {
    const job = jobs.get(m.id);
    if (job && m.op === "end") job.ended = true;
    else if (job && m.op === "drop") job.dropped = true;
  }
};
`;

/** Bun's Worker can be let go of (`unref`) so that it does not keep the process alive. */
type RefWorker = Worker & { ref(): void; unref(): void };

/** What the worker answers for a file: its digests, or the error that stopped it. */
type Answer = Digests & { id: number; error?: string; code?: string };

interface HashWorker {
  worker: RefWorker;
  /** The files followed, by id: where their answer goes. */
  waiting: Map<number, (answer: Answer) => void>;
  /** Files whose digests are awaited: the thread keeps the process alive only while there are some. */
  finishing: number;
}

let shared: HashWorker | undefined;
let unavailable = false;
let nextId = 0;

/** The process's hashing worker, or undefined where workers cannot start. */
function hashWorker(): HashWorker | undefined {
  if (shared || unavailable) return shared;
  try {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "application/javascript" }));
    const worker = new Worker(url) as RefWorker;
    const state: HashWorker = { worker, waiting: new Map(), finishing: 0 };
    worker.onmessage = (event: MessageEvent<Answer>) => {
      const resolve = state.waiting.get(event.data.id);
      state.waiting.delete(event.data.id);
      resolve?.(event.data);
    };
    worker.unref();
    shared = state;
  } catch {
    unavailable = true;
  }
  return shared;
}

/** A file followed by the worker thread. */
class FollowedFile implements FileHashing {
  private readonly id = nextId++;
  private answer: Promise<Answer>;
  private done = false;

  constructor(
    private readonly w: HashWorker,
    private readonly path: string,
    spec: HashSpec,
  ) {
    // The answer may come early (the file cannot be opened): it is kept until finish() asks for it.
    this.answer = new Promise<Answer>((resolve) => w.waiting.set(this.id, resolve));
    w.worker.postMessage({ op: "follow", id: this.id, path, spec });
  }

  async finish(): Promise<Digests> {
    if (this.done) throw new Error("This file hashing is already finished");
    this.done = true;
    const w = this.w;
    if (w.finishing++ === 0) w.worker.ref(); // the answer must arrive before the process may end
    w.worker.postMessage({ op: "end", id: this.id });
    let answer: Answer;
    try {
      answer = await this.answer;
    } finally {
      if (--w.finishing === 0) w.worker.unref();
    }
    if (answer.error !== undefined) {
      throw localError(Object.assign(new Error(answer.error), { code: answer.code }), "read", this.path);
    }
    return { sha256: answer.sha256, sha1: answer.sha1 };
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.w.waiting.delete(this.id);
    this.w.worker.postMessage({ op: "drop", id: this.id });
  }
}

/**
 * Starts hashing the file at `path` (which must exist) as it is written: on the worker thread from
 * `hashLimits.worker` bytes, else read back on this thread by `finish`.
 */
export function hashAsWritten(path: string, spec: HashSpec): FileHashing {
  if (spec.size >= hashLimits.worker && (spec.sha256 || spec.sha1)) {
    const w = hashWorker();
    if (w) return new FollowedFile(w, path, spec);
  }
  return { finish: () => hashWritten(path, spec), cancel: () => {} };
}
