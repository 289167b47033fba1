/**
 * The download engine: one file into the Hugging Face cache (blob, snapshot symlink, ref) or into a local
 * folder (with `huggingface_hub`'s metadata), reusing an up-to-date copy unless forced.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { checkRefName, type RepoType, toRepoType } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { type FetchJob, type FetchRun, fetchLimits, fetchVerified, fileSize, hashFile } from "./fetch.ts";
import {
  ensureCacheTag,
  ensureHfDir,
  etagName,
  Folders,
  Listing,
  linkPointer,
  localDirPaths,
  readLocalMetadata,
  writeLocalMetadata,
  writeRef,
} from "./layout.ts";
import { withFileLock } from "./lock.ts";
import { checkSafePath, hfHubCacheDir, repoFolderName, safeJoin } from "./paths.ts";
import { type FileCounter, PhaseProgress } from "./progress.ts";
import type { DownloadOptions } from "./types.ts";
import { COMMIT_ID, childController } from "./util.ts";

/** What a download step knows about a file. */
export interface DownloadFileInfo {
  repoId: string;
  type: RepoType;
  path: string;
  size: number;
  etag: string | undefined;
  commit: string;
  /** The revision asked for is a branch, so the etag describes these bytes (see {@link FetchJob.trusted}). */
  trusted: boolean;
  force: boolean | undefined;
  /** The file's path under the download's folder (or snapshot), when the caller has joined and checked it. */
  target?: string;
}

/** What the files of one download share: progress, the stop signal, and what {@link FetchRun} says. */
export interface DownloadRun extends FetchRun {
  progress: PhaseProgress;
  signal: AbortSignal;
  /** What was there before the run, for the files' own paths (local files, snapshot pointers). */
  listing: Listing;
}

/** A {@link DownloadRun} that has made no folder yet. */
export function downloadRun(progress: PhaseProgress, signal: AbortSignal): DownloadRun {
  return { progress, signal, folders: new Folders(), follow: true, listing: new Listing() };
}

/** `downloadFile`: one file into a local folder or the cache; returns its local path. */
export async function downloadOne(
  ctx: FilesContext,
  params: DownloadOptions & { path: string },
): Promise<string> {
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
    const meta = await ctx.api.fileMetadata({ repoId: params.repoId, type, revision, path, signal });
    const commit = meta.commit ?? revision;
    const size = meta.size ?? 0;
    const progress = new PhaseProgress(params.onProgress, "downloading", size, 1);
    ensureHfDir(params.localDir);
    await toLocalDir(
      ctx,
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
      downloadRun(progress, signal),
    );
    return paths.file;
  }

  const cache = resolve(params.cacheDir ?? hfHubCacheDir(ctx.env));
  const ref = await ctx.repoRef(params.repoId, type);
  const storage = join(cache, repoFolderName(ref.id, type));
  if (!params.force && COMMIT_ID.test(revision)) {
    const pointer = safeJoin(join(storage, "snapshots", revision), path);
    if (existsSync(pointer)) return pointer;
  }
  const meta = await ctx.api.fileMetadata({ repoId: ref.id, type, revision, path, signal });
  let commit = meta.commit ?? revision;
  const trusted = commit !== revision; // a branch: X-Repo-Commit is its head, not the name
  if (!COMMIT_ID.test(commit)) {
    // A tag echoes its name: ask for the commit behind it.
    commit = (await ctx.api.repoInfo({ repoId: ref.id, type, revision })).sha;
  }
  const size = meta.size ?? 0;
  const progress = new PhaseProgress(params.onProgress, "downloading", size, 1);
  const run = downloadRun(progress, signal);
  run.folders.ensure(storage);
  await ensureCacheTag(cache);
  return toCache(
    ctx,
    { repoId: ref.id, type, path, size, etag: meta.etag, commit, trusted, force: params.force },
    storage,
    revision,
    run,
  );
}

/** The {@link FetchJob} of a file at its commit. */
function fetchJob(
  file: DownloadFileInfo,
  incomplete: string,
  destination: FetchJob["destination"],
  counter: FileCounter,
  run: DownloadRun,
): FetchJob {
  return {
    repoId: file.repoId,
    type: file.type,
    revision: file.commit,
    path: file.path,
    size: file.size,
    etag: file.etag,
    trusted: file.trusted,
    incomplete,
    destination,
    counter,
    signal: run.signal,
    run,
  };
}

/** One file into the cache layout (`storage` is the repo's folder in it); returns the snapshot pointer. */
export async function toCache(
  ctx: FilesContext,
  file: DownloadFileInfo,
  storage: string,
  revision: string,
  run: DownloadRun,
): Promise<string> {
  const counter = run.progress.file(file.path, file.size);
  const pointer = file.target ?? safeJoin(join(storage, "snapshots", file.commit), file.path);
  if (!file.force && run.listing.has(pointer) && existsSync(pointer)) {
    await writeRef(storage, revision, file.commit).catch(() => {});
    counter.done(true);
    return pointer;
  }
  const blobs = join(storage, "blobs");
  const name = etagName(file.etag, file.commit, file.path);
  const blob = join(blobs, name);
  run.folders.ensure(blobs);
  await writeRef(storage, revision, file.commit);
  if (!file.force && file.trusted && existsSync(blob)) {
    linkPointer(run.folders, blob, pointer);
    counter.done(true);
    return pointer;
  }
  const incomplete = join(
    blobs,
    file.trusted ? `${name}.incomplete` : `${name}.${file.commit.slice(0, 12)}.incomplete`,
  );
  // Paths with the same bytes share one blob: the first one downloads it, the others wait and link.
  const running = inflightBlobs.get(incomplete);
  if (running) {
    linkPointer(run.folders, await running, pointer);
    counter.done(true);
    return pointer;
  }
  let fetched = false;
  const lock = join(dirname(storage), ".locks", basename(storage), `${name}.lock`);
  const download = underLock(file, lock, run, async (waited) => {
    if (waited && !file.force && file.trusted && existsSync(blob)) return blob; // stored meanwhile
    fetched = true;
    return fetchVerified(
      ctx,
      fetchJob(file, incomplete, (digest) => join(blobs, digest ?? name), counter, run),
    );
  }).finally(() => inflightBlobs.delete(incomplete));
  inflightBlobs.set(incomplete, download);
  const stored = await download;
  linkPointer(run.folders, stored, pointer);
  counter.done(!fetched);
  return pointer;
}

/** Blob downloads under way in this process, by their `.incomplete` path. */
const inflightBlobs = new Map<string, Promise<string>>();

/**
 * Runs a file's download holding huggingface_hub's lock `lock` when the download is resumable: its
 * `.incomplete` file is shared with other processes (huggingface_hub, another kohub-cli), which wait
 * meanwhile. A file fetched whole is written to a file of its own and takes no lock. `work` learns
 * whether it held a lock (so another process may have stored the file meanwhile).
 */
function underLock<T>(
  file: DownloadFileInfo,
  lock: string,
  run: DownloadRun,
  work: (locked: boolean) => Promise<T>,
): Promise<T> {
  if (file.size <= fetchLimits.wholeFile) return work(false);
  run.folders.ensure(dirname(lock));
  return withFileLock(lock, run.signal, () => work(true));
}

/** One file into a local folder, with `huggingface_hub`'s metadata file. */
export function toLocalDir(
  ctx: FilesContext,
  file: DownloadFileInfo,
  localDir: string,
  run: DownloadRun,
): Promise<void> {
  const counter = run.progress.file(file.path, file.size);
  const paths = localDirPaths(localDir, file.path, file.target);
  const etag = etagName(file.etag, file.commit, file.path);
  // (Not async: a layer per file shows over thousands of small files.)
  return underLock(file, paths.lock, run, (locked) =>
    toLocalDirNow(ctx, file, paths, etag, counter, run, locked),
  );
}

/**
 * {@link toLocalDir}, once the file's lock (if it takes one) is held. After a lock, the file may have come
 * meanwhile, so the run's listing is no guide.
 */
async function toLocalDirNow(
  ctx: FilesContext,
  file: DownloadFileInfo,
  paths: ReturnType<typeof localDirPaths>,
  etag: string,
  counter: FileCounter,
  run: DownloadRun,
  locked: boolean,
): Promise<void> {
  if (!file.force && (locked || run.listing.has(paths.file)) && existsSync(paths.file)) {
    const meta = await readLocalMetadata(paths.metadata, paths.file);
    let current = meta !== undefined && meta.etag === etag;
    if (!current && meta === undefined && file.etag && (await fileSize(paths.file)) === file.size) {
      current = (await hashFile(paths.file, file.etag, file.size)) === file.etag;
    }
    if (current) {
      writeLocalMetadata(run.folders, paths.metadata, file.commit, etag);
      counter.done(true);
      return;
    }
  }
  // A file fetched whole needs no shared .incomplete name (nor its hash): its temporary file is its own.
  const incomplete = file.size > fetchLimits.wholeFile ? paths.incomplete(etag) : paths.stem;
  await fetchVerified(ctx, fetchJob(file, incomplete, paths.file, counter, run));
  writeLocalMetadata(run.folders, paths.metadata, file.commit, etag);
  counter.done();
}
