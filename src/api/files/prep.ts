/**
 * The preparation of an upload's small files on disk: each read whole (one byte past its listed size, so
 * that one that grew is seen), hashed (SHA-256, and the git-blob SHA-1), and written as base64 into the
 * commit body laid out for it.
 *
 * The reads are synchronous, into one reused buffer: for folders of small files that is much cheaper than
 * a promise, a thread-pool read and a fresh buffer per file. From `prepLimits.helper` files on, a helper
 * thread takes blocks of files beside this one (a shared counter hands the blocks out, so both move
 * through the list in order) and writes into the same body, which is then shared memory: reading, hashing
 * and encoding are all CPU work, and the second core is otherwise idle while an upload prepares. Both
 * threads run the same {@link prepareFile}.
 *
 * @module
 */
import * as fs from "node:fs";
import { base64Encode, base64Pairs } from "./util.ts";

/** A small file to prepare. */
export interface PrepFile {
  file: string;
  /** Its listed size (at most {@link prepareFiles}' scratch buffer, less one). */
  size: number;
  /** Whether its git-blob SHA-1 is wanted. */
  sha1: boolean;
  /** Where its base64 goes in the body (-1 for nowhere), after `head`, before the body's line tail. */
  at: number;
  head: Uint8Array | undefined;
}

/** What preparing a file found: its hashes and its stat, or why it could not be read. */
export type Prepared =
  | {
      ok: true;
      /** Bytes read: its listed size, unless it changed. */
      bytes: number;
      sha256: string;
      gitSha1: string | undefined;
      /** The file as it was opened (see `FileStamp` in ./lfs.ts). */
      stamp: { ino: number; size: number; mtimeMs: number; ctimeMs: number };
    }
  | { ok: false; notFile: boolean; message: string; code: string | undefined };

/** The file-system calls {@link prepareFile} makes (node:fs, on either thread). */
type Io = Pick<typeof fs, "openSync" | "fstatSync" | "readSync" | "closeSync" | "constants">;

/** Files handed out at a time. */
const BLOCK = 32;
/**
 * `helper`: from this many files on, a helper thread prepares files too (tests change it to take one road
 * or the other).
 */
export const prepLimits = { helper: 256 };
/**
 * The synchronous work gives the event loop a turn at least this often (ms): the helper's results, and so
 * the preupload of a chunk of files, wait for it.
 */
const SLICE_MS = 2;

/**
 * Reads, hashes and encodes one file (see the module notes). The body gets its base64 only when it read
 * exactly its listed size. A path that is not a regular file (a FIFO, which would block) is not read.
 * Self-contained: it uses nothing but its arguments, since the helper thread runs its source.
 */
export function prepareFile(
  io: Io,
  f: PrepFile,
  scratch: Uint8Array,
  out: { body: Uint8Array; tail: Uint8Array } | undefined,
  encode: typeof base64Encode,
  table: Uint16Array,
): Prepared {
  let fd: number | undefined;
  try {
    fd = io.openSync(f.file, io.constants.O_RDONLY | (io.constants.O_NONBLOCK ?? 0));
    const st = io.fstatSync(fd);
    if (!st.isFile()) return { ok: false, notFile: true, message: "not a regular file", code: undefined };
    const want = f.size + 1;
    let n = 0;
    while (n < want) {
      const got = io.readSync(fd, scratch, n, want - n, n);
      if (got === 0) break;
      n += got;
    }
    const data = scratch.subarray(0, n);
    const sha256 = new Bun.CryptoHasher("sha256").update(data).digest("hex");
    const gitSha1 = f.sha1
      ? new Bun.CryptoHasher("sha1").update(`blob ${n}\0`).update(data).digest("hex")
      : undefined;
    if (out && f.at >= 0 && n === f.size) {
      if (f.head) out.body.set(f.head, f.at - f.head.byteLength);
      out.body.set(out.tail, f.at + encode(data, out.body, f.at, table));
    }
    return {
      ok: true,
      bytes: n,
      sha256,
      gitSha1,
      stamp: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs },
    };
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    return {
      ok: false,
      notFile: false,
      message: String(e?.message),
      code: typeof e?.code === "string" ? e.code : undefined,
    };
  } finally {
    if (fd !== undefined) io.closeSync(fd);
  }
}

/** The helper thread's code: blocks of files from the shared counter, their results posted per block. */
const HELPER_SOURCE = `
const io = require("node:fs");
const prepareFile = (${prepareFile.toString()});
const encode = (${base64Encode.toString()});
self.onmessage = (event) => {
  const { files, body, counter, block, table, largest } = event.data;
  const out = body ? { body: new Uint8Array(body.buffer, body.offset, body.length), tail: body.tail } : undefined;
  const next = new Int32Array(counter);
  const scratch = new Uint8Array(largest + 1);
  for (;;) {
    const first = Atomics.add(next, 0, 1) * block;
    if (first >= files.length) break;
    const results = [];
    for (let k = first; k < Math.min(first + block, files.length); k++) {
      results.push([k, prepareFile(io, files[k], scratch, out, encode, table)]);
    }
    postMessage(results);
  }
  postMessage(null);
};
`;

let helperUrl: string | undefined;

/** Bun's Worker can be let go of (`unref`): a thread started ahead does not keep the process alive. */
type RefWorker = Worker & { ref(): void; unref(): void };

/** A helper thread started ahead of its work ({@link warmHelper}), not taken yet. */
let spare: RefWorker | undefined;

function newHelper(): RefWorker {
  helperUrl ??= URL.createObjectURL(new Blob([HELPER_SOURCE], { type: "application/javascript" }));
  return new Worker(helperUrl) as RefWorker;
}

/**
 * Starts the helper thread ahead of the work it will be given, so that its start overlaps the work before
 * (listing, layout). Best effort; it does not keep the process alive until {@link prepareFiles} takes it.
 */
export function warmHelper(): void {
  if (spare) return;
  try {
    spare = newHelper();
    spare.unref();
  } catch {
    spare = undefined;
  }
}

/**
 * Prepares `files` (see the module notes), calling `onPrepared` with each one's index and result, on this
 * thread, in no set order; when it answers true (a request to send), the event loop gets a turn at once.
 * `out.body` (shared memory when the helper is to write into it too) gets each file's line: its `head`, its
 * base64 at its `at`, then `out.tail`. Stops early when `signal` aborts (`onPrepared` aborts it to stop on
 * a failure); the files left are then not prepared.
 */
export async function prepareFiles(
  files: PrepFile[],
  out: { body: Uint8Array; tail: Uint8Array } | undefined,
  onPrepared: (index: number, result: Prepared) => boolean,
  signal: AbortSignal,
): Promise<void> {
  const largest = files.reduce((m, f) => Math.max(m, f.size), 0);
  const scratch = new Uint8Array(largest + 1);
  const table = base64Pairs();
  const next = new Int32Array(new SharedArrayBuffer(4));
  const delivered = new Uint8Array(files.length);
  const deliver = (k: number, result: Prepared): boolean => {
    if (delivered[k] || signal.aborted) return false;
    delivered[k] = 1;
    return onPrepared(k, result);
  };
  const helper =
    files.length >= prepLimits.helper && (!out || out.body.buffer instanceof SharedArrayBuffer)
      ? startHelper({ files, out, counter: next, table, largest }, deliver)
      : undefined;
  try {
    let turnAt = performance.now() + SLICE_MS;
    for (;;) {
      if (signal.aborted) return;
      const first = Atomics.add(next, 0, 1) * BLOCK;
      if (first >= files.length) break;
      for (let k = first; k < Math.min(first + BLOCK, files.length); k++) {
        const soon = deliver(k, prepareFile(fs, files[k] as PrepFile, scratch, out, base64Encode, table));
        if (soon || performance.now() >= turnAt) {
          await new Promise((resolve) => setImmediate(resolve)); // answers, progress, the helper's results
          turnAt = performance.now() + SLICE_MS;
        }
      }
    }
    if (helper) await Promise.race([helper.done, aborted(signal)]);
    // Whatever the helper claimed and did not deliver (it failed), done here.
    for (let k = 0; k < files.length && !signal.aborted; k++) {
      if (!delivered[k]) deliver(k, prepareFile(fs, files[k] as PrepFile, scratch, out, base64Encode, table));
    }
  } finally {
    helper?.worker.terminate();
  }
}

/**
 * Starts the helper thread on `job`; its results go to `deliver`, and `done` resolves when it has no more
 * (or failed). Undefined where threads cannot start. The worker keeps the process alive (it is waited
 * for): the caller ends it.
 */
function startHelper(
  job: {
    files: PrepFile[];
    out: { body: Uint8Array; tail: Uint8Array } | undefined;
    counter: Int32Array;
    table: Uint16Array;
    largest: number;
  },
  deliver: (k: number, result: Prepared) => void,
): { worker: Worker; done: Promise<void> } | undefined {
  let worker: Worker | undefined;
  try {
    const w = spare ?? newHelper();
    spare = undefined;
    w.ref(); // waited for from now on
    worker = w;
    const done = new Promise<void>((resolve) => {
      w.onmessage = (event: MessageEvent<Array<[number, Prepared]> | null>) => {
        if (event.data === null) resolve();
        else for (const [k, result] of event.data) deliver(k, result);
      };
      w.onerror = () => resolve(); // what it did not deliver, the caller does
    });
    const { files, out, counter, table, largest } = job;
    w.postMessage({
      files,
      body: out
        ? {
            buffer: out.body.buffer,
            offset: out.body.byteOffset,
            length: out.body.byteLength,
            tail: out.tail,
          }
        : undefined,
      counter: counter.buffer,
      block: BLOCK,
      table,
      largest,
    });
    return { worker: w, done };
  } catch {
    worker?.terminate();
    return undefined; // no threads here
  }
}

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
