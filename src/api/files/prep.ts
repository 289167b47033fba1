/**
 * The preparation of an upload's small files on disk: each read whole (one byte past its listed size, so
 * that one that grew is seen, unless the open file's size already agrees with the listing), hashed
 * (the git-blob SHA-1, and the SHA-256 unless it can be taken from the body later), and written as base64
 * into the commit body laid out for it.
 *
 * The reads are synchronous, into one reused buffer: for folders of small files that is much cheaper than
 * a promise, a thread-pool read and a fresh buffer per file. From `prepLimits.helper` files on, a helper
 * thread takes blocks of files beside this one (a shared counter hands the blocks out, so both move
 * through the list in order) and writes into the same body: reading, hashing and encoding are all CPU
 * work, and the second core is otherwise idle while an upload prepares. Both threads run the same
 * {@link prepareFile}.
 *
 * When a body is written, it and each thread's read buffer are in one shared WebAssembly memory
 * ({@link PrepMemory}): the base64 encoder of ./base64.ts reads a file's bytes where they were read and
 * writes their base64 in place in the body.
 *
 * @module
 */
import * as fs from "node:fs";
import { base64Coders, base64Memory, base64Module, type Coder, MEMORY_START } from "./base64.ts";

/** A small file to prepare. */
export interface PrepFile {
  file: string;
  /** Its listed size. */
  size: number;
  /** Whether its git-blob SHA-1 is wanted. */
  sha1: boolean;
  /**
   * Whether its SHA-256 is wanted now. A file written into the body need not: the caller takes it from
   * the body later (`InlineBody.sha256Of`), while the commit is under way.
   */
  sha256: boolean;
  /** Where its base64 goes in the body (-1 for nowhere), before the body's line tail. */
  at: number;
  /** The start of its line, written (UTF-8) at `headAt` (it ends at `at`); none: nothing before `at`. */
  head: string | undefined;
  headAt: number;
}

/** What preparing a file found: its hashes and its stat, or why it could not be read. */
export type Prepared =
  | {
      ok: true;
      /** Bytes read: its listed size, unless it changed. */
      bytes: number;
      sha256: string | undefined;
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

/** The scratch buffer's bytes beyond the largest file: {@link prepareFile}'s room (32), and one past the size. */
const SCRATCH_EXTRA = 33;

/**
 * The memory of a preparation that writes a commit body: the body, and a read buffer per thread (for
 * files up to `largest` bytes), in one shared memory that the base64 encoder works in.
 */
export class PrepMemory {
  private constructor(
    readonly memory: WebAssembly.Memory,
    /** The body, laid out by the caller. */
    readonly body: Buffer,
    /** Where each thread's read buffer starts, and their length. */
    readonly scratchAt: readonly [number, number],
    readonly scratchLength: number,
  ) {}

  /** Memory for a body of `bodyLength` bytes and files of up to `largest` bytes. */
  static create(bodyLength: number, largest: number): PrepMemory {
    const scratchLength = largest + SCRATCH_EXTRA;
    const bodyAt = MEMORY_START + 2 * scratchLength;
    const memory = base64Memory(bodyAt - MEMORY_START + bodyLength);
    return new PrepMemory(
      memory,
      Buffer.from(memory.buffer, bodyAt, bodyLength),
      [MEMORY_START, MEMORY_START + scratchLength],
      scratchLength,
    );
  }

  /** Thread `thread`'s read buffer. */
  scratch(thread: 0 | 1): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.scratchAt[thread], this.scratchLength);
  }
}

/** Where {@link prepareFile} writes a file's line: the body, the line's tail, and the encoder of its memory. */
interface LineOut {
  body: Uint8Array;
  tail: Uint8Array;
  encode: Coder;
}

/**
 * Reads, hashes and encodes one file (see the module notes). The body gets its base64 only when it read
 * exactly its listed size; `scratch` is then in the memory of `out.encode`. A path that is not a regular
 * file (a FIFO, which would block) is not read.
 * Self-contained: it uses nothing but its arguments, since the helper thread runs its source.
 */
export function prepareFile(io: Io, f: PrepFile, scratch: Uint8Array, out: LineOut | undefined): Prepared {
  let fd: number | undefined;
  try {
    fd = io.openSync(f.file, io.constants.O_RDONLY | (io.constants.O_NONBLOCK ?? 0));
    const st = io.fstatSync(fd);
    if (!st.isFile()) return { ok: false, notFile: true, message: "not a regular file", code: undefined };
    // The bytes go after room for the git-blob header, so that both hashes take one call each.
    const room = 32;
    const want = f.size + 1;
    let n = 0;
    while (n < want) {
      const got = io.readSync(fd, scratch, room + n, want - n, n);
      n += got;
      // The end of the file: nothing more, or (one call fewer) all of the size both the listing and the
      // open file report.
      if (got === 0 || (n === f.size && st.size === f.size)) break;
    }
    const data = scratch.subarray(room, room + n);
    const sha256 = f.sha256 ? Bun.SHA256.hash(data, "hex") : undefined;
    let gitSha1: string | undefined;
    if (f.sha1) {
      const header = `blob ${n}\0`;
      const start = room - header.length;
      for (let i = 0; i < header.length; i++) scratch[start + i] = header.charCodeAt(i);
      gitSha1 = Bun.SHA1.hash(scratch.subarray(start, room + n), "hex");
    }
    if (out && f.at >= 0 && n === f.size) {
      if (f.head !== undefined) new TextEncoder().encodeInto(f.head, out.body.subarray(f.headAt));
      const written = out.encode(data.byteOffset, n, out.body.byteOffset + f.at);
      out.body.set(out.tail, f.at + written);
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
const base64Coders = (${base64Coders.toString()});
self.onmessage = (event) => {
  const { job, wasm, tail, counter, block, largest } = event.data;
  const out = wasm
    ? { body: new Uint8Array(wasm.memory.buffer, wasm.bodyAt, wasm.bodyLength), tail, encode: base64Coders(wasm.memory, wasm.module).encode }
    : undefined;
  const next = new Int32Array(counter);
  const scratch = wasm
    ? new Uint8Array(wasm.memory.buffer, wasm.scratchAt, wasm.scratchLength)
    : new Uint8Array(largest + ${SCRATCH_EXTRA});
  const paths = job.paths.split("\0");
  const heads = job.heads.split("\0");
  for (;;) {
    const first = Atomics.add(next, 0, 1) * block;
    if (first >= paths.length) break;
    const results = [];
    for (let k = first; k < Math.min(first + block, paths.length); k++) {
      const head = heads[k] === "" ? undefined : heads[k];
      const wants = job.wants[k];
      const f = { file: paths[k], size: job.sizes[k], sha1: (wants & 1) === 1, sha256: (wants & 2) === 2, at: job.at[k], head, headAt: job.headAt[k] };
      results.push([k, prepareFile(io, f, scratch, out)]);
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
 * `out.memory.body` gets each file's line: its `head`, its base64 at its `at`, then `out.tail`; its read
 * buffers must hold the largest file. Stops early when `signal` aborts (`onPrepared` aborts it to stop on
 * a failure); the files left are then not prepared.
 */
export async function prepareFiles(
  files: PrepFile[],
  out: { memory: PrepMemory; tail: Uint8Array } | undefined,
  onPrepared: (index: number, result: Prepared) => boolean,
  signal: AbortSignal,
): Promise<void> {
  const largest = files.reduce((m, f) => Math.max(m, f.size), 0);
  if (out && out.memory.scratchLength < largest + SCRATCH_EXTRA) {
    throw new Error("prepareFiles: the memory's read buffers are smaller than the largest file");
  }
  const scratch = out ? out.memory.scratch(0) : new Uint8Array(largest + SCRATCH_EXTRA);
  const lineOut: LineOut | undefined = out && {
    body: out.memory.body,
    tail: out.tail,
    encode: base64Coders(out.memory.memory, base64Module()).encode,
  };
  const next = new Int32Array(new SharedArrayBuffer(4));
  const delivered = new Uint8Array(files.length);
  const deliver = (k: number, result: Prepared): boolean => {
    if (delivered[k] || signal.aborted) return false;
    delivered[k] = 1;
    return onPrepared(k, result);
  };
  const helper =
    files.length >= prepLimits.helper
      ? startHelper({ files, out, counter: next, largest }, deliver)
      : undefined;
  try {
    let turnAt = performance.now() + SLICE_MS;
    for (;;) {
      if (signal.aborted) return;
      const first = Atomics.add(next, 0, 1) * BLOCK;
      if (first >= files.length) break;
      for (let k = first; k < Math.min(first + BLOCK, files.length); k++) {
        const soon = deliver(k, prepareFile(fs, files[k] as PrepFile, scratch, lineOut));
        if (soon || performance.now() >= turnAt) {
          await new Promise((resolve) => setImmediate(resolve)); // answers, progress, the helper's results
          turnAt = performance.now() + SLICE_MS;
        }
      }
    }
    if (helper) await Promise.race([helper.done, aborted(signal)]);
    // Whatever the helper claimed and did not deliver (it failed), done here.
    for (let k = 0; k < files.length && !signal.aborted; k++) {
      if (!delivered[k]) deliver(k, prepareFile(fs, files[k] as PrepFile, scratch, lineOut));
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
    out: { memory: PrepMemory; tail: Uint8Array } | undefined;
    counter: Int32Array;
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
    const { files, out, counter, largest } = job;
    w.postMessage({
      job: packJob(files),
      wasm: out && {
        memory: out.memory.memory,
        module: base64Module(),
        bodyAt: out.memory.body.byteOffset,
        bodyLength: out.memory.body.byteLength,
        scratchAt: out.memory.scratchAt[1],
        scratchLength: out.memory.scratchLength,
      },
      tail: out?.tail,
      counter: counter.buffer,
      block: BLOCK,
      largest,
    });
    return { worker: w, done };
  } catch {
    worker?.terminate();
    return undefined; // no threads here
  }
}

/**
 * The files of a helper's job packed into a few strings and arrays: a message of 2,000 objects (with a
 * head each) took the helper 5 to 9 ms to receive, these take well under one.
 */
function packJob(files: PrepFile[]): {
  paths: string;
  heads: string;
  sizes: Float64Array;
  at: Float64Array;
  headAt: Float64Array;
  /** Per file: 1 its SHA-1 is wanted, 2 its SHA-256. */
  wants: Uint8Array;
} {
  const n = files.length;
  const sizes = new Float64Array(n);
  const at = new Float64Array(n);
  const headAt = new Float64Array(n);
  const wants = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const f = files[k] as PrepFile;
    sizes[k] = f.size;
    at[k] = f.at;
    headAt[k] = f.headAt;
    wants[k] = (f.sha1 ? 1 : 0) | (f.sha256 ? 2 : 0);
  }
  // Neither a path nor a JSON head holds a NUL.
  const heads = files.map((f) => f.head ?? "").join("\0");
  return { paths: files.map((f) => f.file).join("\0"), heads, sizes, at, headAt, wants };
}

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
