/**
 * High-level file transfers on top of the protocol of {@link TransferApi}: upload a file or a folder in one
 * commit (small files inline, large ones through the LFS batch API, multipart when the server asks, with
 * dedup and resumable multipart uploads), delete files, and download a file or a whole revision into a
 * folder or the Hugging Face cache (resumable with Range requests, verified before it lands).
 *
 * Memory stays bounded whatever the file size: files are hashed while they are read (once each), storage
 * PUTs stream from disk with a `Content-Length`, downloads stream to disk, and the NDJSON commit body is
 * generated one file at a time.
 *
 * **Upload resume.** Neither KohakuHub nor the storage lets a client list the parts of a multipart upload
 * it already sent, and every LFS batch call opens a new upload. So each multipart upload keeps a local
 * record, `<resumeDir>/<endpoint-hash>-<oid>.json`, holding the batch answer (upload id, part URLs, the
 * completion and verify URLs, their expiry) and the ETag of every finished part; it is rewritten after each
 * part and removed once the object is verified. A later upload of the same bytes (same SHA-256) to the same
 * endpoint reuses that upload and sends only the missing parts, as long as the URLs are valid for at least
 * one more hour; if the storage no longer knows the upload, it starts over with the fresh batch answer.
 * `resumeDir` defaults to `$KOHUB_CACHE_DIR/uploads`, else `$XDG_CACHE_HOME/kohub/uploads`, else
 * `~/.cache/kohub/uploads`.
 *
 * **Download resume.** Bytes go to an `.incomplete` file (in the cache: `blobs/<etag>.incomplete`; in a
 * local dir: `.cache/huggingface/download/<id>.<etag>.incomplete`, as `huggingface_hub` names it). A later
 * run, or a retry after a dropped connection, continues from its size with a `Range` request. The file is
 * renamed into place only when its size and hash match what the server announced.
 *
 * @module
 */
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { KohubClientOptions } from "./base.ts";
import type { RepoTarget } from "./content.ts";
import {
  InputError,
  KohubError,
  NetworkError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from "./errors.ts";
import type { TreeEntry } from "./schemas/content.ts";
import { type CommitResult, commitResponse, type LfsBatchObject } from "./schemas/transfer.ts";
import { lfsUploadPlan, TransferApi } from "./transfer.ts";
import { checkRefName, type RepoType, toRepoType } from "./validate.ts";

// ------------------------------------------------------------------------------------------------
// Public types

/** What a transfer is doing when it reports progress. */
export type TransferPhase = "hashing" | "uploading" | "downloading" | "committing";

/** The file a {@link TransferProgress} event is about. */
export interface FileProgress {
  /** Path in the repo. */
  path: string;
  /** Bytes of this file done in this phase (bytes found already present included). */
  bytes: number;
  /** Size of the file. */
  totalBytes: number;
  /** True on the file's last event of the phase. */
  done: boolean;
  /** True when nothing was transferred for it (already on disk, already stored on the server). */
  skipped?: boolean;
}

/**
 * A progress event. Every phase starts with an event without `file` (the totals), then sends one event per
 * chunk and one per finished file. `bytes` only goes back when a failed attempt is retried (its bytes are
 * taken back). A rate is the growth of `bytes - skippedBytes` over time; an ETA is
 * `(totalBytes - bytes) / rate`. Phases: `hashing` (reading local files), `uploading` (LFS objects to the
 * storage; objects the server has count as skipped), `committing` (the inline files streamed in the commit
 * body), `downloading`.
 */
export interface TransferProgress {
  phase: TransferPhase;
  /** The file this event is about; absent on the phase's first event. */
  file?: FileProgress;
  /** Bytes done in this phase, all files together. */
  bytes: number;
  /** Bytes this phase handles in total. */
  totalBytes: number;
  /** Of `bytes`, those not transferred by this run (resumed from disk, already stored, already cached). */
  skippedBytes: number;
  /** Files finished in this phase. */
  filesDone: number;
  /** Files this phase handles. */
  filesTotal: number;
}

/** The progress callback of uploads and downloads. Keep it cheap: it is called once per chunk. */
export type ProgressCallback = (event: TransferProgress) => void;

/** Glob patterns (`Bun.Glob` syntax), one string or a list. See {@link FilesApi.uploadFolder} for the matching rules. */
export type Patterns = string | string[];

/** One file of an {@link UploadResult}. */
export interface UploadedFile {
  /** Path in the repo. */
  path: string;
  size: number;
  /** Whether the file went through LFS (the server's preupload answer). */
  lfs: boolean;
  sha256: string;
  /**
   * `sent`: its bytes were transferred (inline in the commit, or to the LFS storage); `linked`: an LFS
   * object the server already had, committed without sending it; `unchanged`: the server already has these
   * bytes at this path, so it was left out of the commit.
   */
  status: "sent" | "linked" | "unchanged";
}

/** What an upload did. */
export interface UploadResult {
  /** The new commit id, or the branch head when the server found nothing changed; undefined when no commit was sent. */
  commitOid: string | undefined;
  /** The server's (relative) commit URL, when a commit was sent. */
  commitUrl: string | undefined;
  /** False when there was nothing to commit (every file unchanged and nothing to delete). */
  committed: boolean;
  files: UploadedFile[];
  /** Remote paths deleted by the commit (`deletePatterns`). */
  deleted: string[];
  /** Bytes transferred: LFS objects and inline file contents. */
  bytesSent: number;
}

/** Parameters shared by the upload methods. */
export interface UploadOptions extends RepoTarget {
  /** Target branch (default `main`). */
  revision?: string;
  commitMessage?: string;
  commitDescription?: string;
  /** Parallel hashing and transfers (default 8). */
  maxWorkers?: number;
  onProgress?: ProgressCallback;
  /** Stops the upload; finished multipart parts stay recorded for the next attempt. */
  signal?: AbortSignal;
  /** Where multipart resume records live (see the module notes); `false` keeps none. */
  resumeDir?: string | false;
}

/** Where a download goes: a plain folder (`localDir`) or the Hugging Face cache (the default). */
export interface DownloadTarget {
  /** Write files under this folder, at their repo paths (with `huggingface_hub`'s `.cache/huggingface` metadata). */
  localDir?: string;
  /** The Hugging Face hub cache to use instead of `$HF_HUB_CACHE`, `$HF_HOME/hub` or `~/.cache/huggingface/hub`. */
  cacheDir?: string;
}

/** Parameters shared by the download methods. */
export interface DownloadOptions extends RepoTarget, DownloadTarget {
  /** Branch, tag or commit id (default `main`). */
  revision?: string;
  /** Download again even when an up-to-date copy is present. */
  force?: boolean;
  onProgress?: ProgressCallback;
  /** Stops the download; the `.incomplete` file stays for the next attempt. */
  signal?: AbortSignal;
}

// ------------------------------------------------------------------------------------------------
// Errors

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

/** Turns a file-system error into a {@link LocalFileError} (other errors pass through). */
function localError(err: unknown, action: string, path: string): unknown {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string" || err instanceof KohubError) return err;
  const [ourCode, reason] = ERRNO[code] ?? ["LocalFileError", (err as Error).message];
  return new LocalFileError(`Cannot ${action} ${path}: ${reason}`, path, { code: ourCode, cause: err });
}

async function local<T>(action: string, path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw localError(err, action, path);
  }
}

// ------------------------------------------------------------------------------------------------
// Paths and patterns

/**
 * Checks a repo path that will become a local path: relative, no `..`, `.` or empty segment, no drive or
 * UNC form, no NUL. Throws an {@link InputError} with code `UnsafePath` otherwise.
 */
export function checkSafePath(path: string, what = "path"): string {
  const bad = (why: string) =>
    new InputError(`Refusing ${what} ${JSON.stringify(path)}: ${why}`, { code: "UnsafePath" });
  if (typeof path !== "string" || path.length === 0) throw bad("it is empty");
  if (path.includes("\0")) throw bad("it contains a NUL byte");
  if (path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path))
    throw bad("it is an absolute path");
  for (const part of path.split(/[/\\]/)) {
    if (part === "..") throw bad("it escapes the target directory ('..')");
    if (part === "" || part === ".") throw bad("it has an empty or '.' segment");
    if (/^[A-Za-z]:/.test(part)) throw bad("it has a drive-letter segment");
  }
  return path;
}

/** `a/b` joined under a folder, checked to stay inside it. */
function safeJoin(base: string, repoPath: string): string {
  checkSafePath(repoPath);
  const root = resolve(base);
  const out = resolve(root, ...repoPath.split("/"));
  if (!out.startsWith(root + sep)) {
    throw new InputError(`Refusing path ${JSON.stringify(repoPath)}: it escapes ${root}`, {
      code: "UnsafePath",
    });
  }
  return out;
}

/** Strips `./` and surrounding slashes of a folder inside the repo; `""` is the root. */
function normalizeRepoFolder(path: string | undefined): string {
  const p = (path ?? "").replace(/^\.\/+/, "").replace(/^\/+|\/+$/g, "");
  if (p === "" || p === ".") return "";
  checkSafePath(p, "pathInRepo");
  return p;
}

interface CompiledPattern {
  glob: Bun.Glob;
  /** No `/` in the pattern: it also matches a file or folder name at any depth. */
  anyDepth: boolean;
}

function compilePatterns(patterns: Patterns | undefined): CompiledPattern[] | undefined {
  if (patterns === undefined) return undefined;
  const list = (typeof patterns === "string" ? [patterns] : patterns).filter((p) => p.length > 0);
  return list.map((p) => {
    let q = p.replace(/^\.\//, "").replace(/^\/+/, "");
    if (q.endsWith("/")) q += "**";
    return { glob: new Bun.Glob(q), anyDepth: !q.includes("/") };
  });
}

/**
 * Whether a repo-relative path matches one of the patterns: the whole path, or (for a pattern without `/`)
 * its file name, or one of its parent folders (so `logs` and `logs/` both match `logs/a/b.txt`).
 */
function matchesAny(path: string, patterns: CompiledPattern[]): boolean {
  const parts = path.split("/");
  for (const { glob, anyDepth } of patterns) {
    for (let i = parts.length; i >= 1; i--) {
      if (glob.match(parts.slice(0, i).join("/"))) return true;
      if (anyDepth && glob.match(parts[i - 1] as string)) return true;
    }
  }
  return false;
}

function selected(
  path: string,
  include: CompiledPattern[] | undefined,
  exclude: CompiledPattern[] | undefined,
): boolean {
  if (include && !matchesAny(path, include)) return false;
  return !(exclude && matchesAny(path, exclude));
}

/** What `huggingface_hub.upload_folder` never uploads. */
const ALWAYS_IGNORED = compilePatterns([".git/", ".cache/huggingface/"]) as CompiledPattern[];

// ------------------------------------------------------------------------------------------------
// Cache locations

type Env = Record<string, string | undefined>;

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * The Hugging Face hub cache, resolved as `huggingface_hub` does: `$HF_HUB_CACHE`, else
 * `$HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
 * `~/.cache/huggingface/hub`.
 *
 * @example
 * ```ts
 * import { hfHubCacheDir } from "kohub-cli";
 * console.log(hfHubCacheDir()); // e.g. /home/alice/.cache/huggingface/hub
 * ```
 */
export function hfHubCacheDir(env: Env = process.env): string {
  if (env.HF_HUB_CACHE) return expandHome(env.HF_HUB_CACHE);
  if (env.HUGGINGFACE_HUB_CACHE) return expandHome(env.HUGGINGFACE_HUB_CACHE);
  const hfHome = env.HF_HOME
    ? expandHome(env.HF_HOME)
    : join(env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : join(homedir(), ".cache"), "huggingface");
  return join(hfHome, "hub");
}

/**
 * The default folder of multipart resume records: `$KOHUB_CACHE_DIR/uploads`, else
 * `$XDG_CACHE_HOME/kohub/uploads`, else `~/.cache/kohub/uploads`.
 *
 * @example
 * ```ts
 * import { uploadResumeDir } from "kohub-cli";
 * console.log(uploadResumeDir()); // e.g. /home/alice/.cache/kohub/uploads
 * ```
 */
export function uploadResumeDir(env: Env = process.env): string {
  if (env.KOHUB_CACHE_DIR) return join(expandHome(env.KOHUB_CACHE_DIR), "uploads");
  const base = env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : join(homedir(), ".cache");
  return join(base, "kohub", "uploads");
}

/** `models--ns--name` (the folder name `huggingface_hub` gives a repo in its cache). */
export function repoFolderName(repoId: string, type: RepoType = "model"): string {
  return [`${type}s`, ...repoId.split("/")].join("--");
}

// ------------------------------------------------------------------------------------------------
// Small utilities

const HEX64 = /^[0-9a-f]{64}$/;
const HEX40 = /^[0-9a-f]{40}$/;
const COMMIT_ID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
/** Files up to this size are read into memory in one go to be hashed; larger ones are streamed. */
const SMALL_READ = 4 * 1024 * 1024;
/** The git-blob SHA-1 (regular-file dedup) is computed for files up to this size. */
const GIT_SHA1_MAX = 64 * 1024 * 1024;
/** KohakuHub's default LFS rules, used to guess which hash preupload should compare. */
const DEFAULT_LFS_THRESHOLD = 5_000_000;
const DEFAULT_LFS_SUFFIXES =
  ".safetensors .bin .pt .pth .ckpt .onnx .pb .h5 .tflite .gguf .ggml .msgpack .zip .tar .gz .bz2 .xz .7z .rar .npy .npz .arrow .parquet .mp4 .avi .mkv .mov .wav .mp3 .flac .tiff .tif".split(
    " ",
  );
const DEFAULT_WORKERS = 8;
/** Bytes read from disk per step of a streamed storage PUT (what is in flight per transfer). */
const UPLOAD_CHUNK = 256 * 1024;
const TRANSFER_ATTEMPTS = 5;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 10_000;
/** A download that receives nothing for this long is cut and resumed. */
const IDLE_TIMEOUT_MS = 60_000;
/** Objects per LFS batch request. */
const LFS_BATCH_CHUNK = 256;
/** A recorded multipart upload is reused only when its URLs stay valid at least this long. */
const RESUME_MARGIN_MS = 3_600_000;

const CACHEDIR_TAG =
  "Signature: 8a477f597d28d172789f06886806bc55\n" +
  "# This file is a cache directory tag created by huggingface_hub.\n" +
  "# For information about cache directory tags, see:\n" +
  "#\thttps://bford.info/cachedir/\n";

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res, rej) => {
    if (signal?.aborted) return rej(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      res();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      rej(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function backoff(attempt: number, base: number, max: number): number {
  return Math.min(base * 2 ** (attempt - 1) + Math.random() * base, max);
}

/** Network failures, 5xx, 408 and 429 are worth another try for idempotent storage requests. */
function retryable(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof ServerError || err instanceof RateLimitError) return true;
  if (err instanceof KohubError) return err.status === 408;
  return false;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

/** A signal that aborts with `parent`, and on its own through `abort` (to stop siblings after a failure). */
interface Stopper {
  signal: AbortSignal;
  abort(reason: unknown): void;
}

function childController(parent: AbortSignal | undefined): Stopper {
  const own = new AbortController();
  return {
    signal: parent ? AbortSignal.any([parent, own.signal]) : own.signal,
    abort: (reason) => own.abort(reason),
  };
}

/**
 * Runs `fn` over `items` with at most `workers` at a time. The first failure aborts the others (through
 * `controller`) and is rethrown once every started task has settled.
 */
async function runPool<T>(
  items: readonly T[],
  workers: number,
  controller: Stopper,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await fn(items[index] as T, index);
      } catch (err) {
        if (failure === undefined) {
          failure = { err };
          controller.abort(err);
        }
      }
    }
  };
  const n = Math.max(1, Math.min(workers, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (failure) throw failure.err;
}

/** A counting semaphore: `run(fn)` waits for a free slot. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

// ------------------------------------------------------------------------------------------------
// Progress

/** One phase's counters; emits {@link TransferProgress} events. */
class PhaseProgress {
  bytes = 0;
  skippedBytes = 0;
  filesDone = 0;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    readonly phase: TransferPhase,
    readonly totalBytes: number,
    readonly filesTotal: number,
  ) {
    this.emit(undefined);
  }

  emit(file: FileProgress | undefined): void {
    if (!this.callback) return;
    const event: TransferProgress = {
      phase: this.phase,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      skippedBytes: this.skippedBytes,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
    };
    if (file) event.file = { ...file };
    this.callback(event);
  }

  file(path: string, size: number): FileCounter {
    return new FileCounter(this, path, size);
  }
}

class FileCounter {
  private readonly state: FileProgress;
  private skipped = 0;
  constructor(
    private readonly phase: PhaseProgress,
    path: string,
    size: number,
  ) {
    this.state = { path, bytes: 0, totalBytes: size, done: false };
  }

  /** `n` bytes transferred (negative to take back bytes of a failed attempt). */
  add(n: number): void {
    if (n === 0) return;
    this.state.bytes += n;
    this.phase.bytes += n;
    this.phase.emit(this.state);
  }

  /** `n` bytes that need no transfer (resumed, already present). */
  skip(n: number): void {
    if (n === 0) return;
    this.state.bytes += n;
    this.skipped += n;
    this.phase.bytes += n;
    this.phase.skippedBytes += n;
    this.phase.emit(this.state);
  }

  /** Takes back everything counted for this file (the transfer starts over). */
  reset(): void {
    if (this.state.bytes === 0) return;
    this.phase.bytes -= this.state.bytes;
    this.phase.skippedBytes -= this.skipped;
    this.state.bytes = 0;
    this.skipped = 0;
    this.phase.emit(this.state);
  }

  /** Finishes the file; bytes not counted yet count as skipped when `skipped`, otherwise as done. */
  done(skipped = false): void {
    const rest = this.state.totalBytes - this.state.bytes;
    if (rest > 0) {
      this.state.bytes += rest;
      this.phase.bytes += rest;
      if (skipped) this.phase.skippedBytes += rest;
    }
    this.state.done = true;
    if (skipped) this.state.skipped = true;
    this.phase.filesDone++;
    this.phase.emit(this.state);
  }
}

// ------------------------------------------------------------------------------------------------
// Upload internals

interface UploadItem {
  pathInRepo: string;
  blob: Blob;
  size: number;
  /** The local file, for messages. */
  source: string;
  sha256: string;
  gitSha1: string | undefined;
  lfs: boolean;
  ignore: boolean;
}

/** A multipart upload kept on disk between attempts. */
interface ResumeRecord {
  version: 1;
  endpoint: string;
  oid: string;
  size: number;
  uploadId: string;
  chunkSize: number;
  partUrls: string[];
  completeHref: string;
  verifyHref: string | undefined;
  /** Epoch ms after which the URLs are no longer valid. */
  expiresAt: number;
  /** Part number → ETag of the finished parts. */
  parts: Record<string, string>;
}

/** Hashes a blob in one read: SHA-256 always, the git-blob SHA-1 when asked. */
async function hashBlob(
  blob: Blob,
  withGitSha1: boolean,
  onBytes: (n: number) => void,
  signal: AbortSignal,
): Promise<{ sha256: string; gitSha1: string | undefined; bytes: number }> {
  let bytes = 0;
  const sha256 = new Bun.CryptoHasher("sha256");
  const sha1 = withGitSha1 ? new Bun.CryptoHasher("sha1").update(`blob ${blob.size}\0`) : undefined;
  if (blob.size <= SMALL_READ) {
    const data = await blob.bytes();
    sha256.update(data);
    sha1?.update(data);
    bytes = data.byteLength;
    onBytes(bytes);
  } else {
    for await (const chunk of chunksOf(blob.stream())) {
      throwIfAborted(signal);
      sha256.update(chunk);
      sha1?.update(chunk);
      bytes += chunk.byteLength;
      onBytes(chunk.byteLength);
    }
  }
  return { sha256: sha256.digest("hex"), gitSha1: sha1?.digest("hex"), bytes };
}

function guessLfs(path: string, size: number): boolean {
  const lower = path.toLowerCase();
  return size >= DEFAULT_LFS_THRESHOLD || DEFAULT_LFS_SUFFIXES.some((s) => lower.endsWith(s));
}

/** A readable stream of `blob` that reports each chunk as it is handed to the network. */
function countingStream(blob: Blob, onBytes: (n: number) => void): ReadableStream<Uint8Array> {
  let position = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (position >= blob.size) {
          controller.close();
          return;
        }
        const end = Math.min(position + UPLOAD_CHUNK, blob.size);
        const chunk = await blob.slice(position, end).bytes();
        position = end;
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

async function readRecord(file: string): Promise<ResumeRecord | undefined> {
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as ResumeRecord;
    return data && data.version === 1 && Array.isArray(data.partUrls) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: resume records never fail an upload. */
async function writeRecord(file: string, record: ResumeRecord): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(record));
    await rename(tmp, file);
  } catch {
    // no record: the next attempt starts over
  }
}

function toBlob(source: string | Blob | Uint8Array): { blob: Blob; source: string } {
  if (typeof source === "string") return { blob: Bun.file(source), source };
  if (source instanceof Blob) return { blob: source, source: "<blob>" };
  return { blob: new Blob([source as Uint8Array<ArrayBuffer>]), source: "<bytes>" };
}

/** A recorded multipart upload the storage no longer accepts (`cause` says why). */
class StaleUpload extends Error {
  override cause: unknown;
  constructor(cause: unknown) {
    super("stale multipart upload");
    this.cause = cause;
  }
}

/** A commit operation of the streamed NDJSON body. */
type StreamOp =
  | { kind: "file"; path: string; blob: Blob; size: number; source: string }
  | { kind: "lfsFile"; path: string; oid: string; size: number }
  | { kind: "deletedFile"; path: string }
  | { kind: "deletedFolder"; path: string };

// ------------------------------------------------------------------------------------------------
// Download internals

interface FetchJob {
  repoId: string;
  type: RepoType;
  /** The revision to resolve the file at (a commit id when known). */
  revision: string;
  path: string;
  size: number;
  etag: string | undefined;
  /**
   * Whether a mismatch with `etag` is an error. KohakuHub's etag is the path's latest record, whatever the
   * branch (repos-files.md §18), so it is only trusted at a branch head; otherwise the file is kept and
   * named by its own hash. A SHA-256 in the storage URL (LFS objects live at `lfs/aa/bb/<oid>`) is always trusted.
   */
  trusted: boolean;
  incomplete: string;
  /** The final path, or a function of the verified hash (the cache names blobs by it). */
  destination: string | ((digest: string | undefined) => string);
  counter: FileCounter;
  signal: AbortSignal;
}

/** The SHA-256 in a storage URL of an LFS object (`.../lfs/aa/bb/<oid>`), if it is one. */
function oidFromUrl(url: string): string | undefined {
  try {
    const m = /\/lfs\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(new URL(url).pathname);
    return m?.[3]?.startsWith(`${m[1]}${m[2]}`) ? m[3] : undefined;
  } catch {
    return undefined;
  }
}

function newHasher(etag: string | undefined, size: number): Bun.CryptoHasher | undefined {
  if (etag && HEX64.test(etag)) return new Bun.CryptoHasher("sha256");
  if (etag && HEX40.test(etag)) return new Bun.CryptoHasher("sha1").update(`blob ${size}\0`);
  return undefined;
}

/** The hashes a download is checked with: SHA-256 (LFS etag or storage-URL oid) and/or git-blob SHA-1. */
class DownloadHashes {
  private sha256: Bun.CryptoHasher | undefined;
  private sha1: Bun.CryptoHasher | undefined;
  constructor(
    private readonly withSha256: boolean,
    private readonly withSha1: boolean,
    private readonly size: number,
  ) {
    this.reset();
  }

  reset(): void {
    this.sha256 = this.withSha256 ? new Bun.CryptoHasher("sha256") : undefined;
    this.sha1 = this.withSha1 ? new Bun.CryptoHasher("sha1").update(`blob ${this.size}\0`) : undefined;
  }

  update(chunk: Uint8Array): void {
    this.sha256?.update(chunk);
    this.sha1?.update(chunk);
  }

  digests(): { sha256: string | undefined; sha1: string | undefined } {
    return { sha256: this.sha256?.digest("hex"), sha1: this.sha1?.digest("hex") };
  }
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Hashes a file on disk (to check a copy that has no metadata). */
async function hashFile(path: string, etag: string, size: number): Promise<string | undefined> {
  const hasher = newHasher(etag, size);
  if (!hasher) return undefined;
  for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

/** `huggingface_hub`'s `_short_hash`: URL-safe base64 of the SHA-1 of a name. */
function shortHash(name: string): string {
  return new Bun.CryptoHasher("sha1").update(name).digest("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Paths of a local-dir download, as `huggingface_hub` lays them out. */
function localDirPaths(
  localDir: string,
  repoPath: string,
): { file: string; metadata: string; incomplete: (etag: string) => string } {
  const file = safeJoin(localDir, repoPath);
  const metadata = join(
    resolve(localDir),
    ".cache",
    "huggingface",
    "download",
    ...`${repoPath}.metadata`.split("/"),
  );
  const name = `${repoPath.split("/").pop()}.metadata`;
  return {
    file,
    metadata,
    incomplete: (etag) => join(dirname(metadata), `${shortHash(name)}.${etag}.incomplete`),
  };
}

async function ensureHfDir(localDir: string): Promise<void> {
  const dir = join(resolve(localDir), ".cache", "huggingface");
  await local("create", dir, () => mkdir(dir, { recursive: true }));
  if (!existsSync(join(dir, ".gitignore"))) await writeFile(join(dir, ".gitignore"), "*").catch(() => {});
  if (!existsSync(join(dir, "CACHEDIR.TAG")))
    await writeFile(join(dir, "CACHEDIR.TAG"), CACHEDIR_TAG).catch(() => {});
}

/** The `commit\netag\ntimestamp\n` file `huggingface_hub` keeps per downloaded file, when it is current. */
async function readLocalMetadata(
  metadata: string,
  file: string,
): Promise<{ commit: string; etag: string } | undefined> {
  try {
    const [commit = "", etag = "", ts = ""] = (await readFile(metadata, "utf8")).split("\n");
    const mtime = (await stat(file)).mtimeMs / 1000;
    return mtime - 1 <= Number(ts) ? { commit: commit.trim(), etag: etag.trim() } : undefined;
  } catch {
    return undefined;
  }
}

async function writeLocalMetadata(metadata: string, commit: string, etag: string): Promise<void> {
  await local("write", metadata, async () => {
    await mkdir(dirname(metadata), { recursive: true });
    await writeFile(metadata, `${commit}\n${etag}\n${Date.now() / 1000}\n`);
  });
}

/** Writes `refs/<revision>` (the commit id) when the revision is a branch or tag name. */
async function writeRef(storage: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const ref = join(storage, "refs", ...revision.split("/"));
  try {
    if ((await readFile(ref, "utf8")) === commit) return;
  } catch {
    // missing: write it
  }
  await local("write", ref, async () => {
    await mkdir(dirname(ref), { recursive: true });
    const tmp = `${ref}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    await writeFile(tmp, commit);
    await rename(tmp, ref);
  });
}

/** Creates `pointer` as a relative symlink to `blob` (replacing whatever is there). */
async function linkPointer(blob: string, pointer: string): Promise<void> {
  await local("create", pointer, async () => {
    await mkdir(dirname(pointer), { recursive: true });
    await unlink(pointer).catch(() => {});
    await symlink(relative(dirname(pointer), blob), pointer);
  });
}

/** A file name made of an etag (or a stand-in when the server sent none). */
function etagName(etag: string | undefined, commit: string, path: string): string {
  const e = (etag ?? "")
    .replace(/^W\//, "")
    .replace(/^"|"$/g, "")
    .replace(/^sha256:/, "");
  if (/^[A-Za-z0-9._-]+$/.test(e)) return e;
  return `noetag-${new Bun.CryptoHasher("sha256").update(`${commit}\n${path}`).digest("hex").slice(0, 40)}`;
}

// ------------------------------------------------------------------------------------------------
// The API

/** Upload, delete and download methods of {@link KohubClient}. */
export class FilesApi extends TransferApi {
  /** The environment the cache folders are read from (the client's `env` option). */
  protected readonly env: Env;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;

  constructor(options: KohubClientOptions = {}) {
    super(options);
    this.env = options.env ?? process.env;
    this.retryBaseMs = options.retry?.baseDelayMs ?? RETRY_BASE_MS;
    this.retryMaxMs = Math.min(options.retry?.maxDelayMs ?? RETRY_MAX_MS, RETRY_MAX_MS);
  }

  /** The wait before retry `attempt` (1-based) of a storage transfer. */
  private backoff(attempt: number): number {
    return backoff(attempt, this.retryBaseMs, this.retryMaxMs);
  }

  /**
   * Uploads one file (a local path, a Blob or bytes) to `pathInRepo` in one commit. Small files go inline
   * in the commit; large ones (the server decides) through LFS, multipart when the server asks for it,
   * resumable (see the module notes). A file the server already has at that path is not sent again and,
   * when nothing else changes, no commit is made.
   *
   * @throws {@link LocalFileError} when the file cannot be read; {@link KohubError} subclasses for the server's refusals.
   * @example
   * ```ts
   * const result = await client.uploadFile({
   *   repoId: "alice/demo",
   *   path: "./model.safetensors",
   *   pathInRepo: "model.safetensors",
   *   commitMessage: "Add weights",
   *   onProgress: (p) => console.log(p.phase, p.bytes, "/", p.totalBytes),
   * });
   * console.log(result.commitOid, result.files[0]?.status);
   * ```
   */
  async uploadFile(
    params: UploadOptions & {
      /** A local file path, a Blob, or bytes. */
      path: string | Blob | Uint8Array;
      /** Path of the file in the repo. */
      pathInRepo: string;
    },
  ): Promise<UploadResult> {
    const pathInRepo = checkSafePath(params.pathInRepo, "pathInRepo");
    const { blob, source } = toBlob(params.path);
    if (typeof params.path === "string") {
      const st = await local("read", source, () => stat(source));
      if (!st.isFile()) throw new LocalFileError(`Cannot upload ${source}: it is not a file`, source);
    }
    return this.uploadItems(params, [{ pathInRepo, blob, source }], [], {
      summary: params.commitMessage ?? `Upload ${pathInRepo} with kohub-cli`,
    });
  }

  /**
   * Uploads a local folder in one commit, under `pathInRepo` (default: the repo root). `.git/` and
   * `.cache/huggingface/` are never uploaded.
   *
   * Patterns use `Bun.Glob` syntax on paths relative to the folder (for `deletePatterns`: remote paths
   * relative to `pathInRepo`). A pattern without `/` also matches a file or folder name at any depth, and a
   * pattern that matches a folder matches everything below it: `*.json` matches `a/b.json`, `logs` matches
   * `logs/x/y.txt`. `deletePatterns` deletes the remote files that match and are not part of this upload
   * (`.gitattributes` is kept), like `huggingface_hub`'s `delete_patterns`.
   *
   * @example
   * ```ts
   * const result = await client.uploadFolder({
   *   repoId: "alice/demo",
   *   folder: "./checkpoint",
   *   include: ["*.safetensors", "*.json"],
   *   exclude: "optimizer*",
   *   deletePatterns: "*.bin",
   *   commitMessage: "New checkpoint",
   * });
   * console.log(result.files.filter((f) => f.status === "sent").length, "files sent");
   * ```
   */
  async uploadFolder(
    params: UploadOptions & {
      /** The local folder. */
      folder: string;
      /** Folder in the repo to upload into (default: the root). */
      pathInRepo?: string;
      /** Upload only the files that match. */
      include?: Patterns;
      /** Skip the files that match. */
      exclude?: Patterns;
      /** Delete the remote files (under `pathInRepo`) that match and are not uploaded. */
      deletePatterns?: Patterns;
    },
  ): Promise<UploadResult> {
    const folder = resolve(params.folder);
    const st = await local("read", folder, () => stat(folder));
    if (!st.isDirectory()) throw new LocalFileError(`Cannot upload ${folder}: it is not a folder`, folder);
    const prefix = normalizeRepoFolder(params.pathInRepo);
    const include = compilePatterns(params.include);
    const exclude = compilePatterns(params.exclude);
    const found: Array<{ pathInRepo: string; blob: Blob; source: string }> = [];
    const scan = new Bun.Glob("**/*").scan({ cwd: folder, onlyFiles: true, dot: true, followSymlinks: true });
    try {
      for await (const rel of scan) {
        const posix = rel.split(sep).join("/");
        if (matchesAny(posix, ALWAYS_IGNORED) || !selected(posix, include, exclude)) continue;
        const file = join(folder, rel);
        found.push({ pathInRepo: prefix ? `${prefix}/${posix}` : posix, blob: Bun.file(file), source: file });
      }
    } catch (err) {
      throw localError(err, "read", folder);
    }
    found.sort((a, b) => (a.pathInRepo < b.pathInRepo ? -1 : a.pathInRepo > b.pathInRepo ? 1 : 0));

    const deletes: StreamOp[] = [];
    const deletePatterns = compilePatterns(params.deletePatterns);
    if (deletePatterns?.length) {
      const uploading = new Set(found.map((f) => f.pathInRepo));
      for (const path of await this.remoteFiles(params, prefix)) {
        const rel = prefix ? path.slice(prefix.length + 1) : path;
        if (uploading.has(path) || rel === ".gitattributes" || rel.endsWith("/.gitattributes")) continue;
        if (matchesAny(rel, deletePatterns)) deletes.push({ kind: "deletedFile", path });
      }
    }
    return this.uploadItems(params, found, deletes, {
      summary: params.commitMessage ?? "Upload folder using kohub-cli",
    });
  }

  /**
   * Deletes files in one commit. KohakuHub answers a 500 when none of them exists.
   *
   * @example
   * ```ts
   * await client.deleteFiles({ repoId: "alice/demo", paths: ["old.bin", "notes.txt"] });
   * ```
   */
  async deleteFiles(
    params: RepoTarget & {
      paths: string[];
      /** Branch (default `main`). */
      revision?: string;
      commitMessage?: string;
      commitDescription?: string;
      signal?: AbortSignal;
    },
  ): Promise<CommitResult> {
    if (params.paths.length === 0) throw new InputError("deleteFiles needs at least one path");
    const ops: StreamOp[] = params.paths.map((p) => ({
      kind: "deletedFile",
      path: checkSafePath(p.replace(/^\/+/, "")),
    }));
    const summary =
      params.commitMessage ??
      (params.paths.length === 1 ? `Delete ${params.paths[0]}` : `Delete ${params.paths.length} files`);
    return this.sendCommit(params, ops, summary, params.commitDescription, undefined, params.signal);
  }

  /**
   * Deletes every file under a folder in one commit. KohakuHub answers a 500 when the folder is empty or missing.
   *
   * @example
   * ```ts
   * await client.deleteFolder({ repoId: "alice/demo", path: "checkpoints/old" });
   * ```
   */
  async deleteFolder(
    params: RepoTarget & {
      path: string;
      /** Branch (default `main`). */
      revision?: string;
      commitMessage?: string;
      commitDescription?: string;
      signal?: AbortSignal;
    },
  ): Promise<CommitResult> {
    const path = normalizeRepoFolder(params.path);
    if (!path) throw new InputError("deleteFolder needs a folder path (deleting the root is not supported)");
    return this.sendCommit(
      params,
      [{ kind: "deletedFolder", path }],
      params.commitMessage ?? `Delete folder ${path}`,
      params.commitDescription,
      undefined,
      params.signal,
    );
  }

  /**
   * Downloads one file and returns its local path. Without `localDir` it goes to the Hugging Face cache
   * (`models--ns--name/blobs/<etag>`, a relative symlink `snapshots/<commit>/<path>`, and
   * `refs/<revision>`), where `huggingface_hub` and `transformers` find it offline. With `localDir` it is
   * written at `<localDir>/<path>`, with `huggingface_hub`'s `.cache/huggingface/download` metadata.
   *
   * An up-to-date copy is reused unless `force`. Bytes go to an `.incomplete` file first, resumed with a
   * `Range` request after an interruption (within the call, with retries, and across calls), and checked
   * against the size and hash the server announced (SHA-256 for a 64-hex etag, git-blob SHA-1 for a
   * 40-hex one) before the file is renamed into place.
   *
   * @throws {@link IntegrityError} (nothing is left on disk), {@link LocalFileError}, {@link InputError} with
   * code `UnsafePath` for a path that would escape the target folder, {@link NotFoundError}.
   * @example
   * ```ts
   * const file = await client.downloadFile({ repoId: "alice/demo", path: "config.json" });
   * const copy = await client.downloadFile({ repoId: "alice/demo", path: "model.safetensors", localDir: "./demo" });
   * ```
   */
  async downloadFile(params: DownloadOptions & { path: string }): Promise<string> {
    const path = checkSafePath(params.path);
    const revision = checkRefName(params.revision ?? "main");
    const type = toRepoType(params.type);
    const controller = childController(params.signal);
    const signal = controller.signal;

    if (params.localDir !== undefined) {
      const paths = localDirPaths(params.localDir, path);
      if (!params.force && COMMIT_ID.test(revision) && existsSync(paths.file)) {
        const meta = await readLocalMetadata(paths.metadata, paths.file);
        if (meta?.commit === revision) return paths.file;
      }
      const meta = await this.fileMetadata({ repoId: params.repoId, type, revision, path, signal });
      const commit = meta.commit ?? revision;
      const size = meta.size ?? 0;
      const progress = new PhaseProgress(params.onProgress, "downloading", size, 1);
      await ensureHfDir(params.localDir);
      await this.toLocalDir(
        {
          repoId: params.repoId,
          type,
          path,
          size,
          etag: meta.etag,
          commit,
          trusted: commit !== revision, // a branch: X-Repo-Commit is its head, not the name
          force: params.force,
        },
        params.localDir,
        progress,
        signal,
      );
      return paths.file;
    }

    const cache = resolve(params.cacheDir ?? hfHubCacheDir(this.env));
    const ref = await this.repoRef(params.repoId, type);
    const storage = join(cache, repoFolderName(ref.id, type));
    if (!params.force && COMMIT_ID.test(revision)) {
      const pointer = safeJoin(join(storage, "snapshots", revision), path);
      if (existsSync(pointer)) return pointer;
    }
    const meta = await this.fileMetadata({ repoId: ref.id, type, revision, path, signal });
    let commit = meta.commit ?? revision;
    const trusted = commit !== revision; // a branch: X-Repo-Commit is its head, not the name
    if (!COMMIT_ID.test(commit)) {
      // A tag echoes its name: ask for the commit behind it.
      commit = (await this.repoInfo({ repoId: ref.id, type, revision })).sha;
    }
    const size = meta.size ?? 0;
    const progress = new PhaseProgress(params.onProgress, "downloading", size, 1);
    return this.toCache(
      { repoId: ref.id, type, path, size, etag: meta.etag, commit, trusted, force: params.force },
      storage,
      cache,
      revision,
      progress,
      signal,
    );
  }

  /**
   * Downloads a whole revision (or the files matching `include` and not `exclude`, same pattern rules as
   * {@link uploadFolder}) and returns the folder: `localDir`, or the cache's `snapshots/<commit>` folder.
   * Files already present and current are not downloaded again. Every path of the listing is checked
   * before anything is written: one that would escape the target folder fails the whole call.
   *
   * @example
   * ```ts
   * const folder = await client.snapshotDownload({
   *   repoId: "alice/demo",
   *   include: ["*.json", "*.safetensors"],
   *   onProgress: (p) => console.log(`${p.filesDone}/${p.filesTotal} files, ${p.bytes}/${p.totalBytes} bytes`),
   * });
   * ```
   */
  async snapshotDownload(
    params: DownloadOptions & {
      include?: Patterns;
      exclude?: Patterns;
      /** Parallel downloads (default 8). */
      maxWorkers?: number;
    },
  ): Promise<string> {
    const revision = checkRefName(params.revision ?? "main");
    const type = toRepoType(params.type);
    const ref = await this.repoRef(params.repoId, type);
    const controller = childController(params.signal);
    const signal = controller.signal;
    const commit = COMMIT_ID.test(revision)
      ? revision
      : (await this.repoInfo({ repoId: ref.id, type, revision })).sha;
    // Etags describe the bytes only at a branch head (see FetchJob.trusted).
    const trusted =
      !COMMIT_ID.test(revision) &&
      (await this.listRefs({ repoId: ref.id, type })).branches.some((b) => b.name === revision);
    const include = compilePatterns(params.include);
    const exclude = compilePatterns(params.exclude);
    const files: Array<TreeEntry & { type: "file" }> = [];
    for await (const entry of this.iterRepoTree({
      repoId: ref.id,
      type,
      revision: commit,
      recursive: true,
    })) {
      if (entry.type !== "file") continue;
      checkSafePath(entry.path, "path in the repo listing");
      if (selected(entry.path, include, exclude)) files.push(entry);
    }
    const progress = new PhaseProgress(
      params.onProgress,
      "downloading",
      files.reduce((s, f) => s + f.size, 0),
      files.length,
    );
    const workers = params.maxWorkers ?? DEFAULT_WORKERS;
    if (params.localDir !== undefined) {
      const localDir = resolve(params.localDir);
      for (const f of files) safeJoin(localDir, f.path);
      await ensureHfDir(localDir);
      await runPool(files, workers, controller, (f) =>
        this.toLocalDir(
          {
            repoId: ref.id,
            type,
            path: f.path,
            size: f.size,
            etag: f.lfs?.oid ?? f.oid,
            commit,
            trusted,
            force: params.force,
          },
          localDir,
          progress,
          signal,
        ),
      );
      return localDir;
    }
    const cache = resolve(params.cacheDir ?? hfHubCacheDir(this.env));
    const storage = join(cache, repoFolderName(ref.id, type));
    const snapshot = join(storage, "snapshots", commit);
    for (const f of files) safeJoin(snapshot, f.path);
    await local("create", snapshot, () => mkdir(snapshot, { recursive: true }));
    await writeRef(storage, revision, commit);
    await runPool(files, workers, controller, async (f) => {
      await this.toCache(
        {
          repoId: ref.id,
          type,
          path: f.path,
          size: f.size,
          etag: f.lfs?.oid ?? f.oid,
          commit,
          trusted,
          force: params.force,
        },
        storage,
        cache,
        commit,
        progress,
        signal,
      );
    });
    return snapshot;
  }

  // ----------------------------------------------------------------------------------------------
  // Upload engine

  /** Hash → preupload → LFS transfers → one streamed commit. */
  private async uploadItems(
    params: UploadOptions,
    sources: Array<{ pathInRepo: string; blob: Blob; source: string }>,
    deletes: StreamOp[],
    message: { summary: string },
  ): Promise<UploadResult> {
    const revision = checkRefName(params.revision ?? "main");
    const type = toRepoType(params.type);
    const ref = await this.repoRef(params.repoId, type);
    const workers = Math.max(1, params.maxWorkers ?? DEFAULT_WORKERS);
    const controller = childController(params.signal);
    const signal = controller.signal;

    // 1. Hash every file, once.
    const items: UploadItem[] = sources.map((s) => ({
      ...s,
      size: s.blob.size,
      sha256: "",
      gitSha1: undefined,
      lfs: false,
      ignore: false,
    }));
    const hashing = new PhaseProgress(
      params.onProgress,
      "hashing",
      items.reduce((s, i) => s + i.size, 0),
      items.length,
    );
    await runPool(items, workers, controller, async (item) => {
      const counter = hashing.file(item.pathInRepo, item.size);
      const hashes = await local("read", item.source, () =>
        hashBlob(item.blob, item.size <= GIT_SHA1_MAX, (n) => counter.add(n), signal),
      );
      if (hashes.bytes !== item.size) {
        throw new LocalFileError(`Cannot upload ${item.source}: it changed while being read`, item.source);
      }
      item.sha256 = hashes.sha256;
      item.gitSha1 = hashes.gitSha1;
      counter.done();
    });

    // 2. Preupload: the mode of each file, and what the server already has at that path.
    if (items.length > 0) await this.preuploadItems(ref.id, type, revision, items, signal);

    // 3. LFS objects (each distinct oid once).
    const lfsItems = items.filter((i) => i.lfs && !i.ignore);
    const objects = new Map<string, UploadItem>();
    for (const i of lfsItems) if (!objects.has(i.sha256)) objects.set(i.sha256, i);
    const sentOids = new Set<string>();
    let bytesSent = 0;
    if (objects.size > 0) {
      const uploading = new PhaseProgress(
        params.onProgress,
        "uploading",
        [...objects.values()].reduce((s, i) => s + i.size, 0),
        objects.size,
      );
      const limiter = new Limiter(workers);
      const list = [...objects.values()];
      for (let start = 0; start < list.length; start += LFS_BATCH_CHUNK) {
        const chunk = list.slice(start, start + LFS_BATCH_CHUNK);
        const batch = await this.lfsBatch({
          repoId: ref.id,
          type,
          operation: "upload",
          objects: chunk.map((i) => ({ oid: i.sha256, size: i.size })),
          ref: revision,
          signal,
        });
        const byOid = new Map(batch.objects.map((o) => [o.oid, o]));
        await runPool(chunk, chunk.length, controller, async (item) => {
          const obj = byOid.get(item.sha256);
          if (!obj) {
            throw new KohubError(
              `The LFS batch answer has no entry for ${item.pathInRepo} (${item.sha256})`,
              {
                code: "UnexpectedResponse",
              },
            );
          }
          const counter = uploading.file(item.pathInRepo, item.size);
          const sent = await this.uploadLfsObject(
            item,
            obj,
            counter,
            limiter,
            ref.id,
            params.resumeDir,
            signal,
          );
          if (sent) {
            sentOids.add(item.sha256);
            bytesSent += item.size;
          }
          counter.done(!sent);
        });
      }
    }

    // 4. The commit.
    const ops: StreamOp[] = [];
    for (const item of items) {
      if (item.ignore) continue;
      if (item.lfs) ops.push({ kind: "lfsFile", path: item.pathInRepo, oid: item.sha256, size: item.size });
      else
        ops.push({
          kind: "file",
          path: item.pathInRepo,
          blob: item.blob,
          size: item.size,
          source: item.source,
        });
    }
    ops.push(...deletes);
    const files: UploadedFile[] = items.map((i) => ({
      path: i.pathInRepo,
      size: i.size,
      lfs: i.lfs,
      sha256: i.sha256,
      status: i.ignore ? "unchanged" : !i.lfs || sentOids.has(i.sha256) ? "sent" : "linked",
    }));
    const deleted = deletes.map((d) => d.path);
    if (ops.length === 0) {
      return { commitOid: undefined, commitUrl: undefined, committed: false, files, deleted, bytesSent };
    }
    const inline = ops.reduce((s, o) => s + (o.kind === "file" ? o.size : 0), 0);
    const committing = new PhaseProgress(
      params.onProgress,
      "committing",
      inline,
      ops.filter((o) => o.kind === "file").length,
    );
    const res = await this.sendCommit(
      { repoId: ref.id, type, revision },
      ops,
      message.summary,
      params.commitDescription,
      committing,
      signal,
    );
    bytesSent += inline;
    return {
      commitOid: res.commitOid === "no-changes" ? undefined : res.commitOid,
      commitUrl: res.commitUrl,
      committed: true,
      files,
      deleted,
      bytesSent,
    };
  }

  /**
   * Preupload with the hash the path's record most likely holds (git-blob SHA-1 for regular files, SHA-256
   * for LFS), then again for the files whose mode was guessed wrong, so that unchanged files are found.
   */
  private async preuploadItems(
    repoId: string,
    type: RepoType,
    revision: string,
    items: UploadItem[],
    signal: AbortSignal,
  ): Promise<void> {
    const hashFor = (item: UploadItem, lfs: boolean) => (lfs ? item.sha256 : (item.gitSha1 ?? item.sha256));
    const guesses = items.map((i) => guessLfs(i.pathInRepo, i.size));
    const answers = await this.preupload({
      repoId,
      type,
      revision,
      files: items.map((i, n) => ({
        path: i.pathInRepo,
        size: i.size,
        sha256: hashFor(i, guesses[n] as boolean),
      })),
      signal,
    });
    const again: number[] = [];
    items.forEach((item, n) => {
      const answer = answers[n];
      if (!answer)
        throw new KohubError("The preupload answer has fewer files than asked", {
          code: "UnexpectedResponse",
        });
      item.lfs = answer.uploadMode === "lfs";
      item.ignore = answer.shouldIgnore;
      if (!item.ignore && item.lfs !== guesses[n] && hashFor(item, item.lfs) !== hashFor(item, !item.lfs))
        again.push(n);
    });
    if (again.length === 0) return;
    const second = await this.preupload({
      repoId,
      type,
      revision,
      files: again.map((n) => {
        const i = items[n] as UploadItem;
        return { path: i.pathInRepo, size: i.size, sha256: hashFor(i, i.lfs) };
      }),
      signal,
    });
    again.forEach((n, k) => {
      if (second[k]?.shouldIgnore) (items[n] as UploadItem).ignore = true;
    });
  }

  /** Uploads one object of a batch answer; false when the server already had it. */
  private async uploadLfsObject(
    item: UploadItem,
    obj: LfsBatchObject,
    counter: FileCounter,
    limiter: Limiter,
    repoId: string,
    resumeDir: string | false | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    const plan = lfsUploadPlan(obj);
    const dir = resumeDir === false ? undefined : (resumeDir ?? uploadResumeDir(this.env));
    const endpointKey = new Bun.CryptoHasher("sha256").update(this.endpoint).digest("hex").slice(0, 16);
    const recordFile = dir ? join(dir, `${endpointKey}-${plan.oid}.json`) : undefined;
    if (plan.kind === "skip") {
      if (recordFile) await rm(recordFile, { force: true }).catch(() => {});
      return false;
    }
    if (plan.kind === "single") {
      await limiter.run(async () => {
        await this.putStorage(plan.href, item.blob, plan.header, (n) => counter.add(n), signal, "object");
        await this.lfsVerify({ href: plan.verifyHref, repoId, oid: plan.oid, size: plan.size, signal });
      });
      return true;
    }
    const expiresAt = Date.parse(obj.actions?.upload?.expires_at ?? "") || Date.now() + 86_400_000;
    const fresh: ResumeRecord = {
      version: 1,
      endpoint: this.endpoint,
      oid: plan.oid,
      size: plan.size,
      uploadId: plan.uploadId,
      chunkSize: plan.chunkSize,
      partUrls: plan.partUrls,
      completeHref: plan.completeHref,
      verifyHref: plan.verifyHref,
      expiresAt,
      parts: {},
    };
    const saved = recordFile ? await readRecord(recordFile) : undefined;
    const usable =
      saved &&
      saved.endpoint === this.endpoint &&
      saved.oid === plan.oid &&
      saved.size === plan.size &&
      saved.expiresAt > Date.now() + RESUME_MARGIN_MS &&
      saved.partUrls.length === Math.max(1, Math.ceil(saved.size / saved.chunkSize));
    if (usable) {
      try {
        await this.runMultipart(item, saved, recordFile, counter, limiter, repoId, signal);
        return true;
      } catch (err) {
        if (signal.aborted || !(err instanceof StaleUpload)) throw err;
        // The storage no longer knows that upload (aborted, completed, expired): start over.
        counter.reset();
      }
    }
    try {
      await this.runMultipart(item, fresh, recordFile, counter, limiter, repoId, signal);
    } catch (err) {
      throw err instanceof StaleUpload ? err.cause : err;
    }
    return true;
  }

  /** PUTs the missing parts of a multipart upload, completes it, verifies it, and drops its record. */
  private async runMultipart(
    item: UploadItem,
    record: ResumeRecord,
    recordFile: string | undefined,
    counter: FileCounter,
    limiter: Limiter,
    repoId: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { chunkSize, size } = record;
    let saving: Promise<void> = Promise.resolve();
    const save = () => {
      if (!recordFile) return;
      const snapshot = { ...record, parts: { ...record.parts } };
      saving = saving.then(() => writeRecord(recordFile, snapshot));
    };
    save();
    const missing: number[] = [];
    record.partUrls.forEach((_, i) => {
      const partNumber = i + 1;
      const bytes = Math.min(chunkSize, size - i * chunkSize);
      if (record.parts[String(partNumber)]) counter.skip(bytes);
      else missing.push(partNumber);
    });
    const controller = childController(signal);
    try {
      await runPool(missing, missing.length, controller, async (partNumber) => {
        const start = (partNumber - 1) * chunkSize;
        const body = item.blob.slice(start, Math.min(start + chunkSize, size));
        const etag = await limiter.run(() =>
          this.putStorage(
            record.partUrls[partNumber - 1] as string,
            body,
            undefined,
            (n) => counter.add(n),
            controller.signal,
            "part",
          ),
        );
        if (!etag) {
          throw new KohubError(
            `The storage answered part ${partNumber} of ${item.pathInRepo} without an ETag`,
            {
              code: "UnexpectedResponse",
            },
          );
        }
        record.parts[String(partNumber)] = etag;
        save();
      });
    } catch (err) {
      // 403/404 from the storage: the upload or its URLs are gone.
      if (err instanceof KohubError && (err.status === 403 || err.status === 404)) throw new StaleUpload(err);
      throw err;
    } finally {
      await saving;
    }
    const parts = record.partUrls.map((_, i) => ({
      partNumber: i + 1,
      etag: record.parts[String(i + 1)] as string,
    }));
    try {
      await this.lfsCompleteMultipart({ href: record.completeHref, oid: record.oid, size, parts, signal });
    } catch (err) {
      if (err instanceof KohubError && err.status !== undefined && !signal.aborted)
        throw new StaleUpload(err);
      throw err;
    }
    await this.lfsVerify({ href: record.verifyHref, repoId, oid: record.oid, size, signal });
    if (recordFile) await rm(recordFile, { force: true }).catch(() => {});
  }

  /**
   * PUTs a blob to a storage URL, streamed with a `Content-Length` so that progress is reported per chunk;
   * retried with backoff on network errors, 5xx, 408 and 429. Returns the storage ETag.
   */
  private async putStorage(
    href: string,
    blob: Blob,
    header: Record<string, string> | undefined,
    onBytes: (n: number) => void,
    signal: AbortSignal,
    what: string,
  ): Promise<string | undefined> {
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      let sent = 0;
      const body =
        blob.size === 0
          ? new Uint8Array(0)
          : countingStream(blob, (n) => {
              sent += n;
              onBytes(n);
            });
      try {
        const res = await this.http.send({
          method: "PUT",
          path: href,
          body,
          headers: { ...header, "content-length": String(blob.size) },
          auth: false,
          retry: false,
          signal,
          timeoutMs: 0,
        });
        await res.body?.cancel().catch(() => {});
        return res.headers.get("etag") ?? undefined;
      } catch (err) {
        onBytes(-sent);
        if (signal.aborted) throw signal.reason;
        if (attempt >= TRANSFER_ATTEMPTS || !retryable(err)) {
          if (err instanceof KohubError && !(err instanceof LocalFileError)) {
            err.message = `Upload of an LFS ${what} failed: ${err.message}`;
          }
          throw err;
        }
        await sleep(this.backoff(attempt), signal);
      }
    }
  }

  /** Sends a commit whose NDJSON body is generated one file at a time, with an exact `Content-Length`. */
  private async sendCommit(
    target: RepoTarget & { revision?: string },
    ops: StreamOp[],
    summary: string,
    description: string | undefined,
    progress: PhaseProgress | undefined,
    signal: AbortSignal | undefined,
  ): Promise<CommitResult> {
    const ref = await this.repoRef(target.repoId, target.type);
    const revision = checkRefName(target.revision ?? "main");
    const encoder = new TextEncoder();
    const header = `${JSON.stringify({ key: "header", value: { summary, description: description ?? "" } })}\n`;
    const first = encoder.encode(header);
    const pieces: Array<Uint8Array | { op: StreamOp & { kind: "file" }; prefix: string; suffix: string }> = [
      first,
    ];
    let length = first.byteLength;
    for (const op of ops) {
      if (op.kind === "file") {
        const prefix = `{"key":"file","value":{"path":${JSON.stringify(op.path)},"content":"`;
        const suffix = `","encoding":"base64"}}\n`;
        length +=
          encoder.encode(prefix).byteLength + encoder.encode(suffix).byteLength + 4 * Math.ceil(op.size / 3);
        pieces.push({ op, prefix, suffix });
        continue;
      }
      const value =
        op.kind === "lfsFile"
          ? { path: op.path, algo: "sha256", oid: op.oid, size: op.size }
          : { path: op.path };
      const line = encoder.encode(`${JSON.stringify({ key: op.kind, value })}\n`);
      length += line.byteLength;
      pieces.push(line);
    }
    let index = 0;
    let failure: unknown;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const piece = pieces[index++];
        if (piece === undefined) {
          controller.close();
          return;
        }
        if (piece instanceof Uint8Array) {
          controller.enqueue(piece);
          return;
        }
        const { op, prefix, suffix } = piece;
        const counter = progress?.file(op.path, op.size);
        try {
          const bytes = await op.blob.bytes();
          if (bytes.byteLength !== op.size) {
            throw new LocalFileError(
              `Cannot upload ${op.source}: it changed while being uploaded`,
              op.source,
            );
          }
          const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
          controller.enqueue(encoder.encode(prefix + b64 + suffix));
          counter?.add(op.size);
          counter?.done();
        } catch (err) {
          failure = localError(err, "read", op.source);
          controller.error(failure);
        }
      },
    });
    try {
      return await this.call(
        {
          method: "POST",
          path: `${this.repoApiPath(ref)}/commit/${encodeURIComponent(revision)}`,
          body,
          headers: { "content-type": "application/x-ndjson", "content-length": String(length) },
          retry: false,
          signal,
          timeoutMs: 0,
        },
        commitResponse,
      );
    } catch (err) {
      throw failure ?? err;
    }
  }

  /** Every file path under a folder of the repo (none when the folder or the branch has no files). */
  private async remoteFiles(target: RepoTarget & { revision?: string }, folder: string): Promise<string[]> {
    const out: string[] = [];
    try {
      for await (const entry of this.iterRepoTree({
        repoId: target.repoId,
        type: target.type,
        revision: target.revision ?? "main",
        path: folder || undefined,
        recursive: true,
      })) {
        if (entry.type === "file") out.push(entry.path);
      }
    } catch (err) {
      if (err instanceof NotFoundError && err.code === "EntryNotFound") return out;
      throw err;
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // Download engine

  /** One file into the cache layout; returns the snapshot pointer. */
  private async toCache(
    file: DownloadFileInfo,
    storage: string,
    cache: string,
    revision: string,
    progress: PhaseProgress,
    signal: AbortSignal,
  ): Promise<string> {
    const counter = progress.file(file.path, file.size);
    const pointer = safeJoin(join(storage, "snapshots", file.commit), file.path);
    if (!file.force && existsSync(pointer)) {
      await writeRef(storage, revision, file.commit).catch(() => {});
      counter.done(true);
      return pointer;
    }
    const blobs = join(storage, "blobs");
    const name = etagName(file.etag, file.commit, file.path);
    const blob = join(blobs, name);
    await local("create", blobs, () => mkdir(blobs, { recursive: true }));
    if (!existsSync(join(cache, "CACHEDIR.TAG")))
      await writeFile(join(cache, "CACHEDIR.TAG"), CACHEDIR_TAG).catch(() => {});
    await writeRef(storage, revision, file.commit);
    if (!file.force && file.trusted && existsSync(blob)) {
      await linkPointer(blob, pointer);
      counter.done(true);
      return pointer;
    }
    const stored = await this.fetchVerified({
      repoId: file.repoId,
      type: file.type,
      revision: file.commit,
      path: file.path,
      size: file.size,
      etag: file.etag,
      trusted: file.trusted,
      incomplete: join(
        blobs,
        file.trusted ? `${name}.incomplete` : `${name}.${file.commit.slice(0, 12)}.incomplete`,
      ),
      destination: (digest) => join(blobs, digest ?? name),
      counter,
      signal,
    });
    await linkPointer(stored, pointer);
    counter.done();
    return pointer;
  }

  /** One file into a local folder, with `huggingface_hub`'s metadata file. */
  private async toLocalDir(
    file: DownloadFileInfo,
    localDir: string,
    progress: PhaseProgress,
    signal: AbortSignal,
  ): Promise<void> {
    const counter = progress.file(file.path, file.size);
    const paths = localDirPaths(localDir, file.path);
    const etag = etagName(file.etag, file.commit, file.path);
    if (!file.force && existsSync(paths.file)) {
      const meta = await readLocalMetadata(paths.metadata, paths.file);
      let current = meta !== undefined && meta.etag === etag;
      if (!current && meta === undefined && file.etag && (await fileSize(paths.file)) === file.size) {
        current = (await hashFile(paths.file, file.etag, file.size)) === file.etag;
      }
      if (current) {
        await writeLocalMetadata(paths.metadata, file.commit, etag);
        counter.done(true);
        return;
      }
    }
    await this.fetchVerified({
      repoId: file.repoId,
      type: file.type,
      revision: file.commit,
      path: file.path,
      size: file.size,
      etag: file.etag,
      trusted: file.trusted,
      incomplete: paths.incomplete(etag),
      destination: paths.file,
      counter,
      signal,
    });
    await writeLocalMetadata(paths.metadata, file.commit, etag);
    counter.done();
  }

  /**
   * Downloads to `incomplete` (continuing from its size with a Range request), retries dropped connections
   * and 5xx with backoff, checks size and hash, then renames to `destination`. A mismatch deletes the
   * `.incomplete` file and throws an {@link IntegrityError}.
   */
  private async fetchVerified(job: FetchJob): Promise<string> {
    const { incomplete, size, counter, signal } = job;
    const resolveLocation = async () =>
      (
        await this.downloadUrl({
          repoId: job.repoId,
          type: job.type,
          revision: job.revision,
          path: job.path,
          signal,
        })
      ).location;
    let location = size > 0 ? await resolveLocation() : undefined;
    const urlOid = location ? oidFromUrl(location) : undefined;
    const etag = job.etag && (HEX64.test(job.etag) || HEX40.test(job.etag)) ? job.etag : undefined;
    const hashes = new DownloadHashes(
      urlOid !== undefined || (etag !== undefined && HEX64.test(etag)),
      etag !== undefined && HEX40.test(etag),
      size,
    );
    await local("create", dirname(incomplete), () => mkdir(dirname(incomplete), { recursive: true }));
    let offset = (await fileSize(incomplete)) ?? 0;
    if (offset > size) {
      await rm(incomplete, { force: true });
      offset = 0;
    }
    if (offset > 0) {
      for await (const chunk of createReadStream(incomplete)) hashes.update(chunk as Buffer);
      counter.skip(offset);
    } else {
      await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
    }
    let lastError: unknown;
    for (let attempt = 1; offset < size; attempt++) {
      throwIfAborted(signal);
      if (attempt > TRANSFER_ATTEMPTS) throw lastError;
      if (attempt > 1) await sleep(this.backoff(attempt - 1), signal);
      let res: Response;
      try {
        location ??= await resolveLocation();
        res = await this.http.send({
          method: "GET",
          path: location,
          headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
          auth: false,
          retry: false,
          okStatuses: [206],
          signal,
          timeoutMs: 0,
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        if (err instanceof PermissionDeniedError || (err instanceof KohubError && err.status === 400)) {
          location = undefined; // an expired or refused storage URL: resolve again
          lastError = err;
          continue;
        }
        if (err instanceof KohubError && err.status === 416 && offset > 0) {
          await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
          counter.reset();
          offset = 0;
          hashes.reset();
          lastError = err;
          continue;
        }
        if (!retryable(err)) throw err;
        lastError = err;
        continue;
      }
      // Where this answer starts: a 200 is the whole file again.
      let start = 0;
      if (res.status === 206) {
        const m = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "");
        start = m ? Number(m[1]) : -1;
      }
      if (start !== offset) {
        if (start !== 0) {
          await res.body?.cancel().catch(() => {});
          lastError = new KohubError(`Unexpected Content-Range from the storage for ${job.path}`, {
            code: "UnexpectedResponse",
          });
          continue;
        }
        await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
        counter.reset();
        offset = 0;
        hashes.reset();
      }
      const got = await this.appendBody(res, incomplete, size - offset, hashes, counter, signal);
      offset += got.bytes;
      if (got.error) {
        if (signal.aborted) throw signal.reason;
        if (got.error instanceof LocalFileError || got.error instanceof IntegrityError) throw got.error;
        lastError = got.error;
        continue;
      }
      if (got.bytes > 0) attempt = 0; // progress was made: the attempt budget starts again
    }
    const actual = (await fileSize(incomplete)) ?? 0;
    if (actual !== size) {
      await rm(incomplete, { force: true });
      throw new IntegrityError(
        `Downloaded ${job.path} has ${actual} bytes, the server announced ${size}; nothing was kept`,
        { code: "SizeMismatch" },
      );
    }
    // The storage URL's oid is the truth for these bytes; the etag only at a branch head (FetchJob.trusted).
    const { sha256, sha1 } = hashes.digests();
    const named = sha1 ?? sha256; // the same kind of hash as the etag
    let check: [string, string | undefined] | undefined;
    if (urlOid) check = [urlOid, sha256];
    else if (etag && job.trusted) check = [etag, named];
    if (check && check[0] !== check[1]) {
      await rm(incomplete, { force: true });
      throw new IntegrityError(
        `Downloaded ${job.path} does not match the server's hash (expected ${check[0]}, got ${check[1]}); nothing was kept`,
        { code: "HashMismatch" },
      );
    }
    const destination = typeof job.destination === "string" ? job.destination : job.destination(named);
    await local("create", dirname(destination), () => mkdir(dirname(destination), { recursive: true }));
    await local("write", destination, () => rename(incomplete, destination));
    return destination;
  }

  /**
   * Appends a response body to a file, hashing what was written, at most `max` bytes. Never throws for the
   * network: a broken stream comes back as `error` with the bytes written so far.
   */
  private async appendBody(
    res: Response,
    path: string,
    max: number,
    hashes: DownloadHashes,
    counter: FileCounter,
    signal: AbortSignal,
  ): Promise<{ bytes: number; error?: unknown }> {
    const fh = await local("write", path, () => open(path, "a"));
    let bytes = 0;
    const reader = res.body?.getReader();
    if (!reader) {
      await fh.close();
      return {
        bytes,
        error: new NetworkError("The storage answered without a body", { code: "NetworkError" }),
      };
    }
    let last = Date.now();
    const watchdog = setInterval(
      () => {
        if (Date.now() - last > IDLE_TIMEOUT_MS)
          reader.cancel(new Error("the download stalled")).catch(() => {});
      },
      Math.min(IDLE_TIMEOUT_MS, 5_000),
    );
    const onAbort = () => reader.cancel(signal.reason).catch(() => {});
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          return {
            bytes,
            error: new NetworkError(`The connection broke while downloading: ${(err as Error).message}`, {
              code: "NetworkError",
              cause: err,
            }),
          };
        }
        if (chunk.done) {
          if (signal.aborted) return { bytes, error: signal.reason };
          return bytes < max
            ? { bytes, error: new NetworkError("The download ended early", { code: "NetworkError" }) }
            : { bytes };
        }
        last = Date.now();
        let value = chunk.value;
        if (bytes + value.byteLength > max) value = value.subarray(0, max - bytes);
        try {
          await fh.write(value);
        } catch (err) {
          return { bytes, error: localError(err, "write", path) };
        }
        hashes.update(value);
        bytes += value.byteLength;
        counter.add(value.byteLength);
        if (bytes >= max) {
          await reader.cancel().catch(() => {});
          return { bytes };
        }
      }
    } finally {
      clearInterval(watchdog);
      signal.removeEventListener("abort", onAbort);
      await fh.close().catch(() => {});
    }
  }
}

/** What a download step knows about a file. */
interface DownloadFileInfo {
  repoId: string;
  type: RepoType;
  path: string;
  size: number;
  etag: string | undefined;
  commit: string;
  /** The revision asked for is a branch, so the etag describes these bytes (see {@link FetchJob.trusted}). */
  trusted: boolean;
  force: boolean | undefined;
}
