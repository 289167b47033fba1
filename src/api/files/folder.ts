/**
 * What `uploadFolder` sends: the files of a local folder that pass the patterns (and what it does with
 * symbolic links), and the remote files `deletePatterns` deletes.
 *
 * @module
 */
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { join, sep } from "node:path";
import { NotFoundError } from "../errors.ts";
import type { RepoTarget } from "../refs.ts";
import type { TransferApi } from "../transfer.ts";
import type { CommitOp } from "./commit-body.ts";
import { localSync } from "./errors.ts";
import { alwaysIgnored, compilePatterns, matchesAny, selected } from "./paths.ts";
import type { Patterns, SkippedLink } from "./types.ts";
import type { UploadSource } from "./upload.ts";

/** What {@link scanFolder} found: the files to upload, and the links it did not follow. */
export interface FolderScan {
  files: UploadSource[];
  skipped: SkippedLink[];
}

/**
 * The files under `folder` that `include` and `exclude` select, at their repo paths under `prefix`, sorted
 * by repo path, with their sizes: dot files included, never `.git/` or `.cache/huggingface/` (not even
 * walked). Links are followed while they stay inside the folder; one that leads out of it is skipped
 * unless `followSymlinks`, and one that leads nowhere or back to a folder it is in is always skipped:
 * each skipped link is reported (unless `exclude` drops its path), never uploaded silently.
 */
export function scanFolder(
  folder: string,
  prefix: string,
  includePatterns: Patterns | undefined,
  excludePatterns: Patterns | undefined,
  followSymlinks = false,
): FolderScan {
  const include = compilePatterns(includePatterns);
  const exclude = compilePatterns(excludePatterns);
  const out: FolderScan = { files: [], skipped: [] };
  const root = localSync("read", folder, () => realpathSync(folder));
  /** The real paths of the folder being walked and of its parents. */
  const above = new Set<string>();
  const skip = (path: string, reason: SkippedLink["reason"]) => {
    if (selected(path, undefined, exclude)) out.skipped.push({ path, reason });
  };
  const walk = (dir: string, rel: string, realDir: string) => {
    above.add(realDir);
    for (const entry of listDir(dir)) {
      const posix = rel + entry.name;
      if (alwaysIgnored(posix)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, `${posix}/`, join(realDir, entry.name));
      else if (entry.isFile()) addFile(full, posix, statOf(full).size);
      else if (entry.isSymbolicLink()) followLink(full, posix);
    }
    above.delete(realDir);
  };
  const addFile = (full: string, posix: string, size: number) => {
    if (!selected(posix, include, exclude)) return;
    const pathInRepo = prefix ? `${prefix}/${posix}` : posix;
    out.files.push({ pathInRepo, size, source: full, file: full });
  };
  const followLink = (full: string, posix: string) => {
    let target: string;
    try {
      target = realpathSync(full);
    } catch {
      return skip(posix, "dangling");
    }
    if (!followSymlinks && target !== root && !target.startsWith(root + sep)) return skip(posix, "outside");
    const st = statOf(full);
    if (st.isDirectory()) {
      if (above.has(target)) return skip(posix, "loop");
      walk(full, `${posix}/`, target);
    } else if (st.isFile()) addFile(full, posix, st.size);
  };
  walk(folder, "", root);
  out.files.sort((a, b) => (a.pathInRepo < b.pathInRepo ? -1 : a.pathInRepo > b.pathInRepo ? 1 : 0));
  return out;
}

/** The entries of a folder; errors name it. */
function listDir(dir: string): Dirent[] {
  return localSync("read", dir, () => readdirSync(dir, { withFileTypes: true }));
}

/** What a path is (a link: what it leads to); errors name it. */
function statOf(path: string): Stats {
  return localSync("read", path, () => statSync(path));
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
): Promise<CommitOp[]> {
  const deletes: CommitOp[] = [];
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
