/**
 * Verified downloads: bytes go to an `.incomplete` file, resumed with `Range` requests after a dropped
 * connection, checked against the size and hash the server announced, then renamed into place.
 *
 * @module
 */
import { closeSync, createReadStream, openSync } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { KohubError, NetworkError, PermissionDeniedError } from "../errors.ts";
import type { RepoType } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { IntegrityError, LocalFileError, local, localError } from "./errors.ts";
import type { FileCounter } from "./progress.ts";
import { HEX40, HEX64, retryable, sleep, TRANSFER_ATTEMPTS, throwIfAborted } from "./util.ts";

/** Bytes the download file sink buffers before it writes. */
const WRITE_BUFFER = 4 * 1024 * 1024;

/** A download that receives nothing for this long is cut and resumed. */
const IDLE_TIMEOUT_MS = 60_000;

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

/** A hasher of the kind of `etag` (SHA-256 for 64 hex digits, git-blob SHA-1 for 40), if it is a hash. */
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

/** The size of a file, undefined when it is missing. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Hashes a file on disk (to check a copy that has no metadata). */
export async function hashFile(path: string, etag: string, size: number): Promise<string | undefined> {
  const hasher = newHasher(etag, size);
  if (!hasher) return undefined;
  for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  return hasher.digest("hex");
}

/**
 * Downloads to `incomplete` (continuing from its size with a Range request), retries dropped connections
 * and 5xx with backoff, checks size and hash, then renames to `destination`. A mismatch deletes the
 * `.incomplete` file and throws an {@link IntegrityError}.
 */
export async function fetchVerified(ctx: FilesContext, job: FetchJob): Promise<string> {
  const { incomplete, size, counter, signal } = job;
  const resolveLocation = async () =>
    (
      await ctx.api.downloadUrl({
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
  } else if (size === 0) {
    // Nothing to fetch: the empty file is made here (otherwise the first append creates it).
    await local("write", incomplete, () => writeFile(incomplete, new Uint8Array(0)));
  }
  let lastError: unknown;
  for (let attempt = 1; offset < size; attempt++) {
    throwIfAborted(signal);
    if (attempt > TRANSFER_ATTEMPTS) throw lastError;
    if (attempt > 1) await sleep(ctx.backoff(attempt - 1), signal);
    let res: Response;
    try {
      location ??= await resolveLocation();
      res = await ctx.api.http.send({
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
    const got = await appendBody(res, incomplete, size - offset, hashes, counter, signal);
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
 * network: a broken stream comes back as `error` with the bytes written so far. Writes go through a
 * buffered Bun FileSink (one awaited write per network chunk halved the throughput), flushed before return.
 */
async function appendBody(
  res: Response,
  path: string,
  max: number,
  hashes: DownloadHashes,
  counter: FileCounter,
  signal: AbortSignal,
): Promise<{ bytes: number; error?: unknown }> {
  const reader = res.body?.getReader();
  if (!reader) {
    return {
      bytes: 0,
      error: new NetworkError("The storage answered without a body", { code: "NetworkError" }),
    };
  }
  const fd = await local("write", path, async () => openSync(path, "a"));
  const sink = Bun.file(fd).writer({ highWaterMark: WRITE_BUFFER });
  let result: { bytes: number; error?: unknown } | undefined;
  let bytes = 0;
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
    while (!result) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        result = {
          bytes,
          error: new NetworkError(`The connection broke while downloading: ${(err as Error).message}`, {
            code: "NetworkError",
            cause: err,
          }),
        };
        break;
      }
      if (chunk.done) {
        if (signal.aborted) result = { bytes, error: signal.reason };
        else if (bytes < max) {
          result = { bytes, error: new NetworkError("The download ended early", { code: "NetworkError" }) };
        } else result = { bytes };
        break;
      }
      last = Date.now();
      let value = chunk.value;
      if (bytes + value.byteLength > max) value = value.subarray(0, max - bytes);
      try {
        sink.write(value);
      } catch (err) {
        result = { bytes, error: localError(err, "write", path) };
        break;
      }
      hashes.update(value);
      bytes += value.byteLength;
      counter.add(value.byteLength);
      if (bytes >= max) {
        await reader.cancel().catch(() => {});
        result = { bytes };
      }
    }
  } finally {
    clearInterval(watchdog);
    signal.removeEventListener("abort", onAbort);
    try {
      await sink.end();
    } catch (err) {
      result = { bytes, error: localError(err, "write", path) };
    }
    closeSync(fd);
  }
  return result;
}
