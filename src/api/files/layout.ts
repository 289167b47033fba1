/**
 * Where downloads land on disk, as `huggingface_hub` lays them out: the local-dir paths and metadata
 * files (`.cache/huggingface/download`), and the cache's refs, blob names and snapshot symlinks.
 *
 * @module
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { local, localError } from "./errors.ts";
import { joinChecked, resolveFolder, safeJoin } from "./paths.ts";

/** The `CACHEDIR.TAG` `huggingface_hub` writes in its cache folders. */
export const CACHEDIR_TAG =
  "Signature: 8a477f597d28d172789f06886806bc55\n" +
  "# This file is a cache directory tag created by huggingface_hub.\n" +
  "# For information about cache directory tags, see:\n" +
  "#\thttps://bford.info/cachedir/\n";

/**
 * The folders one download run has made, so that each `mkdir -p` happens once per run rather than once
 * per file (which adds up over thousands of small files).
 */
export class Folders {
  private readonly made = new Set<string>();

  /** Creates `dir` and its parents, unless this run already did. */
  ensure(dir: string): void {
    if (this.made.has(dir)) return;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw localError(err, "create", dir);
    }
    this.made.add(dir);
  }

  /** Creates the folder `path` is in (see {@link ensure}). */
  ensureParent(path: string): void {
    this.ensure(parentOf(path));
  }
}

/**
 * `dirname` of an absolute file path; on POSIX a slice at the last `/` (thousands of small files each
 * need two or three, and the runtime's `dirname` costs more than that).
 */
export function parentOf(path: string): string {
  const at = sep === "/" ? path.lastIndexOf("/") : -1;
  return at > 0 && at < path.length - 1 ? path.slice(0, at) : dirname(path);
}

/**
 * What was on disk when a download run began, read with one listing per folder rather than one `stat`
 * per file. Only for paths that no other file of the run writes (the run's own files), and a hint only:
 * a listed name may be a dangling link, so callers confirm what they find.
 */
export class Listing {
  private readonly dirs = new Map<string, Set<string>>();

  /** Whether `path`'s folder listed its name. */
  has(path: string): boolean {
    const dir = parentOf(path);
    let names = this.dirs.get(dir);
    if (!names) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = new Set(); // missing (or not a folder): nothing is there yet
      }
      this.dirs.set(dir, names);
    }
    return names.has(path.lastIndexOf(sep) === dir.length ? path.slice(dir.length + 1) : basename(path));
  }
}

/** Only ASCII characters (one byte each in UTF-8). */
const ASCII = /^[\x00-\x7f]*$/;

/** Writes a whole file (created or truncated) with one open, write and close; errors name the file. */
export function writeWhole(path: string, data: Uint8Array | string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "w");
    let bytes: Uint8Array;
    if (typeof data === "string") {
      // A string is written as it is (no copy into a Buffer first); the rest of a short write from bytes.
      const written = writeSync(fd, data);
      if (written === data.length && (written === 0 || ASCII.test(data))) return;
      bytes = Buffer.from(data).subarray(written);
    } else bytes = data;
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done);
  } catch (err) {
    throw localError(err, "write", path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `huggingface_hub`'s `_short_hash`: URL-safe base64 of the SHA-1 of a name. */
function shortHash(name: string): string {
  return Bun.SHA1.hash(name, "base64").replace(/[+/]/g, (c) => (c === "+" ? "-" : "_"));
}

/**
 * Paths of a local-dir download, as `huggingface_hub` lays them out. `file` is the file's path when the
 * caller has already joined and checked it ({@link safeJoin}). `stem` is the metadata file's path without
 * `.metadata`: the lock adds `.lock`, a file fetched whole a temporary suffix.
 */
export function localDirPaths(
  localDir: string,
  repoPath: string,
  file = safeJoin(localDir, repoPath),
): { file: string; metadata: string; stem: string; lock: string; incomplete: (etag: string) => string } {
  // repoPath is checked: by the caller that joined `file`, else by the default's safeJoin.
  const stem = joinChecked(resolveFolder(localDir), `.cache/huggingface/download/${repoPath}`);
  const metadata = `${stem}.metadata`;
  return {
    file,
    metadata,
    stem,
    lock: `${stem}.lock`,
    incomplete: (etag) => join(dirname(metadata), `${shortHash(basename(metadata))}.${etag}.incomplete`),
  };
}

/**
 * Creates `<localDir>/.cache/huggingface` with its `.gitignore` and `CACHEDIR.TAG`. Synchronous: it comes
 * before a download's first file, and three thread-pool round trips held that file back by 1 to 3 ms.
 */
export function ensureHfDir(localDir: string): void {
  const dir = join(resolve(localDir), ".cache", "huggingface");
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw localError(err, "create", dir);
  }
  for (const [name, text] of [
    [".gitignore", "*"],
    ["CACHEDIR.TAG", CACHEDIR_TAG],
  ] as const) {
    try {
      if (!existsSync(join(dir, name))) writeFileSync(join(dir, name), text);
    } catch {
      // best effort, as huggingface_hub
    }
  }
}

/** The `commit\netag\ntimestamp\n` file `huggingface_hub` keeps per downloaded file, when it is current. */
export async function readLocalMetadata(
  metadata: string,
  file: string,
): Promise<{ commit: string; etag: string } | undefined> {
  try {
    const [commit = "", etag = "", ts = ""] = (await readFile(metadata, "utf8")).split("\n");
    const mtime = (await stat(file)).mtimeMs / 1000;
    return mtime - 1 <= Number(ts) ? { commit: commit.trim(), etag: etag.trim() } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the metadata file of a downloaded file (commit, etag, now). */
export function writeLocalMetadata(folders: Folders, metadata: string, commit: string, etag: string): void {
  folders.ensureParent(metadata);
  writeWhole(metadata, `${commit}\n${etag}\n${Date.now() / 1000}\n`);
}

/** Writes `refs/<revision>` (the commit id) when the revision is a branch or tag name. */
export async function writeRef(storage: string, revision: string, commit: string): Promise<void> {
  if (revision === commit) return;
  const ref = join(storage, "refs", ...revision.split("/"));
  try {
    if ((await readFile(ref, "utf8")) === commit) return;
  } catch {
    // missing: write it
  }
  await local("write", ref, async () => {
    await mkdir(dirname(ref), { recursive: true });
    const tmp = `${ref}.${Math.random().toString(36).slice(2, 10)}.tmp`;
    await writeFile(tmp, commit);
    await rename(tmp, ref);
  });
}

/** What makes a temporary name this process's own (a file written whole, a symlink about to replace one). */
export const TEMP_TAG = `${process.pid}-${Math.random().toString(36).slice(2, 8)}.tmp`;

/**
 * Creates `pointer` as a relative symlink to `blob`, replacing whatever is there in one step: the link is
 * made beside it and renamed over it, so that processes linking the same file at once never find a link
 * in the way (as removing, then creating, would let them).
 */
export function linkPointer(folders: Folders, blob: string, pointer: string): void {
  folders.ensure(dirname(pointer));
  const temp = `${pointer}.${TEMP_TAG}`;
  try {
    symlinkSync(relative(dirname(pointer), blob), temp);
    renameSync(temp, pointer);
  } catch (err) {
    rmSync(temp, { force: true });
    throw localError(err, "create", pointer);
  }
}

/** Writes the `CACHEDIR.TAG` of a cache folder when it has none (best effort, like `huggingface_hub`). */
export async function ensureCacheTag(cache: string): Promise<void> {
  if (!existsSync(join(cache, "CACHEDIR.TAG")))
    await writeFile(join(cache, "CACHEDIR.TAG"), CACHEDIR_TAG).catch(() => {});
}

/** A file name made of an etag (or a stand-in when the server sent none). */
export function etagName(etag: string | undefined, commit: string, path: string): string {
  if (etag !== undefined && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(etag)) return etag; // a hash: as it is
  const e = (etag ?? "")
    .replace(/^W\//, "")
    .replace(/^"|"$/g, "")
    .replace(/^sha256:/, "");
  if (/^[A-Za-z0-9._-]+$/.test(e)) return e;
  return `noetag-${new Bun.CryptoHasher("sha256").update(`${commit}\n${path}`).digest("hex").slice(0, 40)}`;
}
