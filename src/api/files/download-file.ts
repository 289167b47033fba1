/**
 * The download engine: one file's bytes from the storage into its `.incomplete` file, in one loop that
 * resumes with `Range` requests after a dropped or stalled connection (within the call and across calls),
 * hashes every byte as it is written (bytes already on disk are hashed first), and checks the result
 * against the hash the server announced. The caller renames the file into place.
 *
 * @module
 */
import { closeSync, openSync, rmSync, statSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { KohubError, NetworkError, PermissionDeniedError } from "../errors.ts";
import { etagHash, makeFolder } from "./cache-layout.ts";
import type { FilesContext } from "./context.ts";
import { IntegrityError, localError, localSync } from "./errors.ts";
import { type Digests, Hashers, type HashSpec, readInPieces } from "./hashing.ts";
import type { FileCounter } from "./progress.ts";
import { hostOf, retryable, sleep, TRANSFER_ATTEMPTS, throwIfAborted, Watchdog } from "./retry.ts";

/** One file to download. */
export interface FileJob {
  /** Path in the repo (for messages). */
  path: string;
  size: number;
  /** The path's etag: a SHA-256 (LFS) or git-blob SHA-1 (regular file), or anything else. */
  etag: string | undefined;
  /**
   * Whether a mismatch with `etag` is an error. KohakuHub's etag is the path's latest record, whatever the
   * branch (repos-files.md §18), so it is only trusted at a branch head. A SHA-256 in the storage URL (LFS
   * objects live at `lfs/aa/bb/<oid>`) is always trusted.
   */
  trusted: boolean;
  /** Where the bytes go; an existing one is continued. */
  incomplete: string;
  counter: FileCounter;
  signal: AbortSignal;
  /** The storage URL (resolve's redirect); asked again when the storage refuses the last one. */
  locate(): Promise<string>;
}

/** The hashers of a download and how far it got. */
interface Received {
  offset: number;
  hashers: Hashers;
}

/** The SHA-256 in a storage URL of an LFS object (`.../lfs/aa/bb/<oid>`), if it is one. */
export function oidFromUrl(url: string): string | undefined {
  const m = /\/lfs\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})(?:[?#]|$)/.exec(url);
  return m?.[3]?.startsWith(`${m[1]}${m[2]}`) ? m[3] : undefined;
}

/**
 * Downloads a file into `job.incomplete` and checks it: against the storage URL's oid (the truth for these
 * bytes), else against a hash etag when trusted. Returns the digest of the etag's kind (what the cache names
 * the blob by). A mismatch removes the file and throws an {@link IntegrityError}.
 */
export async function fetchVerified(ctx: FilesContext, job: FileJob): Promise<string | undefined> {
  const etag = etagHash(job.etag);
  const location = await job.locate();
  const urlOid = oidFromUrl(location);
  const sha1 = etag?.sha1 ?? false;
  const spec = { sha256: urlOid !== undefined || (etag !== undefined && !sha1), sha1, size: job.size };
  const digests = await receive(ctx, job, spec, location);
  const named = sha1 ? digests.sha1 : digests.sha256;
  const check = urlOid ? [urlOid, digests.sha256] : etag && job.trusted ? [etag.value, named] : undefined;
  if (check && check[0] !== check[1]) {
    rmSync(job.incomplete, { force: true });
    throw new IntegrityError(
      `Downloaded ${job.path} does not match the server's hash (expected ${check[0]}, got ${check[1]}); nothing was kept`,
      { code: "HashMismatch" },
    );
  }
  return named;
}

/** The size of a file, 0 when it is missing. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The loop: continues `job.incomplete` from its size until it holds `job.size` bytes, retrying what another
 * try may cure. Attempts that bring no new byte are counted; {@link TRANSFER_ATTEMPTS} of them in a row
 * end it with the last error.
 */
async function receive(ctx: FilesContext, job: FileJob, spec: HashSpec, first: string): Promise<Digests> {
  makeFolder(dirname(job.incomplete));
  const st: Received = { offset: sizeOf(job.incomplete), hashers: new Hashers(spec) };
  if (st.offset > job.size) st.offset = 0;
  if (st.offset > 0) await resumeFrom(job, st);
  else startOver(job, st);
  let location: string | undefined = first;
  let best = st.offset;
  let idle = 0;
  while (st.offset < job.size) {
    try {
      location ??= await job.locate();
      await attempt(ctx, job, location, st);
    } catch (err) {
      const next = afterFailure(err, job.signal);
      if (next === "resolve") location = undefined;
      if (next === "restart") startOver(job, st);
      if (st.offset > best) idle = 0;
      else if (++idle >= TRANSFER_ATTEMPTS) throw err;
      best = Math.max(best, st.offset);
      if (idle > 0) await sleep(ctx.backoff(idle), job.signal);
    }
  }
  return st.hashers.digests();
}

/** Hashes the bytes an earlier attempt left, and counts them as not transferred. */
async function resumeFrom(job: FileJob, st: Received): Promise<void> {
  await readInPieces(job.incomplete, st.offset, (piece) => st.hashers.update(piece));
  job.counter.skip(st.offset);
}

/** Empties the file and the hashers: the download starts from its first byte. */
function startOver(job: FileJob, st: Received): void {
  try {
    closeSync(openSync(job.incomplete, "w"));
  } catch (err) {
    throw localError(err, "write", job.incomplete);
  }
  st.offset = 0;
  st.hashers = new Hashers(st.hashers.spec);
  job.counter.reset();
}

/**
 * What to do after a failed attempt: `resolve` when the storage refused the URL (expired: ask for a fresh
 * one), `restart` when it cannot serve the range, `retry` for what another try may cure; anything else is
 * thrown.
 */
function afterFailure(err: unknown, signal: AbortSignal): "resolve" | "restart" | "retry" {
  throwIfAborted(signal);
  if (err instanceof PermissionDeniedError || (err instanceof KohubError && err.status === 400))
    return "resolve";
  if (err instanceof KohubError && err.status === 416) return "restart";
  if (retryable(err)) return "retry";
  throw err;
}

/** One GET of the storage from `st.offset`, its body appended to the file; a stall cuts it. */
async function attempt(ctx: FilesContext, job: FileJob, location: string, st: Received): Promise<void> {
  const watchdog = new Watchdog(job.signal, ctx.stallMs, `The download of ${job.path}`, location);
  try {
    const res = await ctx.api.http.send({
      method: "GET",
      path: location,
      headers: st.offset > 0 ? { range: `bytes=${st.offset}-` } : {},
      auth: false,
      retry: false,
      okStatuses: [206],
      signal: watchdog.signal,
      timeoutMs: 0,
    });
    const start =
      res.status === 206
        ? Number(/^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "")?.[1] ?? -1)
        : 0;
    if (start !== st.offset) {
      if (start !== 0) {
        await res.body?.cancel().catch(() => {});
        // A confused proxy or storage: worth another try.
        throw new NetworkError(`${hostOf(location)} answered another range than asked for ${job.path}`, {
          code: "UnexpectedResponse",
        });
      }
      startOver(job, st); // a whole file where a range was asked
    }
    await appendBody(res, job, st, watchdog, location);
  } finally {
    watchdog.stop();
  }
}

/**
 * Appends a response body to the file (no byte past `job.size`), hashing and counting each chunk. A body
 * that breaks, stalls or ends early is a {@link NetworkError} (retried); a failed write is a local error.
 */
async function appendBody(
  res: Response,
  job: FileJob,
  st: Received,
  watchdog: Watchdog,
  location: string,
): Promise<void> {
  const reader = res.body?.getReader();
  const fd = localSync("write", job.incomplete, () => openSync(job.incomplete, "a"));
  try {
    while (reader && st.offset < job.size) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw brokenBody(err, job, watchdog, location);
      }
      if (chunk.done) break;
      watchdog.touch();
      const piece = chunk.value.subarray(0, job.size - st.offset);
      writeAll(fd, piece, job.incomplete);
      st.hashers.update(piece);
      st.offset += piece.byteLength;
      job.counter.add(piece.byteLength);
    }
  } finally {
    closeSync(fd);
    await reader?.cancel().catch(() => {});
  }
  if (st.offset < job.size) {
    throw new NetworkError(
      `The download of ${job.path} from ${hostOf(location)} ended early (${st.offset} of ${job.size} bytes)`,
      { code: "ConnectionBroken" },
    );
  }
}

/** The error of a body whose reading failed: the caller's stop, a stall, or a broken connection. */
function brokenBody(err: unknown, job: FileJob, watchdog: Watchdog, location: string): unknown {
  if (job.signal.aborted) return job.signal.reason;
  if (watchdog.fired) return watchdog.signal.reason;
  return new NetworkError(
    `The connection to ${hostOf(location)} broke while downloading ${job.path}: ${(err as Error).message}`,
    { code: "ConnectionBroken", cause: err },
  );
}

/** Writes all of `bytes` at the end of the file; a failure (a full disk) truncates back what it wrote. */
function writeAll(fd: number, bytes: Uint8Array, path: string): void {
  let done = 0;
  try {
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done);
  } catch (err) {
    if (done > 0) truncateSync(path, statSync(path).size - done);
    throw localError(err, "write", path);
  }
}
