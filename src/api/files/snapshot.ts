/**
 * `snapshotDownload`: a whole revision (or the files the patterns select) into a local folder or the
 * cache's `snapshots/<commit>` folder, several files at a time.
 *
 * @module
 */
import { join, resolve } from "node:path";
import type { FilesApi } from "../files.ts";
import { checkRefName, type RepoType, toRepoType } from "../validate.ts";
import type { FilesContext } from "./context.ts";
import { type DownloadFileInfo, downloadRun, toCache, toLocalDir } from "./download.ts";
import { ensureCacheTag, ensureHfDir, writeRef } from "./layout.ts";
import { compilePatterns, hfHubCacheDir, repoFolderName, safeJoin, selected } from "./paths.ts";
import { PhaseProgress } from "./progress.ts";
import { COMMIT_ID, childController, DEFAULT_WORKERS, runPoolOver } from "./util.ts";

/**
 * Entries in the first listing page: files start moving as soon as it is in (a full page of 1000 costs the
 * server a few milliseconds more to answer), while the next, full pages come.
 */
const FIRST_PAGE = 100;

/**
 * The commit a revision names, and whether it is a branch (etags describe the bytes only at a branch head,
 * see FetchJob.trusted). The refs listing answers for branches and tags in one small request; anything
 * else (a short commit id, a ref a partial listing left out) asks the revision endpoint, whose answer
 * lists every file of the repo.
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
  if (branch && COMMIT_ID.test(branch.targetCommit)) return { commit: branch.targetCommit, trusted: true };
  const tag = branch ? undefined : refs.tags.find((t) => t.name === revision);
  if (tag && COMMIT_ID.test(tag.targetCommit)) return { commit: tag.targetCommit, trusted: false };
  const { sha } = await ctx.api.repoInfo({ repoId, type, revision });
  return { commit: sha, trusted: branch !== undefined };
}

/** Downloads the selected files of a revision; returns the folder they are in. */
export async function downloadSnapshot(
  ctx: FilesContext,
  params: Parameters<FilesApi["snapshotDownload"]>[0],
): Promise<string> {
  const revision = checkRefName(params.revision ?? "main");
  const type = toRepoType(params.type);
  const ref = await ctx.repoRef(params.repoId, type);
  const controller = childController(params.signal);
  const signal = controller.signal;
  const { commit, trusted } = await pinRevision(ctx, ref.id, type, revision);
  const include = compilePatterns(params.include);
  const exclude = compilePatterns(params.exclude);
  const progress = new PhaseProgress(params.onProgress, "downloading", 0, 0);
  const workers = params.maxWorkers ?? DEFAULT_WORKERS;
  /**
   * The selected files, a listing page at a time, each checked (its path joined under `root`) before it is
   * handed out.
   */
  async function* selectedFiles(root: string): AsyncGenerator<DownloadFileInfo[]> {
    for await (const page of ctx.api.iterRepoTreePages({
      repoId: ref.id,
      type,
      revision: commit,
      recursive: true,
      firstPageSize: FIRST_PAGE,
      signal,
    })) {
      const files: DownloadFileInfo[] = [];
      for (const entry of page) {
        if (entry.type !== "file") continue;
        const target = safeJoin(root, entry.path, "path in the repo listing");
        if (!selected(entry.path, include, exclude)) continue;
        progress.grow(entry.size, 1);
        files.push({
          repoId: ref.id,
          type,
          path: entry.path,
          size: entry.size,
          etag: entry.lfs?.oid ?? entry.oid,
          commit,
          trusted,
          force: params.force,
          target,
        });
      }
      yield files;
    }
  }
  // Files start moving as soon as the first listing page is in; the next pages come meanwhile.
  if (params.localDir !== undefined) {
    const localDir = resolve(params.localDir);
    const run = downloadRun(progress, signal);
    let hfDir = false; // made with the first file: a refused listing writes nothing
    // (Not async: a layer per file shows over thousands of small files.)
    await runPoolOver(selectedFiles(localDir), workers, controller, (f) => {
      if (!hfDir) ensureHfDir(localDir);
      hfDir = true;
      return toLocalDir(ctx, f, localDir, run);
    });
    if (!hfDir) ensureHfDir(localDir); // nothing selected: the folder is still made
    return localDir;
  }
  const cache = resolve(params.cacheDir ?? hfHubCacheDir(ctx.env));
  const storage = join(cache, repoFolderName(ref.id, type));
  const snapshot = join(storage, "snapshots", commit);
  const run = downloadRun(progress, signal);
  run.folders.ensure(snapshot);
  await ensureCacheTag(cache);
  await writeRef(storage, revision, commit);
  await runPoolOver(selectedFiles(snapshot), workers, controller, (f) =>
    toCache(ctx, f, storage, commit, run).then(() => {}),
  );
  return snapshot;
}
