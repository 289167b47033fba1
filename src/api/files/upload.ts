/**
 * The upload engine, in four steps that each read alone: hash every file once, preupload (each file's
 * mode, and what the server already has), send the LFS objects (./lfs-upload.ts), then one commit
 * (./commit-body.ts), which reads the inline files again.
 *
 * @module
 */
import { statSync } from "node:fs";
import { KohubError } from "../errors.ts";
import type { TransferApi } from "../transfer.ts";
import { checkRefName, type RepoType, toRepoType } from "../validate.ts";
import { type CommitOp, sendCommit } from "./commit-body.ts";
import type { FilesContext } from "./context.ts";
import { LocalFileError, localError, localSync } from "./errors.ts";
import { Hashers, readInPieces } from "./hashing.ts";
import { blobOf, checkUnchanged, type FileStamp, stampOf, uploadLfsObject } from "./lfs-upload.ts";
import { DEFAULT_WORKERS, Limiter, runPool } from "./pool.ts";
import { PhaseProgress } from "./progress.ts";
import { childController, type Stopper } from "./retry.ts";
import type { SkippedLink, UploadedFile, UploadOptions, UploadResult } from "./types.ts";

/** The git-blob SHA-1 (the dedup hash of regular files) is computed for files up to this size. */
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

/** A file to upload: where it goes in the repo, its bytes, and the local file it came from. */
export interface UploadSource {
  pathInRepo: string;
  /** The bytes, when they are not a file's on disk (`file` unset). */
  blob?: Blob;
  /** The local file, for messages. */
  source: string;
  /** The file's path, when the bytes are a file's on disk: read by path, opened as a Blob only to be sent ({@link blobOf}). */
  file?: string;
  /** Its size, when known already (a folder's listing): else the blob's. */
  size?: number;
}

/** A file being uploaded: its source, hashes, and what preupload said of it. */
export interface UploadItem extends UploadSource {
  size: number;
  sha256: string;
  gitSha1: string | undefined;
  lfs: boolean;
  ignore: boolean;
  /** What the file on disk was when its hashing began (see `checkUnchanged` in ./lfs-upload.ts). */
  stamp?: FileStamp;
}

/** Where an upload goes. */
interface Target {
  repoId: string;
  type: RepoType;
  revision: string;
}

/** Whether KohakuHub's default rules would send this file through LFS. */
export function guessLfs(path: string, size: number): boolean {
  if (size >= DEFAULT_LFS_THRESHOLD) return true;
  const dot = path.lastIndexOf(".");
  return dot >= 0 && DEFAULT_LFS_SUFFIXES.has(path.slice(dot).toLowerCase());
}

/** The bytes of `uploadFile`'s `path` argument, and how to name them in messages. */
export function toBlob(source: string | Blob | Uint8Array): { blob?: Blob; source: string; file?: string } {
  if (typeof source === "string") return { source, file: source };
  if (source instanceof Blob) return { blob: source, source: "<blob>" };
  return { blob: new Blob([source as Uint8Array<ArrayBuffer>]), source: "<bytes>" };
}

/** Hash → preupload → LFS objects → one commit. */
export async function uploadItems(
  ctx: FilesContext,
  params: UploadOptions,
  sources: UploadSource[],
  deletes: CommitOp[],
  summary: string,
  skipped: SkippedLink[] = [],
): Promise<UploadResult> {
  const type = toRepoType(params.type);
  const revision = checkRefName(params.revision ?? "main");
  const target: Target = { repoId: (await ctx.repoRef(params.repoId, type)).id, type, revision };
  const workers = Math.max(1, params.maxWorkers ?? DEFAULT_WORKERS);
  const stopper = childController(params.signal);
  const items = sources.map((s): UploadItem => {
    const size = s.size ?? s.blob?.size ?? localSync("read", s.source, () => statSync(s.file as string)).size;
    return { ...s, size, sha256: "", gitSha1: undefined, lfs: false, ignore: false };
  });
  await hashAll(items, params, workers, stopper);
  await preuploadItems(ctx.api, target, items, stopper.signal);
  const sentOids = await uploadLfsObjects(ctx, target, items, params, workers, stopper);
  const ops: CommitOp[] = items.filter((i) => !i.ignore).map(commitOp);
  ops.push(...deletes);
  const lfsBytes = items.reduce((s, i) => s + (i.lfs && sentOids.has(i.sha256) ? i.size : 0), 0);
  const result: UploadResult = {
    commitOid: undefined,
    commitUrl: undefined,
    committed: false,
    files: items.map((i) => uploadedFile(i, sentOids)),
    deleted: deletes.map((d) => d.path),
    bytesSent: lfsBytes,
    skipped,
  };
  if (ops.length === 0) return result;
  const inline = ops.filter((o) => o.kind === "file");
  const committing = new PhaseProgress(
    params.onProgress,
    "committing",
    inline.reduce((s, o) => s + o.size, 0),
    inline.length,
  );
  const description = params.commitDescription;
  const res = await sendCommit(ctx, target, ops, { summary, description }, committing, stopper.signal);
  result.commitOid = res.commitOid === "no-changes" ? undefined : res.commitOid;
  result.commitUrl = res.commitUrl;
  result.committed = true;
  result.bytesSent += committing.totalBytes;
  return result;
}

/** What became of a file. */
function uploadedFile(i: UploadItem, sentOids: Set<string>): UploadedFile {
  const status = i.ignore ? "unchanged" : !i.lfs || sentOids.has(i.sha256) ? "sent" : "linked";
  return { path: i.pathInRepo, size: i.size, lfs: i.lfs, sha256: i.sha256, status };
}

/** Step 1: every file's SHA-256 (and git-blob SHA-1 up to {@link GIT_SHA1_MAX}), `workers` at a time. */
async function hashAll(
  items: UploadItem[],
  params: UploadOptions,
  workers: number,
  stopper: Stopper,
): Promise<void> {
  const total = items.reduce((s, i) => s + i.size, 0);
  const progress = new PhaseProgress(params.onProgress, "hashing", total, items.length);
  await runPool(items, workers, stopper, async (item) => {
    const counter = progress.file(item.pathInRepo, item.size);
    const spec = { sha256: true, sha1: item.size <= GIT_SHA1_MAX, size: item.size };
    const h = new Hashers(spec);
    if (item.file === undefined) h.update(await (await blobOf(item)).bytes());
    else {
      item.stamp = stampOf(statOf(item));
      let read = 0;
      const take = (piece: Uint8Array) => {
        h.update(piece);
        read += piece.byteLength;
        counter.add(piece.byteLength);
      };
      await readUpTo(item, take, stopper.signal);
      if (read !== item.size) throw changedWhileRead(item);
    }
    const digests = h.digests();
    item.sha256 = digests.sha256 as string;
    item.gitSha1 = digests.sha1;
    counter.done();
  });
}

/** Reads a file of an item, one byte past its listed size (so that one that grew is seen, not cut). */
async function readUpTo(
  item: UploadItem,
  take: (piece: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await readInPieces(item.file as string, item.size + 1, take, signal);
  } catch (err) {
    throw localError(err, "read", item.source);
  }
}

/** The stat of an item's file; errors name it. */
function statOf(item: UploadItem) {
  return localSync("read", item.source, () => statSync(item.file as string));
}

/** The error of a file whose length was not its listed size when it was read. */
function changedWhileRead(item: UploadItem): LocalFileError {
  return new LocalFileError(`Cannot upload ${item.source}: it changed while being read`, item.source);
}

/**
 * Step 2: preupload with the hash the path's record most likely holds (git-blob SHA-1 for regular files,
 * SHA-256 for LFS), then again for the files whose mode was guessed wrong, so that unchanged files are found.
 */
export async function preuploadItems(
  api: TransferApi,
  target: Target,
  items: UploadItem[],
  signal: AbortSignal,
): Promise<void> {
  if (items.length === 0) return;
  const hashFor = (item: UploadItem, lfs: boolean) => (lfs ? item.sha256 : (item.gitSha1 ?? item.sha256));
  const guesses = items.map((i) => guessLfs(i.pathInRepo, i.size));
  const ask = (list: UploadItem[], lfs: (i: UploadItem, n: number) => boolean) =>
    api.preupload({
      ...target,
      files: list.map((i, n) => ({ path: i.pathInRepo, size: i.size, sha256: hashFor(i, lfs(i, n)) })),
      signal,
    });
  const answers = await ask(items, (_, n) => guesses[n] as boolean);
  if (answers.length < items.length)
    throw new KohubError("The preupload answer has fewer files than asked", { code: "UnexpectedResponse" });
  const again: UploadItem[] = [];
  items.forEach((item, n) => {
    const answer = answers[n] as (typeof answers)[number];
    item.lfs = answer.uploadMode === "lfs";
    item.ignore = answer.shouldIgnore;
    if (!item.ignore && item.lfs !== guesses[n] && hashFor(item, item.lfs) !== hashFor(item, !item.lfs))
      again.push(item);
  });
  if (again.length === 0) return;
  const second = await ask(again, (i) => i.lfs);
  again.forEach((item, k) => {
    if (second[k]?.shouldIgnore) item.ignore = true;
  });
}

/**
 * Step 3: the LFS objects the server lacks (each distinct oid once), a batch of 256 at a time, every
 * storage PUT (whole objects and multipart parts alike) through one limit of `workers`. Returns the oids sent.
 */
async function uploadLfsObjects(
  ctx: FilesContext,
  target: Target,
  items: UploadItem[],
  params: UploadOptions,
  workers: number,
  stopper: Stopper,
): Promise<Set<string>> {
  const objects = new Map<string, UploadItem>();
  for (const i of items) if (i.lfs && !i.ignore && !objects.has(i.sha256)) objects.set(i.sha256, i);
  const sent = new Set<string>();
  if (objects.size === 0) return sent;
  const list = [...objects.values()];
  const total = list.reduce((s, i) => s + i.size, 0);
  const progress = new PhaseProgress(params.onProgress, "uploading", total, list.length);
  const limiter = new Limiter(workers);
  for (let start = 0; start < list.length; start += LFS_BATCH_CHUNK) {
    const chunk = list.slice(start, start + LFS_BATCH_CHUNK);
    const batch = await ctx.api.lfsBatch({
      ...target,
      operation: "upload",
      objects: chunk.map((i) => ({ oid: i.sha256, size: i.size })),
      ref: target.revision,
      signal: stopper.signal,
    });
    const byOid = new Map(batch.objects.map((o) => [o.oid, o]));
    await runPool(chunk, chunk.length, stopper, async (item) => {
      const obj = byOid.get(item.sha256);
      if (!obj) {
        throw new KohubError(`The LFS batch answer has no entry for ${item.pathInRepo} (${item.sha256})`, {
          code: "UnexpectedResponse",
        });
      }
      const counter = progress.file(item.pathInRepo, item.size);
      const up = { item, obj, counter, limiter, repoId: target.repoId, resumeDir: params.resumeDir };
      const didSend = await uploadLfsObject(ctx, up, stopper.signal);
      if (didSend) sent.add(item.sha256);
      counter.done(!didSend);
    });
  }
  return sent;
}

/** The commit operation of a file preupload did not rule out. */
function commitOp(item: UploadItem): CommitOp {
  if (item.lfs) return { kind: "lfsFile", path: item.pathInRepo, oid: item.sha256, size: item.size };
  return { kind: "file", path: item.pathInRepo, size: item.size, read: () => readInline(item) };
}

/** An inline file's bytes, read again for the commit; refused when the file changed since it was hashed. */
async function readInline(item: UploadItem): Promise<Uint8Array> {
  if (item.file === undefined) return (await blobOf(item)).bytes();
  const pieces: Uint8Array[] = [];
  await readUpTo(item, (piece) => pieces.push(piece.slice())); // the reader reuses its buffers
  const bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
  if (bytes.byteLength !== item.size) {
    throw new LocalFileError(`Cannot upload ${item.source}: it changed while being uploaded`, item.source);
  }
  checkUnchanged(item);
  return bytes;
}
