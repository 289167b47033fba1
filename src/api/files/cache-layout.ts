/**
 * Where downloads land on disk, as `huggingface_hub` lays them out: the hub cache (`blobs/<etag>`,
 * `snapshots/<commit>/<path>` symlinks, `refs/<revision>`, `.locks/`) and a local folder with its
 * `.cache/huggingface/download` metadata. Every small file is written whole or not at all (a temporary
 * name, then a rename), so that a full disk leaves no half-written ref or tag behind.
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { localError, localSync } from "./errors.ts";
import { safeJoin } from "./paths.ts";

/** The `CACHEDIR.TAG` `huggingface_hub` writes in its cache folders. */
export const CACHEDIR_TAG =
  "Signature: 8a477f597d28d172789f06886806bc55\n" +
  "# This file is a cache directory tag created by huggingface_hub.\n" +
  "# For information about cache directory tags, see:\n" +
  "#\thttps://bford.info/cachedir/\n";

/** What makes a temporary name this process's own. */
export const TEMP_TAG = `${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`;

/** Creates a folder and its parents; errors name it. */
export function makeFolder(dir: string): void {
  localSync("create", dir, () => mkdirSync(dir, { recursive: true }));
}

/** Writes a small file whole (a temporary file renamed over it), creating its folder; nothing is left on failure. */
export function writeAtomic(path: string, data: string): void {
  makeFolder(dirname(path));
  const temp = `${path}.${TEMP_TAG}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw localError(err, "write", path);
  }
}

/** The folders of one repo in the hub cache. */
export interface CacheRepo {
  /** `<cache>/models--ns--name` */
  storage: string;
  /** `<cache>/.locks/models--ns--name` */
  locks: string;
}

/** The folders of a repo in the cache (`folderName` from `repoFolderName`). */
export function cacheRepo(cache: string, folderName: string): CacheRepo {
  const root = resolve(cache);
  return { storage: join(root, folderName), locks: join(root, ".locks", folderName) };
}

/** Writes the cache's `CACHEDIR.TAG` when it has none (best effort, like `huggingface_hub`). */
export function ensureCacheTag(cache: string): void {
  const tag = join(resolve(cache), "CACHEDIR.TAG");
  if (existsSync(tag)) return;
  try {
    writeAtomic(tag, CACHEDIR_TAG);
  } catch {
    // a cache without its tag still works
  }
}

/** Writes `refs/<revision>` (the commit id) when the revision is a branch or tag name. */
export function writeRef(storage: string, revision: string, commit: string): void {
  if (revision === commit) return;
  const ref = join(storage, "refs", ...revision.split("/"));
  try {
    if (readFileSync(ref, "utf8") === commit) return;
  } catch {
    // missing: write it
  }
  writeAtomic(ref, commit);
}

/**
 * Creates `pointer` as a relative symlink to `blob`, replacing whatever is there in one step (made beside
 * it and renamed over it), so that processes linking the same file at once never find a link in the way.
 */
export function linkPointer(blob: string, pointer: string): void {
  makeFolder(dirname(pointer));
  const temp = `${pointer}.${TEMP_TAG}`;
  try {
    symlinkSync(relative(dirname(pointer), blob), temp);
    renameSync(temp, pointer);
  } catch (err) {
    rmSync(temp, { force: true });
    throw localError(err, "create", pointer);
  }
}

/** An etag that is a hash: a SHA-256 (an LFS file's) or, `sha1`, a git-blob SHA-1 (a regular file's). */
export interface EtagHash {
  value: string;
  sha1: boolean;
}

/** The hash an etag is, if it is one. */
export function etagHash(etag: string | undefined): EtagHash | undefined {
  if (etag === undefined || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(etag)) return undefined;
  return { value: etag, sha1: etag.length === 40 };
}

/** A file name made of an etag (or a stand-in when the server sent none). */
export function etagName(etag: string | undefined, commit: string, path: string): string {
  const hash = etagHash(etag);
  if (hash) return hash.value;
  const e = (etag ?? "")
    .replace(/^W\//, "")
    .replace(/^"|"$/g, "")
    .replace(/^sha256:/, "");
  if (/^[A-Za-z0-9._-]+$/.test(e)) return e;
  return `noetag-${createHash("sha256").update(`${commit}\n${path}`).digest("hex").slice(0, 40)}`;
}

/** `huggingface_hub`'s `_short_hash`: URL-safe base64 of the SHA-1 of a name. */
function shortHash(name: string): string {
  return createHash("sha1")
    .update(name)
    .digest("base64")
    .replace(/[+/]/g, (c) => (c === "+" ? "-" : "_"));
}

/** The paths of one file of a local-dir download, as `huggingface_hub` lays them out. */
export interface LocalDirPaths {
  file: string;
  metadata: string;
  lock: string;
  incomplete(etag: string): string;
}

/** The paths of `repoPath` downloaded into `localDir` (checked to stay inside it). */
export function localDirPaths(localDir: string, repoPath: string): LocalDirPaths {
  const file = safeJoin(localDir, repoPath);
  const stem = safeJoin(localDir, `.cache/huggingface/download/${repoPath}`);
  const metadata = `${stem}.metadata`;
  return {
    file,
    metadata,
    lock: `${stem}.lock`,
    incomplete: (etag) => join(dirname(metadata), `${shortHash(basename(metadata))}.${etag}.incomplete`),
  };
}

/** Creates `<localDir>/.cache/huggingface` with its `.gitignore` and `CACHEDIR.TAG`. */
export function ensureHfDir(localDir: string): void {
  const dir = join(resolve(localDir), ".cache", "huggingface");
  makeFolder(dir);
  for (const [name, text] of [
    [".gitignore", "*"],
    ["CACHEDIR.TAG", CACHEDIR_TAG],
  ] as const) {
    try {
      if (!existsSync(join(dir, name))) writeAtomic(join(dir, name), text);
    } catch {
      // best effort, as huggingface_hub
    }
  }
}

/** The `commit\netag\ntimestamp\n` file `huggingface_hub` keeps per downloaded file, when it is current. */
export function readLocalMetadata(
  metadata: string,
  file: string,
): { commit: string; etag: string } | undefined {
  try {
    const [commit = "", etag = "", ts = ""] = readFileSync(metadata, "utf8").split("\n");
    const mtime = statSync(file).mtimeMs / 1000;
    return mtime - 1 <= Number(ts) ? { commit: commit.trim(), etag: etag.trim() } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the metadata file of a downloaded file (commit, etag, now). */
export function writeLocalMetadata(metadata: string, commit: string, etag: string): void {
  writeAtomic(metadata, `${commit}\n${etag}\n${Date.now() / 1000}\n`);
}
