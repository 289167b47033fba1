/**
 * The upload engine: every file hashed once, one preupload to learn each file's mode and what the server
 * already has, the LFS objects sent (see ./lfs.ts), then one streamed commit (see ./commit.ts).
 *
 * @module
 */
import { statSync } from "node:fs";
import { KohubError } from "../errors.ts";
import { PREUPLOAD_STREAM_CHUNK, type TransferApi } from "../transfer.ts";
import { checkRefName, type RepoType, toRepoType } from "../validate.ts";
import { InlineBody, type StreamOp, sendCommit } from "./commit.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, localError } from "./errors.ts";
import { hashBytes, newHashers, readInPieces } from "./hashing.ts";
import { type FileStamp, stampOf, uploadLfsObject } from "./lfs.ts";
import { type Prepared, type PrepFile, PrepMemory, prepareFiles, prepLimits, warmHelper } from "./prep.ts";
import { PhaseProgress } from "./progress.ts";
import type { UploadedFile, UploadOptions, UploadResult } from "./types.ts";
import { childController, chunksOf, DEFAULT_WORKERS, Limiter, runPool, throwIfAborted } from "./util.ts";

/**
 * Files up to this size are read into memory in one go to be hashed (files on disk synchronously, see
 * ./prep.ts); larger ones are streamed.
 */
const SMALL_READ = 4 * 1024 * 1024;
/** The git-blob SHA-1 (regular-file dedup) is computed for files up to this size. */
const GIT_SHA1_MAX = 64 * 1024 * 1024;
/** KohakuHub's default LFS rules, used to guess which hash preupload should compare. */
const DEFAULT_LFS_THRESHOLD = 5_000_000;
/** KohakuHub's default LFS suffixes: each is one extension, so a name's last one decides. */
const DEFAULT_LFS_SUFFIXES = new Set(
  ".safetensors .bin .pt .pth .ckpt .onnx .pb .h5 .tflite .gguf .ggml .msgpack .zip .tar .gz .bz2 .xz .7z .rar .npy .npz .arrow .parquet .mp4 .avi .mkv .mov .wav .mp3 .flac .tiff .tif".split(
    " ",
  ),
);
/** Objects per LFS batch request. */
const LFS_BATCH_CHUNK = 256;

/** A file to upload: where it goes in the repo, its bytes, and the local file it came from (for messages). */
export interface UploadSource {
  pathInRepo: string;
  blob: Blob;
  /** The local file, for messages. */
  source: string;
  /** The file's path, when the bytes are a file's on disk. */
  file?: string;
  /** Its size, when known already (a folder's listing): else the blob's. */
  size?: number;
}

/** A file being uploaded: its source, hashes, and what preupload said of it. */
export interface UploadItem extends UploadSource {
  size: number;
  /** Empty until known: a small file written into the commit body gets it from there, later. */
  sha256: string;
  /** Hashed (its preupload may go out). */
  hashed: boolean;
  gitSha1: string | undefined;
  lfs: boolean;
  ignore: boolean;
  /** What the file on disk was when its hashing began (see `checkUnchanged` in ./lfs.ts). */
  stamp?: FileStamp;
}

/**
 * Hashes a blob of `size` bytes: SHA-256 always, the git-blob SHA-1 when asked. Blobs up to 4 MiB are read
 * in one go (their bytes come back as `data`, and are left to the caller to count); larger ones are read
 * in pieces, and counted through `onBytes` as they are read: a file's (`file`, read no further than one
 * byte past `size`) a piece ahead of its hashing (`readInPieces`), other blobs streamed. `bytes` is what was read
 * (the caller compares it with `size`).
 */
export async function hashBlob(
  blob: Blob,
  size: number,
  withGitSha1: boolean,
  onBytes: (n: number) => void,
  signal: AbortSignal,
  file?: string,
): Promise<{ sha256: string; gitSha1: string | undefined; bytes: number; data?: Uint8Array }> {
  if (size <= SMALL_READ) {
    const data = await blob.bytes();
    const { sha256, sha1 } = hashBytes({ sha256: true, sha1: withGitSha1, size: data.byteLength }, data);
    return { sha256: sha256 as string, gitSha1: sha1, bytes: data.byteLength, data };
  }
  let bytes = 0;
  const { sha256, sha1 } = newHashers({ sha256: true, sha1: withGitSha1, size });
  const take = (chunk: Uint8Array) => {
    sha256?.update(chunk);
    sha1?.update(chunk);
    bytes += chunk.byteLength;
    onBytes(chunk.byteLength);
  };
  if (file !== undefined) await readInPieces(file, size + 1, take, signal);
  else {
    for await (const chunk of chunksOf(blob.stream())) {
      throwIfAborted(signal);
      take(chunk);
    }
  }
  return { sha256: sha256?.digest("hex") as string, gitSha1: sha1?.digest("hex"), bytes };
}

/** The error of a file whose length was not its listed size when it was read. */
function changedWhileRead(item: UploadItem): LocalFileError {
  return new LocalFileError(`Cannot upload ${item.source}: it changed while being read`, item.source);
}

/** The inline commit operation of an item. */
function inlineOp(item: UploadItem): StreamOp {
  return {
    kind: "file",
    path: item.pathInRepo,
    size: item.size,
    source: item.source,
    /** Made when the commit reads the file (not at all when its body was built during hashing). */
    get blob() {
      return freshBlob(item);
    },
  };
}

/**
 * The bytes of an item to read now. A file's blob keeps the size it had when listed and reads no further:
 * a file is read afresh, one byte past that size, so that one that grew since is refused (the caller
 * compares what it read with the size) rather than cut.
 */
function freshBlob(item: UploadItem): Blob {
  return item.file === undefined ? item.blob : Bun.file(item.file).slice(0, item.size + 1);
}

/** Whether KohakuHub's default rules would send this file through LFS. */
export function guessLfs(path: string, size: number): boolean {
  if (size >= DEFAULT_LFS_THRESHOLD) return true;
  const dot = path.lastIndexOf(".");
  return dot >= 0 && DEFAULT_LFS_SUFFIXES.has(path.slice(dot).toLowerCase());
}

/** The bytes of `uploadFile`'s `path` argument, and how to name them in messages. */
export function toBlob(source: string | Blob | Uint8Array): { blob: Blob; source: string; file?: string } {
  if (typeof source === "string") return { blob: Bun.file(source), source, file: source };
  if (source instanceof Blob) return { blob: source, source: "<blob>" };
  return { blob: new Blob([source as Uint8Array<ArrayBuffer>]), source: "<bytes>" };
}

/** Hash → preupload → LFS transfers → one streamed commit. */
export async function uploadItems(
  ctx: FilesContext,
  params: UploadOptions,
  sources: UploadSource[],
  deletes: StreamOp[],
  message: { summary: string },
): Promise<UploadResult> {
  const revision = checkRefName(params.revision ?? "main");
  const type = toRepoType(params.type);
  const ref = await ctx.repoRef(params.repoId, type);
  const workers = Math.max(1, params.maxWorkers ?? DEFAULT_WORKERS);
  const controller = childController(params.signal);
  const signal = controller.signal;

  // 1. Hash every file, once.
  const items: UploadItem[] = sources.map((s) => ({
    ...s,
    size: s.size ?? s.blob.size,
    sha256: "",
    hashed: false,
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
  const readsWhole = (i: UploadItem): i is UploadItem & { file: string } =>
    i.file !== undefined && i.size <= SMALL_READ;
  const inOrder: number[] = []; // small files on disk: prepared by ./prep.ts
  const inParallel: number[] = []; // the others: hashed `workers` at a time, beside them
  items.forEach((item, i) => {
    (readsWhole(item) ? inOrder : inParallel).push(i);
  });
  if (inOrder.length >= prepLimits.helper) warmHelper(); // it starts while the body is laid out
  // The commit body is laid out at once, on the guess that every file goes inline (the usual answer for
  // small files), and each file is written into it as it is read: no second read, and it is ready when
  // the last preupload is answered. Dropped when preupload says otherwise. It lives in the memory the
  // files are read into (see ./prep.ts).
  const prep: { memory?: PrepMemory } = {};
  let body =
    items.length > 0 && items.every((i) => i.size <= SMALL_READ && !guessLfs(i.pathInRepo, i.size))
      ? InlineBody.plan(
          [...items.map(inlineOp), ...deletes],
          message.summary,
          params.commitDescription,
          (length) => {
            const largest = inOrder.reduce((m, i) => Math.max(m, (items[i] as UploadItem).size), 0);
            prep.memory = PrepMemory.create(length, largest);
            return prep.memory.body;
          },
        )
      : undefined;
  // 2. Preupload (the mode of each file, and what the server already has at that path) goes out chunk by
  //    chunk as soon as a chunk's files are hashed, so that the server answers while the rest is hashed.
  const preuploads: Promise<void>[] = [];
  let preuploadError: { err: unknown } | undefined;
  const preuploadChunk = (chunk: UploadItem[]) => {
    const sent = preuploadItems(ctx.api, ref.id, type, revision, chunk, signal);
    sent.catch((err) => {
      preuploadError ??= { err };
      controller.abort(err);
    });
    preuploads.push(sent);
  };
  let prefix = 0; // items[0..prefix) are hashed
  let sentUpTo = 0; // items[0..sentUpTo) have their preupload under way
  let failure: { err: unknown } | undefined;
  /**
   * An item is hashed: its preupload goes out once a chunk's worth of items before it are hashed too.
   * True when a preupload was just sent.
   */
  const hashed = (item: UploadItem, sha256: string | undefined, gitSha1: string | undefined): boolean => {
    item.sha256 = sha256 ?? "";
    item.gitSha1 = gitSha1;
    item.hashed = true;
    while (prefix < items.length && (items[prefix] as UploadItem).hashed) prefix++;
    const before = sentUpTo;
    while (prefix - sentUpTo >= PREUPLOAD_STREAM_CHUNK) {
      preuploadChunk(items.slice(sentUpTo, sentUpTo + PREUPLOAD_STREAM_CHUNK));
      sentUpTo += PREUPLOAD_STREAM_CHUNK;
    }
    return sentUpTo !== before;
  };
  /** A small file on disk, prepared (read, hashed, written into the body). */
  const prepared = (k: number, result: Prepared) => {
    const item = items[inOrder[k] as number] as UploadItem & { file: string };
    if (!result.ok || result.bytes !== item.size) {
      const err = result.ok
        ? changedWhileRead(item)
        : result.notFile
          ? new LocalFileError(`Cannot upload ${item.source}: it is not a regular file`, item.source)
          : localError(Object.assign(new Error(result.message), { code: result.code }), "read", item.source);
      failure ??= { err };
      controller.abort(err);
      return false;
    }
    item.stamp = result.stamp;
    hashing.file(item.pathInRepo, item.size).done();
    return hashed(item, result.sha256, result.gitSha1);
  };
  /** Hashes item `index`: a large file (streamed), or bytes given in memory (and writes them into the body). */
  const hash = async (index: number) => {
    throwIfAborted(signal); // a failed preupload stops the hashing
    const item = items[index] as UploadItem;
    const counter = hashing.file(item.pathInRepo, item.size);
    let hashes: Awaited<ReturnType<typeof hashBlob>>;
    try {
      if (item.file !== undefined) item.stamp = stampOf(statSync(item.file));
      hashes = await hashBlob(
        freshBlob(item),
        item.size,
        item.size <= GIT_SHA1_MAX,
        (n) => counter.add(n),
        signal,
        item.file,
      );
    } catch (err) {
      throw localError(err, "read", item.source);
    }
    if (hashes.bytes !== item.size) {
      throw changedWhileRead(item);
    }
    if (body && hashes.data) body.fill(index, hashes.data);
    counter.done();
    hashed(item, hashes.sha256, hashes.gitSha1);
  };
  const prepFiles: PrepFile[] = inOrder.map((i) => {
    const item = items[i] as UploadItem & { file: string };
    const line = body?.lineOf(i);
    return {
      file: item.file,
      size: item.size,
      sha1: item.size <= GIT_SHA1_MAX,
      sha256: line === undefined, // else taken from the body (sha256Of), while the commit is sent
      at: line?.at ?? -1,
      head: line?.head,
      headAt: line?.headAt ?? -1,
    };
  });
  const runs = await Promise.allSettled([
    prepareFiles(
      prepFiles,
      body && prep.memory && { memory: prep.memory, tail: InlineBody.tail },
      prepared,
      signal,
    ),
    runPool(inParallel, workers, controller, hash),
  ]);
  const rejected = runs.find((r) => r.status === "rejected");
  const first = failure?.err ?? (rejected ? rejected.reason : undefined);
  if (preuploadError || first !== undefined) throw preuploadError?.err ?? first;
  throwIfAborted(signal); // stopped by the caller: prepareFiles returns early, without an error
  if (sentUpTo < items.length) preuploadChunk(items.slice(sentUpTo));
  await Promise.all(preuploads);
  if (body && items.some((i) => i.lfs || i.ignore)) {
    fillSha256(items, body); // the LFS objects need theirs now, and the body is dropped
    body = undefined; // not the body this commit needs
  }

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
      const batch = await ctx.api.lfsBatch({
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
          throw new KohubError(`The LFS batch answer has no entry for ${item.pathInRepo} (${item.sha256})`, {
            code: "UnexpectedResponse",
          });
        }
        const counter = uploading.file(item.pathInRepo, item.size);
        const sent = await uploadLfsObject(
          ctx,
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

  // 4. The commit (of the operations the body was laid out for, when it is kept: all of them).
  const ops: StreamOp[] = body ? body.ops : [];
  if (!body) {
    for (const item of items) {
      if (item.ignore) continue;
      if (item.lfs) ops.push({ kind: "lfsFile", path: item.pathInRepo, oid: item.sha256, size: item.size });
      else ops.push(inlineOp(item));
    }
    ops.push(...deletes);
  }
  const files = (): UploadedFile[] =>
    items.map((i) => ({
      path: i.pathInRepo,
      size: i.size,
      lfs: i.lfs,
      sha256: i.sha256,
      status: i.ignore ? "unchanged" : !i.lfs || sentOids.has(i.sha256) ? "sent" : "linked",
    }));
  const deleted = deletes.map((d) => d.path);
  if (ops.length === 0) {
    return {
      commitOid: undefined,
      commitUrl: undefined,
      committed: false,
      files: files(),
      deleted,
      bytesSent,
    };
  }
  const inline = ops.reduce((s, o) => s + (o.kind === "file" ? o.size : 0), 0);
  const committing = new PhaseProgress(
    params.onProgress,
    "committing",
    inline,
    ops.filter((o) => o.kind === "file").length,
  );
  const sent = sendCommit(
    ctx,
    { repoId: ref.id, type, revision },
    ops,
    message.summary,
    params.commitDescription,
    committing,
    signal,
    body,
  );
  // The hashes left for later are taken from the body while the server works on the commit.
  if (body) {
    sent.catch(() => {}); // awaited below
    await fillSha256Soon(items, body, signal);
  }
  const res = await sent;
  if (body) fillSha256(items, body); // any left by a stop that came after the answer
  bytesSent += inline;
  return {
    commitOid: res.commitOid === "no-changes" ? undefined : res.commitOid,
    commitUrl: res.commitUrl,
    committed: true,
    files: files(),
    deleted,
    bytesSent,
  };
}

/** Gives the items whose SHA-256 was left for later (see `PrepFile.sha256`) theirs, from the body. */
function fillSha256(items: UploadItem[], body: InlineBody): void {
  items.forEach((item, i) => {
    if (!item.sha256) item.sha256 = body.sha256Of(i);
  });
}

/**
 * {@link fillSha256}, giving the event loop a turn every 2 ms (the commit's body is being sent meanwhile);
 * stops early when `signal` aborts (the commit fails then).
 */
async function fillSha256Soon(items: UploadItem[], body: InlineBody, signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve)); // the commit request goes out first
  let turnAt = performance.now() + 2;
  for (let i = 0; i < items.length && !signal.aborted; i++) {
    const item = items[i] as UploadItem;
    if (!item.sha256) item.sha256 = body.sha256Of(i);
    if (performance.now() >= turnAt) {
      await new Promise((resolve) => setImmediate(resolve));
      turnAt = performance.now() + 2;
    }
  }
}

/**
 * Preupload with the hash the path's record most likely holds (git-blob SHA-1 for regular files, SHA-256
 * for LFS), then again for the files whose mode was guessed wrong, so that unchanged files are found.
 */
export async function preuploadItems(
  api: TransferApi,
  repoId: string,
  type: RepoType,
  revision: string,
  items: UploadItem[],
  signal: AbortSignal,
): Promise<void> {
  const hashFor = (item: UploadItem, lfs: boolean) => (lfs ? item.sha256 : (item.gitSha1 ?? item.sha256));
  const guesses = items.map((i) => guessLfs(i.pathInRepo, i.size));
  const answers = await api.preupload({
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
  const second = await api.preupload({
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
