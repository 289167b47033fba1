/**
 * What `uploadFolder` sends: the files of a local folder that pass the patterns, and the remote files
 * `deletePatterns` deletes.
 *
 * @module
 */
import { join, sep } from "node:path";
import type { RepoTarget } from "../content.ts";
import { NotFoundError } from "../errors.ts";
import type { TransferApi } from "../transfer.ts";
import type { StreamOp } from "./commit.ts";
import { localError } from "./errors.ts";
import { alwaysIgnored, compilePatterns, matchesAny, selected } from "./paths.ts";
import type { Patterns } from "./types.ts";
import type { UploadSource } from "./upload.ts";

/**
 * The files under `folder` (symlinks followed, dot files included) that `include` and `exclude` select,
 * never `.git/` or `.cache/huggingface/`, at their repo paths under `prefix`, sorted by repo path.
 */
export async function scanFolder(
  folder: string,
  prefix: string,
  includePatterns: Patterns | undefined,
  excludePatterns: Patterns | undefined,
): Promise<UploadSource[]> {
  const include = compilePatterns(includePatterns);
  const exclude = compilePatterns(excludePatterns);
  const found: UploadSource[] = [];
  const scan = new Bun.Glob("**/*").scan({ cwd: folder, onlyFiles: true, dot: true, followSymlinks: true });
  try {
    for await (const rel of scan) {
      const posix = rel.split(sep).join("/");
      if (alwaysIgnored(posix) || !selected(posix, include, exclude)) continue;
      const file = join(folder, rel);
      found.push({
        pathInRepo: prefix ? `${prefix}/${posix}` : posix,
        blob: Bun.file(file),
        source: file,
        file,
      });
    }
  } catch (err) {
    throw localError(err, "read", folder);
  }
  found.sort((a, b) => (a.pathInRepo < b.pathInRepo ? -1 : a.pathInRepo > b.pathInRepo ? 1 : 0));
  return found;
}

/**
 * The deletions of `deletePatterns`: remote files under `prefix` that match (relative to `prefix`), are
 * not uploaded, and are not a `.gitattributes`.
 */
export async function folderDeletions(
  api: TransferApi,
  target: RepoTarget & { revision?: string },
  prefix: string,
  found: UploadSource[],
  patterns: Patterns | undefined,
): Promise<StreamOp[]> {
  const deletes: StreamOp[] = [];
  const deletePatterns = compilePatterns(patterns);
  if (deletePatterns?.length) {
    const uploading = new Set(found.map((f) => f.pathInRepo));
    for (const path of await remoteFiles(api, target, prefix)) {
      const rel = prefix ? path.slice(prefix.length + 1) : path;
      if (uploading.has(path) || rel === ".gitattributes" || rel.endsWith("/.gitattributes")) continue;
      if (matchesAny(rel, deletePatterns)) deletes.push({ kind: "deletedFile", path });
    }
  }
  return deletes;
}

/** Every file path under a folder of the repo (none when the folder or the branch has no files). */
async function remoteFiles(
  api: TransferApi,
  target: RepoTarget & { revision?: string },
  folder: string,
): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of api.iterRepoTree({
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
