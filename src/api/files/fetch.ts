/**
 * Verified downloads: bytes go to an `.incomplete` file, resumed with `Range` requests after a dropped
 * connection, checked against the size and hash the server announced, then renamed into place. Small
 * files take a shorter road: read whole into memory, checked there, written once. A large file's first
 * attempt is written by the runtime itself (no JavaScript per chunk) while a worker thread hashes the file
 * as it grows.
 *
 * @module
 */
import { closeSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { encodePath } from "../base.ts";
import { KohubError, NetworkError, PermissionDeniedError } from "../errors.ts";
import type { RepoType } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { IntegrityError, isFileSystemError, LocalFileError, local, localError } from "./errors.ts";
import { type Digests, type HashSpec, hashAsWritten, hashBytes } from "./hashing.ts";
import { type Folders, TEMP_TAG, writeWhole } from "./layout.ts";
import type { FileCounter } from "./progress.ts";
import { Deadlines, HEX40, HEX64, retryable, sleep, TRANSFER_ATTEMPTS, throwIfAborted } from "./util.ts";

/** Bytes the download file sink buffers before it writes. */
const WRITE_BUFFER = 4 * 1024 * 1024;

/**
 * `wholeFile`: files up to this size are fetched in one piece, read into memory, checked there and written
 * with one write. Resuming them would cost more round trips than it saves; a broken connection refetches
 * them. `idleMs`: a download that receives nothing for this long is cut (and resumed). Tests change them.
 */
export const fetchLimits = { wholeFile: 1024 * 1024, idleMs: 60_000 };

/** How often the progress of a file the runtime writes is read off its size. */
const PROGRESS_MS = 100;

/** One file to fetch, and where its bytes go. */
export interface FetchJob {
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
  /**
   * The `.incomplete` file of a resumable download. A file fetched whole is written to
   * `${incomplete}.${TEMP_TAG}` first, so any path on the destination's file system will do.
   */
  incomplete: string;
  /** The final path, or a function of the verified hash (the cache names blobs by it). */
  destination: string | ((digest: string | undefined) => string);
  counter: FileCounter;
  signal: AbortSignal;
  /** What the downloads of this run share. */
  run: FetchRun;
}

/** What the downloads of one run share. */
export interface FetchRun {
  /** The folders made so far (each is created once). */
  folders: Folders;
  /**
   * Whether small files are fetched with one GET of resolve whose redirect the HTTP stack follows (the
   * token is dropped when the storage is on another origin). It turns false for the rest of the run
   * when the storage refuses such a request: S3 served on the hub's own origin may refuse a request that
   * carries both a signature and the hub's token (repos-files.md §9.4). Then resolve and storage GET go
   * separately, the storage one without the token.
   */
  follow: boolean;
  /** The deadlines of the run's whole-file requests (made with the first). */
  deadlines?: Deadlines;
  /** The resolve URL of the run's files without their path, and the repo and revision it was made for. */
  resolveBase?: { repoId: string; type: RepoType; revision: string; base: string };
}

/** The SHA-256 in a storage URL of an LFS object (`.../lfs/aa/bb/<oid>`), if it is one. */
function oidFromUrl(url: string): string | undefined {
  // String operations: a regular expression over every small file's URL costs more than its request.
  let end = url.indexOf("?");
  const hash = url.indexOf("#");
  if (end < 0 || (hash >= 0 && hash < end)) end = hash < 0 ? url.length : hash;
  const at = end - LFS_KEY_LENGTH;
  if (at < 0 || !url.startsWith("/lfs/", at)) return undefined;
  const oid = url.slice(end - 64, end);
  // `/lfs/aa/bb/<oid>`: aa and bb are the oid's first four digits.
  const prefix = `${url.slice(at + 5, at + 7)}${url.slice(at + 8, at + 10)}`;
  return url[at + 7] === "/" && url[at + 10] === "/" && oid.startsWith(prefix) && HEX64.test(oid)
    ? oid
    : undefined;
}

/** The length of `/lfs/aa/bb/<oid>`. */
const LFS_KEY_LENGTH = "/lfs/aa/bb/".length + 64;

/**
 * The resolve URL of a job's file: the part before its path is made once per run, so the answer is a
 * string (no promise) from the second file on.
 */
function resolveUrl(ctx: FilesContext, job: FetchJob): string | Promise<string> {
  const { repoId, type, revision, path, run } = job;
  const known = run.resolveBase;
  if (known && known.repoId === repoId && known.type === type && known.revision === revision)
    return known.base + encodePath(path);
  return ctx.api.fileUrl({ repoId, type, revision, path: "x" }).then((url) => {
    run.resolveBase = { repoId, type, revision, base: url.slice(0, -1) };
    return run.resolveBase.base + encodePath(path);
  });
}

/** The size of a file, undefined when it is missing. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * Hashes a file on disk with the kind of hash `etag` is (SHA-256 for 64 hex digits, git-blob SHA-1 for 40),
 * to check a copy that has no metadata; undefined when the etag is not a hash.
 */
export async function hashFile(path: string, etag: string, size: number): Promise<string | undefined> {
  const spec = { sha256: HEX64.test(etag), sha1: HEX40.test(etag), size };
  if (!spec.sha256 && !spec.sha1) return undefined;
  const digests = await hashAsWritten(path, spec).finish();
  return spec.sha1 ? digests.sha1 : digests.sha256;
}

/** The storage URL of a job's file (resolve's redirect). */
async function storageUrl(ctx: FilesContext, job: FetchJob): Promise<string> {
  const { repoId, type, revision, path, signal } = job;
  return (await ctx.api.downloadUrl({ repoId, type, revision, path, signal })).location;
}

/** GETs a storage URL without the hub's token (the Range header, if any, in `headers`). */
function storageGet(
  ctx: FilesContext,
  location: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Response> {
  return ctx.api.http.send({
    method: "GET",
    path: location,
    headers,
    auth: false,
    retry: false,
    okStatuses: [206],
    signal,
    timeoutMs: 0,
  });
}

/**
 * What to do after a failed storage GET: `"resolve"` when the storage refused the URL (expired, or
 * refused: resolve again), `"retry"` for what another try may cure. Anything else is thrown.
 */
function afterFailure(err: unknown, signal: AbortSignal): "resolve" | "retry" {
  if (signal.aborted) throw signal.reason;
  if (err instanceof PermissionDeniedError || (err instanceof KohubError && err.status === 400))
    return "resolve";
  if (err instanceof LocalFileError || err instanceof IntegrityError || !retryable(err)) throw err;
  return "retry";
}

/**
 * Downloads a file, retries dropped connections and 5xx with backoff, checks size and hash, then renames
 * it to `destination`. Files over `fetchLimits.wholeFile` go to `incomplete`, continuing one left by an
 * earlier attempt with a Range request; smaller ones are checked in memory and written to a temporary
 * file of the process's own. A mismatch leaves nothing behind and throws an {@link IntegrityError}.
 */
export function fetchVerified(ctx: FilesContext, job: FetchJob): Promise<string> {
  return job.size <= fetchLimits.wholeFile ? fetchSmall(ctx, job) : fetchLarge(ctx, job);
}

/** {@link fetchVerified} of a file over `fetchLimits.wholeFile`, through its `.incomplete` file. */
async function fetchLarge(ctx: FilesContext, job: FetchJob): Promise<string> {
  const { incomplete } = job;
  job.run.folders.ensure(dirname(incomplete));
  const etag = hashEtag(job.etag);
  const location = await storageUrl(ctx, job);
  const urlOid = oidFromUrl(location);
  const digests = await fetchResumable(ctx, job, location, hashSpec(job, etag, urlOid));
  let named: string | undefined;
  try {
    named = verified(job, etag, urlOid, digests);
  } catch (err) {
    await rm(incomplete, { force: true });
    throw err;
  }
  return moveInto(job, incomplete, named);
}

/**
 * Checks a download's digests: against the storage URL's oid (the truth for these bytes), else against a
 * hash etag at a branch head ({@link FetchJob.trusted}). Returns the digest of the etag's kind (what the
 * cache names the blob by); a mismatch is an {@link IntegrityError}.
 */
function verified(
  job: FetchJob,
  etag: string | undefined,
  urlOid: string | undefined,
  { sha256, sha1 }: Digests,
): string | undefined {
  const named = sha1 ?? sha256; // the same kind of hash as the etag
  let check: [string, string | undefined] | undefined;
  if (urlOid) check = [urlOid, sha256];
  else if (etag && job.trusted) check = [etag, named];
  if (check && check[0] !== check[1]) {
    throw new IntegrityError(
      `Downloaded ${job.path} does not match the server's hash (expected ${check[0]}, got ${check[1]}); nothing was kept`,
      { code: "HashMismatch" },
    );
  }
  return named;
}

/** Renames a verified download into place; returns where it went. */
function moveInto(job: FetchJob, from: string, named: string | undefined): string {
  const destination = typeof job.destination === "string" ? job.destination : job.destination(named);
  job.run.folders.ensureParent(destination);
  try {
    renameSync(from, destination);
  } catch (err) {
    throw localError(err, "write", destination);
  }
  return destination;
}

/** The etag when it is a hash (SHA-256 or git-blob SHA-1). */
function hashEtag(etag: string | undefined): string | undefined {
  return etag && (HEX64.test(etag) || HEX40.test(etag)) ? etag : undefined;
}

/**
 * The hashes a download needs, given its etag when that is a hash: SHA-256 for a storage-URL oid or an
 * LFS etag; the git-blob SHA-1 of a git etag when it is checked (no oid in the URL) or names the file (the
 * cache names blobs by etag).
 */
function hashSpec(job: FetchJob, etag: string | undefined, urlOid: string | undefined): HashSpec {
  const gitEtag = etag !== undefined && HEX40.test(etag);
  return {
    sha256: urlOid !== undefined || (etag !== undefined && HEX64.test(etag)),
    sha1: gitEtag && (typeof job.destination === "function" || (urlOid === undefined && job.trusted)),
    size: job.size,
  };
}

/** The error of a body shorter than announced (the connection dropped; another try may do better). */
function endedEarly(): NetworkError {
  return new NetworkError("The download ended early", { code: "NetworkError" });
}

/** The error of a download whose size is not the announced one (nothing is kept). */
function sizeMismatch(job: FetchJob, actual: number): IntegrityError {
  return new IntegrityError(
    `Downloaded ${job.path} has ${actual} bytes, the server announced ${job.size}; nothing was kept`,
    { code: "SizeMismatch" },
  );
}

/**
 * {@link fetchVerified} of a small file: fetched whole into memory and checked there (`url`, the storage URL
 * it came from, may name its oid), then written to a temporary file of this process's own and renamed in
 * one go (nothing else runs meanwhile), so that downloads of the same file by other processes never mix;
 * nothing is written when it failed. With {@link FetchRun.follow}, one GET of resolve follows the redirect;
 * otherwise resolve is asked for the storage URL, which is then fetched without the hub's token.
 */
async function fetchSmall(ctx: FilesContext, job: FetchJob): Promise<string> {
  const { size, signal, run } = job;
  // The usual case in few steps: one GET whose redirect the runtime follows, a 200 with the whole body
  // announced, read, checked and stored. Anything else goes on in the general loop (fetchSmallRetrying)
  // as its first attempt. Kept apart and short on purpose: over thousands of small files, every layer (an
  // async function, a wrapper of fetch) and every line a file goes through shows (bench/offline.ts).
  if (size === 0 || !run.follow || signal.aborted) return fetchSmallRetrying(ctx, job);
  const resolve = resolveUrl(ctx, job);
  const url = typeof resolve === "string" ? resolve : await resolve;
  run.deadlines ??= new Deadlines(signal, Math.min(1000, fetchLimits.idleMs));
  const request = run.deadlines.start(smallDeadline(size));
  const started = performance.now();
  let res: Response;
  try {
    res = await ctx.api.http.fetchFile(url, request.signal);
  } catch (err) {
    return fetchSmallRetrying(ctx, job, {
      request,
      err: ctx.api.http.fileFailed(err, url, started, request.signal),
    });
  }
  ctx.api.http.logFile(res, url, started);
  if (res.status !== 200 || res.headers.get("content-length") !== String(size))
    return fetchSmallRetrying(ctx, job, { request, url, res });
  let body: Uint8Array;
  try {
    body = await res.bytes();
  } catch (err) {
    return fetchSmallRetrying(ctx, job, { request, err: brokenConnection(err, request.signal) });
  }
  run.deadlines.end(request);
  if (body.byteLength !== size) return fetchSmallRetrying(ctx, job, { short: true });
  return storeSmall(job, body, res.url);
}

/** A small file's whole download has a deadline: the idle limit, plus a second per 16 KiB. */
function smallDeadline(size: number): number {
  return fetchLimits.idleMs + Math.ceil(size / 16_384) * 1000;
}

/**
 * How {@link fetchSmall}'s first attempt went, when it was not the usual case: an answer to check (its
 * request's deadline still running), a failure, or a body shorter than announced.
 */
type FirstAttempt =
  | { request: AbortController; url: string; res: Response }
  | { request: AbortController; err: unknown }
  | { short: true };

/**
 * {@link fetchSmall}'s general road: retries dropped connections and 5xx with backoff, and asks resolve and
 * the storage apart when the run no longer follows redirects (see {@link FetchRun.follow}). `first` is an
 * attempt made already (the first of the budget).
 */
async function fetchSmallRetrying(ctx: FilesContext, job: FetchJob, first?: FirstAttempt): Promise<string> {
  const { size, signal, run } = job;
  let body: Uint8Array = new Uint8Array(0);
  let url: string | undefined;
  let location: string | undefined;
  let lastError: unknown;
  for (let attempt = 1; size > 0; attempt++) {
    throwIfAborted(signal);
    if (attempt > TRANSFER_ATTEMPTS) throw lastError;
    if (attempt > 1) await sleep(ctx.backoff(attempt - 1), signal);
    const made = first;
    first = undefined;
    if (made && "short" in made) {
      lastError = endedEarly();
      continue;
    }
    const follow = made !== undefined || run.follow;
    run.deadlines ??= new Deadlines(signal, Math.min(1000, fetchLimits.idleMs));
    const request = made?.request ?? run.deadlines.start(smallDeadline(size));
    const requestSignal = request.signal;
    try {
      let res: Response;
      if (made) {
        if ("err" in made) throw made.err;
        res = await ctx.api.http.checkFile(made.res, made.url, [206]);
        url = res.url;
      } else if (follow) {
        const resolve = resolveUrl(ctx, job);
        res = await ctx.api.http.getFile(
          typeof resolve === "string" ? resolve : await resolve,
          requestSignal,
          [206],
        );
        url = res.url;
      } else {
        location ??= await storageUrl(ctx, job);
        res = await storageGet(ctx, location, {}, requestSignal);
        url = location;
      }
      // With a Content-Length up to the size the runtime reads the body natively (a stream reader costs
      // more per file); otherwise at most `size` bytes are read (a longer body is cut: the hash decides).
      const length = res.headers.get("content-length");
      if (length !== null && Number(length) <= size) {
        try {
          body = await res.bytes();
        } catch (err) {
          throw brokenConnection(err, requestSignal);
        }
      } else body = await readCapped(res, size, requestSignal);
    } catch (err) {
      lastError =
        requestSignal.aborted && !signal.aborted
          ? new NetworkError(`The download of ${job.path} stalled`, { code: "NetworkError", cause: err })
          : err;
      if (afterFailure(lastError, signal) === "resolve") {
        if (follow) run.follow = false;
        location = undefined;
      }
      continue;
    } finally {
      run.deadlines.end(request);
    }
    if (body.byteLength >= size) break;
    lastError = endedEarly();
  }
  return storeSmall(job, body, url);
}

/** A small file's verified bytes (`url`, where they came from, may name their oid) written into place. */
function storeSmall(job: FetchJob, body: Uint8Array, url: string | undefined): string {
  const etag = hashEtag(job.etag);
  const urlOid = url ? oidFromUrl(url) : undefined;
  const named = verified(job, etag, urlOid, hashBytes(hashSpec(job, etag, urlOid), body));
  const { run, incomplete } = job;
  run.folders.ensureParent(incomplete);
  const temp = `${incomplete}.${TEMP_TAG}`;
  try {
    writeWhole(temp, body);
    return moveInto(job, temp, named); // its bytes are counted when the caller marks it done
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** The error of a body whose connection broke (the abort reason when the request was stopped). */
function brokenConnection(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  return new NetworkError(`The connection broke while downloading: ${(err as Error).message}`, {
    code: "NetworkError",
    cause: err,
  });
}

/** At most `size` bytes of a body without a usable `Content-Length`. A broken connection is a {@link NetworkError}. */
async function readCapped(res: Response, size: number, signal: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const read = await readBody(res, size, signal, (chunk) => {
    chunks.push(chunk);
  });
  if (read.error) throw read.error;
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/**
 * A file in pieces, continuing an `.incomplete` file from its size with a Range request after a dropped
 * connection (within this call or a later one). Leaves `incomplete` holding exactly `size` bytes, and
 * returns their digests (hashed as they were written).
 */
async function fetchResumable(
  ctx: FilesContext,
  job: FetchJob,
  initialLocation: string,
  spec: HashSpec,
): Promise<Digests> {
  const { incomplete, size, counter, signal } = job;
  let location: string | undefined = initialLocation;
  let offset = (await fileSize(incomplete)) ?? 0;
  if (offset > 0 && offset <= size) counter.skip(offset);
  else {
    // Nothing to continue (or an .incomplete longer than the file): start from an empty one.
    offset = 0;
    await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
  }
  let hashing = hashAsWritten(incomplete, spec);
  const restart = async () => {
    hashing.cancel();
    await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
    counter.reset();
    offset = 0;
    hashing = hashAsWritten(incomplete, spec);
  };
  try {
    let lastError: unknown;
    for (let attempt = 1; offset < size; attempt++) {
      throwIfAborted(signal);
      if (attempt > TRANSFER_ATTEMPTS) throw lastError;
      if (attempt > 1) await sleep(ctx.backoff(attempt - 1), signal);
      // This attempt's own stop: the caller's, or the stall watchdog's of a body the runtime writes.
      const cut = new AbortController();
      const attemptSignal = AbortSignal.any([signal, cut.signal]);
      let res: Response;
      try {
        location ??= await storageUrl(ctx, job);
        const range: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
        res = await storageGet(ctx, location, range, attemptSignal);
      } catch (err) {
        lastError = err;
        if (err instanceof KohubError && err.status === 416 && offset > 0 && !signal.aborted) {
          await restart();
          continue;
        }
        if (afterFailure(err, signal) === "resolve") location = undefined;
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
        await restart();
      }
      // The whole file, announced at its size: the runtime writes it. Anything else (a resume, a body of
      // another or no announced length) goes chunk by chunk, cut at the size.
      const got =
        offset === 0 && res.headers.get("content-length") === String(size)
          ? await writeBody(res, incomplete, size, counter, cut, signal)
          : await appendBody(res, incomplete, size - offset, counter, attemptSignal);
      offset += got.bytes;
      if (got.error) {
        afterFailure(got.error, signal);
        lastError = got.error;
        continue;
      }
      if (got.bytes > 0) attempt = 0; // progress was made: the attempt budget starts again
    }
    const actual = (await fileSize(incomplete)) ?? 0;
    if (actual !== size) {
      hashing.cancel();
      await rm(incomplete, { force: true });
      throw sizeMismatch(job, actual);
    }
    return await hashing.finish();
  } catch (err) {
    hashing.cancel();
    throw err;
  }
}

/** The size of a file, 0 when it cannot be read. */
function sizeNow(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Writes a whole response body to `path` (from its start) natively: no JavaScript runs per chunk. The
 * progress and the stall watchdog read the file's size; a stall aborts `cut`, which the request listens
 * to. Never throws for the network: a broken or short body comes back as `error` with the bytes written.
 *
 * (`Bun.write` takes the path, not a descriptor: in Bun 1.4.5, writing a response to `Bun.file(fd)` can
 * write it twice when the descriptor's number was used before.)
 */
async function writeBody(
  res: Response,
  path: string,
  size: number,
  counter: FileCounter,
  cut: AbortController,
  signal: AbortSignal,
): Promise<{ bytes: number; error?: unknown }> {
  let seen = 0;
  let grew = Date.now();
  const stalled = new NetworkError("The download stalled", { code: "NetworkError" });
  const watch = setInterval(() => {
    const now = sizeNow(path);
    if (now > seen) {
      counter.add(Math.min(now, size) - Math.min(seen, size));
      seen = now;
      grew = Date.now();
    } else if (Date.now() - grew > fetchLimits.idleMs) cut.abort(stalled);
  }, PROGRESS_MS);
  let error: unknown;
  try {
    await Bun.write(path, res);
  } catch (err) {
    if (signal.aborted) error = signal.reason;
    else if (cut.signal.aborted) error = stalled;
    else if (isFileSystemError(err)) error = localError(err, "write", path);
    else
      error = new NetworkError(`The connection broke while downloading: ${(err as Error).message}`, {
        code: "NetworkError",
        cause: err,
      });
  } finally {
    clearInterval(watch);
  }
  let bytes = sizeNow(path);
  if (bytes > size) {
    // More than announced (the runtime's doing: the body's length was checked): cut, the hash decides.
    await local("write", path, () => truncate(path, size));
    bytes = size;
  }
  if (bytes > seen) counter.add(Math.min(bytes, size) - Math.min(seen, size));
  if (!error && bytes < size) error = endedEarly();
  return { bytes, error };
}

/**
 * Appends a response body to a file, at most `max` bytes. Never throws for the network: a broken stream
 * comes back as `error` with the bytes written so far. Writes go through a buffered Bun FileSink (one
 * awaited write per network chunk halved the throughput), flushed before return.
 */
async function appendBody(
  res: Response,
  path: string,
  max: number,
  counter: FileCounter,
  signal: AbortSignal,
): Promise<{ bytes: number; error?: unknown }> {
  const fd = await local("write", path, async () => openSync(path, "a"));
  const sink = Bun.file(fd).writer({ highWaterMark: WRITE_BUFFER });
  let result: { bytes: number; error?: unknown };
  try {
    result = await readBody(res, max, signal, (value) => {
      try {
        sink.write(value);
      } catch (err) {
        throw localError(err, "write", path);
      }
      counter.add(value.byteLength);
    });
    if (!result.error && result.bytes < max) result.error = endedEarly();
  } finally {
    try {
      await sink.end();
    } catch (err) {
      result = { bytes: 0, error: localError(err, "write", path) };
    }
    closeSync(fd);
  }
  return result;
}

/**
 * Reads a response body chunk by chunk into `onChunk`, at most `max` bytes (the rest is cancelled). Never
 * throws: a broken or stalled stream, an abort, or an error of `onChunk` comes back as `error`, with the
 * bytes handed over so far. A body that ends before `max` is not an error here.
 */
async function readBody(
  res: Response,
  max: number,
  signal: AbortSignal,
  onChunk: (chunk: Uint8Array) => void,
): Promise<{ bytes: number; error?: unknown }> {
  const reader = res.body?.getReader();
  if (!reader) {
    return {
      bytes: 0,
      error: new NetworkError("The storage answered without a body", { code: "NetworkError" }),
    };
  }
  let bytes = 0;
  let last = Date.now();
  let stalled = false;
  const watchdog = setInterval(
    () => {
      if (Date.now() - last <= fetchLimits.idleMs) return;
      stalled = true;
      reader.cancel(new Error("the download stalled")).catch(() => {});
    },
    Math.min(fetchLimits.idleMs, 5_000),
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
        if (stalled)
          return { bytes, error: new NetworkError("The download stalled", { code: "NetworkError" }) };
        return { bytes };
      }
      last = Date.now();
      let value = chunk.value;
      if (bytes + value.byteLength > max) value = value.subarray(0, max - bytes);
      const n = value.byteLength;
      try {
        onChunk(value);
      } catch (err) {
        return { bytes, error: err };
      }
      bytes += n;
      if (bytes >= max) {
        await reader.cancel().catch(() => {});
        return { bytes };
      }
    }
  } finally {
    clearInterval(watchdog);
    signal.removeEventListener("abort", onAbort);
  }
}
