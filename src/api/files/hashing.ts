/**
 * The hashes a download is checked with (SHA-256 and/or the git-blob SHA-1), computed on the JavaScript
 * thread for small files and on a worker thread for large ones, so that hashing runs beside the receiving
 * and writing instead of after them.
 *
 * @module
 */

/** Which hashes a download needs, and the size the git-blob header names. */
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

/** The hashes of one download. */
export interface DownloadHasher {
  /**
   * Adds bytes. With `owned`, the caller will not touch `chunk` again, so its buffer may be handed to
   * another thread (its length becomes 0).
   */
  update(chunk: Uint8Array, owned?: boolean): void;
  /** Starts over (the download restarts from byte 0). */
  reset(): void;
  /** The digests; the hasher is done. */
  digests(): Promise<Digests>;
  /** Lets go of a hasher whose digests will not be taken (the download failed). */
  close(): void;
}

/**
 * `worker`: files from this size are hashed on the worker thread (below it, handing bytes over costs more
 * than it saves). Tests lower it.
 */
export const hashLimits = { worker: 16 * 1024 * 1024 };

/** Bytes handed to the worker in one message (fewer, larger messages cost less). */
const BATCH_BYTES = 1024 * 1024;

function newHashers(spec: HashSpec): { sha256?: Bun.CryptoHasher; sha1?: Bun.CryptoHasher } {
  return {
    sha256: spec.sha256 ? new Bun.CryptoHasher("sha256") : undefined,
    sha1: spec.sha1 ? new Bun.CryptoHasher("sha1").update(`blob ${spec.size}\0`) : undefined,
  };
}

/** Hashing on the calling thread. */
class LocalHasher implements DownloadHasher {
  private h: { sha256?: Bun.CryptoHasher; sha1?: Bun.CryptoHasher };
  constructor(private readonly spec: HashSpec) {
    this.h = newHashers(spec);
  }
  update(chunk: Uint8Array): void {
    this.h.sha256?.update(chunk);
    this.h.sha1?.update(chunk);
  }
  reset(): void {
    this.h = newHashers(this.spec);
  }
  async digests(): Promise<Digests> {
    return { sha256: this.h.sha256?.digest("hex"), sha1: this.h.sha1?.digest("hex") };
  }
  close(): void {}
}

// ------------------------------------------------------------------------------------------------
// The worker: one per process, started on first use, hashing any number of downloads by id.

/** The worker's code (a Blob URL works the same from source and in a compiled binary). */
const WORKER_SOURCE = `
const streams = new Map();
const hashers = (spec) => ({
  sha256: spec.sha256 ? new Bun.CryptoHasher("sha256") : undefined,
  sha1: spec.sha1 ? new Bun.CryptoHasher("sha1").update("blob " + spec.size + "\\0") : undefined,
});
self.onmessage = (event) => {
  const m = event.data;
  if (m.op === "start") streams.set(m.id, hashers(m.spec));
  else if (m.op === "data") {
    const h = streams.get(m.id);
    for (const chunk of m.chunks) {
      h.sha256?.update(chunk);
      h.sha1?.update(chunk);
    }
  } else if (m.op === "digest") {
    const h = streams.get(m.id);
    streams.delete(m.id);
    postMessage({ id: m.id, sha256: h.sha256?.digest("hex"), sha1: h.sha1?.digest("hex") });
  } else if (m.op === "drop") streams.delete(m.id);
};
`;

/** Bun's Worker can be let go of (`unref`) so that it does not keep the process alive. */
type RefWorker = Worker & { ref(): void; unref(): void };

interface HashWorker {
  worker: RefWorker;
  /** Digests asked for and not answered yet: the thread keeps the process alive only while there are some. */
  waiting: Map<number, (d: Digests) => void>;
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
    const state: HashWorker = { worker, waiting: new Map() };
    worker.onmessage = (event: MessageEvent<Digests & { id: number }>) => {
      const resolve = state.waiting.get(event.data.id);
      state.waiting.delete(event.data.id);
      resolve?.({ sha256: event.data.sha256, sha1: event.data.sha1 });
    };
    worker.unref();
    shared = state;
  } catch {
    unavailable = true;
  }
  return shared;
}

/** Hashing on the worker thread: chunks are handed over in batches (moved, not copied, when owned). */
class WorkerHasher implements DownloadHasher {
  private id = nextId++;
  private batch: Uint8Array[] = [];
  private transfer: ArrayBuffer[] = [];
  private batched = 0;
  private finished = false;

  constructor(
    private readonly w: HashWorker,
    private readonly spec: HashSpec,
  ) {
    this.start();
  }

  private start(): void {
    this.w.worker.postMessage({ op: "start", id: this.id, spec: this.spec });
  }

  update(chunk: Uint8Array, owned = false): void {
    if (chunk.byteLength === 0) return;
    const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const mine = owned && whole && chunk.buffer instanceof ArrayBuffer ? chunk : chunk.slice();
    this.batch.push(mine);
    this.transfer.push(mine.buffer as ArrayBuffer);
    this.batched += mine.byteLength;
    if (this.batched >= BATCH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.w.worker.postMessage({ op: "data", id: this.id, chunks: this.batch }, this.transfer);
    this.batch = [];
    this.transfer = [];
    this.batched = 0;
  }

  reset(): void {
    this.batch = [];
    this.transfer = [];
    this.batched = 0;
    this.w.worker.postMessage({ op: "drop", id: this.id });
    this.id = nextId++;
    this.start();
  }

  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.batch = [];
    this.transfer = [];
    this.w.worker.postMessage({ op: "drop", id: this.id });
  }

  digests(): Promise<Digests> {
    if (this.finished) throw new Error("digests() was already taken");
    this.finished = true;
    this.flush();
    const w = this.w;
    w.worker.ref(); // the answer must arrive before the process may end
    return new Promise<Digests>((resolve) => {
      w.waiting.set(this.id, (d) => {
        if (w.waiting.size === 0) w.worker.unref();
        resolve(d);
      });
      w.worker.postMessage({ op: "digest", id: this.id });
    });
  }
}

/** The hasher of a download of `spec.size` bytes: on the worker thread from `hashLimits.worker` bytes. */
export function downloadHasher(spec: HashSpec): DownloadHasher {
  if (spec.size >= hashLimits.worker && (spec.sha256 || spec.sha1)) {
    const w = hashWorker();
    if (w) return new WorkerHasher(w, spec);
  }
  return new LocalHasher(spec);
}
