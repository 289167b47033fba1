/**
 * Downloads as `huggingface_hub` does them: one file, or a whole revision a listing page at a time, into
 * the hub cache (blob, snapshot symlink, ref) or into a local folder (with its metadata), reusing an
 * up-to-date copy unless forced. Each file's bytes go through ./download-file.ts under the file's lock.
 *
 * @module
 */
import { existsSync, renameSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError, KohubError, UnexpectedResponseError } from "../errors.ts";
import { checkRefName, type RepoType, toRepoType } from "../validate.ts";
import type { FilesApi } from "./api.ts";
import {
  type CacheRepo,
  cacheRepo,
  ensureCacheTag,
  ensureHfDir,
  etagHash,
  etagName,
  linkPointer,
  localDirPaths,
  makeFolder,
  readLocalMetadata,
  writeLocalMetadata,
  writeRef,
} from "./cache-layout.ts";
import type { FilesContext } from "./context.ts";
import { fetchVerified } from "./download-file.ts";
import { localSync } from "./errors.ts";
import { hashFile } from "./hashing.ts";
import { withFileLock } from "./lock.ts";
import {
  checkSafePath,
  compilePatterns,
  hfHubCacheDir,
  repoFolderName,
  safeJoin,
  selected,
} from "./paths.ts";
import { DEFAULT_WORKERS, runPool } from "./pool.ts";
import { PhaseProgress } from "./progress.ts";
import { childController } from "./retry.ts";
import type { DownloadOptions } from "./types.ts";

/** A full commit id (SHA-1 or SHA-256). */
const COMMIT_ID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/** A file of the repo to download, as the listing or resolve describes it. */
interface RemoteFile {
  path: string;
  size: number;
  etag: string | undefined;
  /** The commit it is read at. */
  commit: string;
  /** The revision is a branch: the etag describes these bytes (see `FileJob.trusted`). */
  trusted: boolean;
}

/** What the files of one download share. */
interface Run {
  ctx: FilesContext;
  repoId: string;
  type: RepoType;
  force: boolean;
  progress: PhaseProgress;
  signal: AbortSignal;
}

/** `downloadFile`: one file into a local folder or the cache; returns its local path. */
export async function downloadOne(
  ctx: FilesContext,
  params: DownloadOptions & { path: string },
): Promise<string> {
  const path = checkSafePath(params.path);
  const revision = checkRefName(params.revision ?? "main");
  const type = toRepoType(params.type);
  const ref = await ctx.repoRef(params.repoId, type);
  const signal = childController(params.signal).signal;
  const root = cacheRoot(ctx, params);
  const cache = params.localDir === undefined ? cacheRepo(root, repoFolderName(ref.id, type)) : undefined;
  const known =
    params.force || !COMMIT_ID.test(revision) ? undefined : presentAt(params.localDir, cache, path, revision);
  if (known) return known;
  const meta = await ctx.api.fileMetadata({ repoId: ref.id, type, revision, path, signal });
  if (meta.size === undefined) {
    throw new KohubError(`The server did not say how large ${path} is`, { code: "UnexpectedResponse" });
  }
  let commit = meta.commit ?? revision;
  const trusted = commit !== revision; // a branch: X-Repo-Commit is its head, not its name
  if (cache && !COMMIT_ID.test(commit))
    commit = (await ctx.api.repoInfo({ repoId: ref.id, type, revision })).sha;
  const size = meta.size;
  const file = { path, size, etag: meta.etag, commit, trusted };
  const run = { ctx, repoId: ref.id, type, force: Boolean(params.force), signal };
  const progress = new PhaseProgress(params.onProgress, "downloading", size, 1);
  if (params.localDir === undefined) {
    prepareCache(root, cache as CacheRepo, revision, commit);
    return toCache({ ...run, progress }, file, cache as CacheRepo);
  }
  ensureHfDir(params.localDir);
  return toLocalDir({ ...run, progress }, file, params.localDir);
}

/** The hub cache a download uses. */
function cacheRoot(ctx: FilesContext, params: DownloadOptions): string {
  return resolve(params.cacheDir ?? hfHubCacheDir(ctx.env));
}

/** A copy already in place at a commit id, found without asking the server. */
function presentAt(
  localDir: string | undefined,
  cache: CacheRepo | undefined,
  path: string,
  commit: string,
): string | undefined {
  if (cache) {
    const pointer = safeJoin(join(cache.storage, "snapshots", commit), path);
    return existsSync(pointer) ? pointer : undefined;
  }
  const paths = localDirPaths(localDir as string, path);
  return existsSync(paths.file) && readLocalMetadata(paths.metadata, paths.file)?.commit === commit
    ? paths.file
    : undefined;
}

/** The cache's tag and the revision's ref, before the first file. */
function prepareCache(root: string, cache: CacheRepo, revision: string, commit: string): void {
  makeFolder(cache.storage);
  ensureCacheTag(root);
  writeRef(cache.storage, revision, commit);
}

/** Asks resolve for a file's storage URL (a presigned URL: asked again when the storage refuses it). */
function locator(run: Run, file: RemoteFile): () => Promise<string> {
  const { repoId, type, signal } = run;
  return async () =>
    (await run.ctx.api.downloadUrl({ repoId, type, revision: file.commit, path: file.path, signal }))
      .location;
}

/** One file into the cache (blob, then the snapshot's symlink to it); returns the symlink. */
async function toCache(run: Run, file: RemoteFile, cache: CacheRepo): Promise<string> {
  const counter = run.progress.file(file.path, file.size);
  const pointer = safeJoin(join(cache.storage, "snapshots", file.commit), file.path);
  const name = etagName(file.etag, file.commit, file.path);
  const blob = join(cache.storage, "blobs", name);
  if (!run.force && existsSync(pointer)) {
    counter.done(true); // the snapshot of this commit has it (whatever the branch or tag named)
    return pointer;
  }
  makeFolder(cache.locks);
  const fetched = await withFileLock(join(cache.locks, `${name}.lock`), run.signal, async () => {
    if (!run.force && file.trusted && existsSync(blob)) return undefined;
    const incomplete = file.trusted ? `${blob}.incomplete` : `${blob}.${file.commit.slice(0, 12)}.incomplete`;
    const job = { ...file, incomplete, counter, signal: run.signal, locate: locator(run, file) };
    const digest = await fetchVerified(run.ctx, job);
    const stored = join(cache.storage, "blobs", digest ?? name);
    moveInto(incomplete, stored);
    return stored;
  });
  linkPointer(fetched ?? blob, pointer);
  counter.done(fetched === undefined);
  return pointer;
}

/** One file into a local folder, with `huggingface_hub`'s metadata file; returns its path. */
async function toLocalDir(run: Run, file: RemoteFile, localDir: string): Promise<string> {
  const counter = run.progress.file(file.path, file.size);
  const paths = localDirPaths(localDir, file.path);
  const etag = etagName(file.etag, file.commit, file.path);
  makeFolder(join(paths.lock, ".."));
  await withFileLock(paths.lock, run.signal, async () => {
    if (!run.force && (await isCurrent(paths, file, etag))) {
      counter.done(true);
    } else {
      const incomplete = paths.incomplete(etag);
      await fetchVerified(run.ctx, {
        ...file,
        incomplete,
        counter,
        signal: run.signal,
        locate: locator(run, file),
      });
      moveInto(incomplete, paths.file);
      counter.done();
    }
    writeLocalMetadata(paths.metadata, file.commit, etag);
  });
  return paths.file;
}

/**
 * Whether the local copy is this file: its metadata names the etag, or (no metadata, as after a copy by
 * hand) its size and hash match a hash etag.
 */
async function isCurrent(
  paths: ReturnType<typeof localDirPaths>,
  file: RemoteFile,
  etag: string,
): Promise<boolean> {
  if (!existsSync(paths.file)) return false;
  const meta = readLocalMetadata(paths.metadata, paths.file);
  if (meta) return meta.etag === etag;
  const hash = etagHash(file.etag);
  if (!hash || statSync(paths.file).size !== file.size) return false;
  const digests = await hashFile(paths.file, { sha256: !hash.sha1, sha1: hash.sha1, size: file.size });
  return (hash.sha1 ? digests.sha1 : digests.sha256) === hash.value;
}

/** Renames a verified download into place. */
function moveInto(from: string, to: string): void {
  makeFolder(join(to, ".."));
  localSync("write", to, () => renameSync(from, to));
}

/**
 * The commit a revision names, and whether it is a branch (etags describe the bytes only at a branch
 * head). The refs listing answers for branches and tags; anything else asks the revision endpoint.
 */
async function pinRevision(
  ctx: FilesContext,
  repoId: string,
  type: RepoType,
  revision: string,
): Promise<{ commit: string; trusted: boolean }> {
  if (COMMIT_ID.test(revision)) return { commit: revision, trusted: false };
  const refs = await ctx.api.listRefs({ repoId, type });
  const branch = refs.branches.find((b) => b.name === revision);
  if (branch) return { commit: branch.targetCommit, trusted: true };
  const tag = refs.tags.find((t) => t.name === revision);
  if (tag) return { commit: tag.targetCommit, trusted: false };
  return { commit: (await ctx.api.repoInfo({ repoId, type, revision })).sha, trusted: false };
}

/** `snapshotDownload`: the selected files of a revision; returns the folder they are in. */
export async function downloadSnapshot(
  ctx: FilesContext,
  params: Parameters<FilesApi["snapshotDownload"]>[0],
): Promise<string> {
  const revision = checkRefName(params.revision ?? "main");
  const type = toRepoType(params.type);
  const ref = await ctx.repoRef(params.repoId, type);
  const stopper = childController(params.signal);
  const { commit, trusted } = await pinRevision(ctx, ref.id, type, revision);
  const progress = new PhaseProgress(params.onProgress, "downloading", 0, 0);
  const run: Run = {
    ctx,
    repoId: ref.id,
    type,
    force: Boolean(params.force),
    progress,
    signal: stopper.signal,
  };
  const listed = (root: string) => listSelected(run, params, root, commit, trusted);
  const workers = params.maxWorkers ?? DEFAULT_WORKERS;
  if (params.localDir !== undefined) {
    const localDir = resolve(params.localDir);
    let made = false; // the folder's .cache/huggingface comes with its first file: a refused listing writes nothing
    await runPool(listed(localDir), workers, stopper, async (f) => {
      if (!made) ensureHfDir(localDir);
      made = true;
      await toLocalDir(run, f, localDir);
    });
    if (!made) ensureHfDir(localDir);
    return localDir;
  }
  const root = cacheRoot(ctx, params);
  const cache = cacheRepo(root, repoFolderName(ref.id, type));
  const snapshot = join(cache.storage, "snapshots", commit);
  prepareCache(root, cache, revision, commit);
  makeFolder(snapshot);
  await runPool(listed(snapshot), workers, stopper, async (f) => void (await toCache(run, f, cache)));
  return snapshot;
}

/**
 * Checks a path of the server's listing under `root`. An unsafe one is the server's doing, not the user's:
 * an {@link UnexpectedResponseError} with code `UnsafePath` (exit 1), not an input error.
 */
function listedPath(root: string, path: string): void {
  try {
    safeJoin(root, path, "path in the repo listing");
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new UnexpectedResponseError(`The server's file listing is unsafe: ${err.message}`, {
      code: err.code,
    });
  }
}

/**
 * The files of the revision that the patterns select, a listing page at a time. Every path of a page is
 * checked (joined under `root`) before any of its files is handed out.
 */
async function* listSelected(
  run: Run,
  params: Parameters<FilesApi["snapshotDownload"]>[0],
  root: string,
  commit: string,
  trusted: boolean,
): AsyncGenerator<RemoteFile> {
  const include = compilePatterns(params.include);
  const exclude = compilePatterns(params.exclude);
  const pages = run.ctx.api.iterRepoTreePages({
    repoId: run.repoId,
    type: run.type,
    revision: commit,
    recursive: true,
    signal: run.signal,
  });
  for await (const page of pages) {
    const files: RemoteFile[] = [];
    for (const entry of page) {
      if (entry.type !== "file") continue;
      listedPath(root, entry.path);
      if (!selected(entry.path, include, exclude)) continue;
      run.progress.grow(entry.size, 1);
      files.push({ path: entry.path, size: entry.size, etag: entry.lfs?.oid ?? entry.oid, commit, trusted });
    }
    yield* files;
  }
}
