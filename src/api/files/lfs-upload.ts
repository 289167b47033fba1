/**
 * LFS objects of an upload: one storage PUT, or a multipart upload that keeps a resume record on disk
 * (see docs/transfers.md), then the server's verify call. Storage PUTs stream from disk with a
 * `Content-Length`, a stall cuts them, and they are retried with backoff.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { openAsBlob, type Stats, statSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { KohubError } from "../errors.ts";
import type { LfsBatchObject } from "../schemas/transfer.ts";
import { type LfsUploadPlan, lfsUploadPlan } from "../transfer.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, local, localSync } from "./errors.ts";
import { uploadResumeDir } from "./paths.ts";
import { type Limiter, runPool } from "./pool.ts";
import type { FileCounter } from "./progress.ts";
import { childController, retryable, sleep, TRANSFER_ATTEMPTS, throwIfAborted, Watchdog } from "./retry.ts";
import type { UploadItem, UploadSource } from "./upload.ts";

type MultipartPlan = Extract<LfsUploadPlan, { kind: "multipart" }>;

/** Bytes read from disk per step of a streamed storage PUT (what is in flight per transfer). */
const UPLOAD_CHUNK = 256 * 1024;
/** A recorded multipart upload is reused only when its URLs stay valid at least this long. */
const RESUME_MARGIN_MS = 3_600_000;

/** A file's identity and times: any write to it changes its ctime. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export function stampOf(st: Stats): FileStamp {
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

/**
 * Refuses an item whose file changed since its hashing began. An LFS object is stored under the oid it
 * was announced with, and the storage does not check the bytes against it: a file rewritten during its
 * upload would store other bytes under that oid, for every repo that links it. So this check runs where
 * the object is stored: before the last chunk of a single PUT (every byte of it was read before, so when
 * the check passes they are the bytes that were hashed; when it fails the body stays short of its length
 * and the storage keeps nothing), and before a multipart upload is completed (any write since the hashing
 * moves the file's ctime, so a file seen unchanged then was not written while its parts were sent).
 */
export function checkUnchanged(item: UploadItem): void {
  const was = item.stamp;
  if (item.file === undefined || was === undefined) return;
  const file = item.file;
  const now = stampOf(localSync("read", item.source, () => statSync(file)));
  if ((Object.keys(was) as Array<keyof FileStamp>).some((key) => now[key] !== was[key])) {
    throw new LocalFileError(`Cannot upload ${item.source}: it changed while being uploaded`, item.source);
  }
}

/** A multipart upload kept on disk between attempts: the batch answer, and the ETags of finished parts. */
type ResumeRecord = Omit<MultipartPlan, "kind"> & {
  version: 1;
  endpoint: string;
  /** Epoch ms after which the URLs are no longer valid. */
  expiresAt: number;
  /** Part number → ETag of the finished parts. */
  parts: Record<string, string>;
};

/**
 * A readable stream of `blob` that reports each chunk as it is handed to the network. `beforeLast` runs
 * before the last chunk goes out: when it throws, or when the blob reads short (its file shrank), the
 * stream fails with that error (kept in `failure`), so that the body stays short of its Content-Length
 * and the storage stores nothing.
 */
function countingStream(
  blob: Blob,
  onBytes: (n: number) => void,
  beforeLast: () => void,
  failure: { err?: unknown },
): ReadableStream<Uint8Array> {
  let position = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (position >= blob.size) {
          controller.close();
          return;
        }
        const end = Math.min(position + UPLOAD_CHUNK, blob.size);
        let chunk: Uint8Array;
        try {
          chunk = await blob.slice(position, end).bytes();
          if (chunk.byteLength !== end - position) {
            beforeLast(); // a file that shrank is refused as changed
            throw new Error(
              `Read ${chunk.byteLength} bytes at ${position} where ${end - position} were expected`,
            );
          }
          if (end === blob.size) beforeLast();
        } catch (err) {
          failure.err = err;
          controller.error(err);
          return;
        }
        position = end;
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A resume record, when the file holds a valid one. */
async function readRecord(file: string): Promise<ResumeRecord | undefined> {
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as ResumeRecord;
    return data && data.version === 1 && Array.isArray(data.partUrls) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Resume folders this process has already cleaned. */
const pruned = new Set<string>();

/**
 * Removes the resume records that can never be used again (their URLs expired, or unreadable) and
 * temporary files older than an hour, once per folder and process. Best effort: it never fails an upload.
 */
async function pruneRecords(dir: string): Promise<void> {
  if (pruned.has(dir)) return;
  pruned.add(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // no folder yet
  }
  const now = Date.now();
  await Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      if (name.endsWith(".tmp")) {
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > RESUME_MARGIN_MS) await rm(file, { force: true }).catch(() => {});
      } else if (name.endsWith(".json")) {
        const record = await readRecord(file);
        if (!record || record.expiresAt < now) await rm(file, { force: true }).catch(() => {});
      }
    }),
  );
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

/** A recorded multipart upload the storage no longer accepts (`cause` says why). */
class StaleUpload extends Error {
  override cause: unknown;
  constructor(cause: unknown) {
    super("stale multipart upload");
    this.cause = cause;
  }
}

/** One object of an LFS batch answer to upload. */
export interface LfsJob {
  item: UploadItem;
  obj: LfsBatchObject;
  counter: FileCounter;
  /** The limit every storage PUT of the upload goes through. */
  limiter: Limiter;
  repoId: string;
  resumeDir: string | false | undefined;
}

/**
 * An item's bytes as a Blob. A file's is opened here, when its bytes are to be sent (the runtime then
 * streams it from disk as a request's body), so that a folder of small files sent inline opens none.
 */
export async function blobOf(item: UploadSource): Promise<Blob> {
  const file = item.file;
  if (file === undefined) return item.blob as Blob;
  return local("read", item.source, () => openAsBlob(file));
}

/** Uploads one object of a batch answer; false when the server already had it. */
export async function uploadLfsObject(ctx: FilesContext, job: LfsJob, signal: AbortSignal): Promise<boolean> {
  const { item, obj, counter, limiter, repoId, resumeDir } = job;
  const plan = lfsUploadPlan(obj);
  const dir = resumeDir === false ? undefined : (resumeDir ?? uploadResumeDir(ctx.env));
  const endpointKey = createHash("sha256").update(ctx.api.endpoint).digest("hex").slice(0, 16);
  const recordFile = dir ? join(dir, `${endpointKey}-${plan.oid}.json`) : undefined;
  if (plan.kind === "skip") {
    if (recordFile) await rm(recordFile, { force: true }).catch(() => {});
    return false;
  }
  if (plan.kind === "single") {
    await limiter.run(async () => {
      await putStorage(
        ctx,
        plan.href,
        await blobOf(item),
        plan.header,
        (n) => counter.add(n),
        { check: () => checkUnchanged(item), streamed: true },
        signal,
        "object",
      );
      await ctx.api.lfsVerify({ href: plan.verifyHref, repoId, oid: plan.oid, size: plan.size, signal });
    });
    return true;
  }
  return uploadMultipart(ctx, job, plan, recordFile, signal);
}

/** A multipart upload: the recorded one for these bytes when it is still usable, else the fresh one. */
async function uploadMultipart(
  ctx: FilesContext,
  job: LfsJob,
  plan: MultipartPlan,
  recordFile: string | undefined,
  signal: AbortSignal,
): Promise<boolean> {
  const expiresAt = Date.parse(job.obj.actions?.upload?.expires_at ?? "") || Date.now() + 86_400_000;
  const { kind: _, ...batchAnswer } = plan;
  const fresh: ResumeRecord = {
    ...batchAnswer,
    version: 1,
    endpoint: ctx.api.endpoint,
    expiresAt,
    parts: {},
  };
  if (recordFile) await pruneRecords(dirname(recordFile));
  const saved = recordFile ? await readRecord(recordFile) : undefined;
  const usable =
    saved &&
    saved.endpoint === ctx.api.endpoint &&
    saved.oid === plan.oid &&
    saved.size === plan.size &&
    saved.expiresAt > Date.now() + RESUME_MARGIN_MS &&
    saved.partUrls.length === Math.max(1, Math.ceil(saved.size / saved.chunkSize));
  if (usable) {
    try {
      await runMultipart(ctx, job, saved, recordFile, signal);
      return true;
    } catch (err) {
      if (signal.aborted || !(err instanceof StaleUpload)) throw err;
      // The storage no longer knows that upload (aborted, completed, expired): start over.
      job.counter.reset();
    }
  }
  try {
    await runMultipart(ctx, job, fresh, recordFile, signal);
  } catch (err) {
    throw err instanceof StaleUpload ? err.cause : err;
  }
  return true;
}

/** PUTs the missing parts of a multipart upload, completes it, verifies it, and drops its record. */
async function runMultipart(
  ctx: FilesContext,
  job: LfsJob,
  record: ResumeRecord,
  recordFile: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  const { item, counter, limiter, repoId } = job;
  const { chunkSize, size } = record;
  const blob = await blobOf(item);
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
      const body = blob.slice(start, Math.min(start + chunkSize, size));
      const etag = await limiter.run(() =>
        putStorage(
          ctx,
          record.partUrls[partNumber - 1] as string,
          body,
          undefined,
          (n) => counter.add(n),
          { check: () => checkUnchanged(item), streamed: false },
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
  checkUnchanged(item); // completion stores the object: its parts must hold the bytes that were hashed
  const parts = record.partUrls.map((_, i) => ({
    partNumber: i + 1,
    etag: record.parts[String(i + 1)] as string,
  }));
  try {
    await ctx.api.lfsCompleteMultipart({ href: record.completeHref, oid: record.oid, size, parts, signal });
  } catch (err) {
    if (err instanceof KohubError && err.status !== undefined && !signal.aborted) throw new StaleUpload(err);
    throw err;
  }
  await ctx.api.lfsVerify({ href: record.verifyHref, repoId, oid: record.oid, size, signal });
  if (recordFile) await rm(recordFile, { force: true }).catch(() => {});
}

/** The slowest upload rate a part sent whole may take before it counts as stalled (its deadline grows with its size). */
const SLOWEST_BYTES_PER_S = 256 * 1024;

/**
 * PUTs a blob to a storage URL with a `Content-Length`; retried with backoff on network errors, stalls,
 * 5xx, 408 and 429. Returns the storage ETag. `check` refuses a file that changed since it was hashed.
 * Streamed (a single-PUT object), the body goes in chunks, counted as they go, and `check` runs before the
 * last one: the PUT is the object's commit point, so a changed file is refused before its last byte. Not
 * streamed (a multipart part: completion is the commit point, checked there), the runtime sends the file
 * itself, which keeps memory flat with many parts in flight; the part is counted once sent, its deadline
 * grows with its size, and `check` runs when it fails (the file may be gone: not a network error).
 */
async function putStorage(
  ctx: FilesContext,
  href: string,
  blob: Blob,
  header: Record<string, string> | undefined,
  onBytes: (n: number) => void,
  file: { check: () => void; streamed: boolean },
  signal: AbortSignal,
  what: string,
): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal);
    let sent = 0;
    const failure: { err?: unknown } = {};
    const watchdog = new Watchdog(signal, ctx.stallMs, `The upload of an LFS ${what}`, href);
    const counted = (n: number) => {
      watchdog.touch();
      sent += n;
      onBytes(n);
    };
    if (blob.size === 0) file.check();
    const streamed = file.streamed && blob.size > 0;
    try {
      const res = await ctx.api.http.send({
        method: "PUT",
        path: href,
        body: streamed ? countingStream(blob, counted, file.check, failure) : blob,
        headers: { ...header, "content-length": String(blob.size) },
        auth: false,
        retry: false,
        signal: streamed ? watchdog.signal : signal,
        timeoutMs: streamed ? 0 : ctx.stallMs + Math.ceil(blob.size / SLOWEST_BYTES_PER_S) * 1000,
      });
      await res.body?.cancel().catch(() => {});
      if (!streamed) onBytes(blob.size);
      return res.headers.get("etag") ?? undefined;
    } catch (err) {
      onBytes(-sent);
      throwIfAborted(signal);
      if (failure.err !== undefined) throw failure.err; // the file, not the network: not retried
      if (!streamed) file.check();
      if (attempt >= TRANSFER_ATTEMPTS || !retryable(err)) {
        if (err instanceof KohubError && !(err instanceof LocalFileError)) {
          err.message = `Upload of an LFS ${what} failed: ${err.message}`;
        }
        throw err;
      }
      await sleep(ctx.backoff(attempt), signal);
    } finally {
      watchdog.stop();
    }
  }
}
