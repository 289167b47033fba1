/**
 * Paths of transfers: repo paths checked before they become local paths, glob patterns of uploads and
 * downloads, and the cache folders (`huggingface_hub`'s hub cache, the upload resume records).
 *
 * @module
 */
import { homedir } from "node:os";
import { join, resolve, sep } from "node:path";
import { InputError } from "../errors.ts";
import type { RepoType } from "../validate.ts";
import type { Patterns } from "./types.ts";

// ------------------------------------------------------------------------------------------------
// Paths and patterns

/**
 * Checks a repo path that will become a local path: relative, no `..`, `.` or empty segment, no drive or
 * UNC form, no NUL. Throws an {@link InputError} with code `UnsafePath` otherwise.
 */
export function checkSafePath(path: string, what = "path"): string {
  const bad = (why: string) =>
    new InputError(`Refusing ${what} ${JSON.stringify(path)}: ${why}`, { code: "UnsafePath" });
  if (typeof path !== "string" || path.length === 0) throw bad("it is empty");
  if (path.includes("\0")) throw bad("it contains a NUL byte");
  if (path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path))
    throw bad("it is an absolute path");
  for (const part of path.split(/[/\\]/)) {
    if (part === "..") throw bad("it escapes the target directory ('..')");
    if (part === "" || part === ".") throw bad("it has an empty or '.' segment");
    if (/^[A-Za-z]:/.test(part)) throw bad("it has a drive-letter segment");
  }
  return path;
}

/** `a/b` joined under a folder, checked to stay inside it (`what` names the path in errors). */
export function safeJoin(base: string, repoPath: string, what = "path"): string {
  checkSafePath(repoPath, what);
  const root = resolve(base);
  const out = resolve(root, ...repoPath.split("/"));
  if (!out.startsWith(root.endsWith(sep) ? root : root + sep)) {
    throw new InputError(`Refusing path ${JSON.stringify(repoPath)}: it escapes ${root}`, {
      code: "UnsafePath",
    });
  }
  return out;
}

/** Strips `./` and surrounding slashes of a folder inside the repo; `""` is the root. */
export function normalizeRepoFolder(path: string | undefined): string {
  const p = (path ?? "").replace(/^\.\/+/, "").replace(/^\/+|\/+$/g, "");
  if (p === "" || p === ".") return "";
  checkSafePath(p, "pathInRepo");
  return p;
}

/** A compiled glob pattern of {@link Patterns}. */
export interface CompiledPattern {
  glob: RegExp;
  /** No `/` in the pattern: it also matches a file or folder name at any depth. */
  anyDepth: boolean;
}

/** Compiles patterns (a trailing `/` means everything below; leading `./` and `/` are dropped). */
export function compilePatterns(patterns: Patterns | undefined): CompiledPattern[] | undefined {
  if (patterns === undefined) return undefined;
  const list = (typeof patterns === "string" ? [patterns] : patterns).filter((p) => p.length > 0);
  return list.map((p) => {
    let q = p.replace(/^\.\//, "").replace(/^\/+/, "");
    if (q.endsWith("/")) q += "**";
    return { glob: globToRegExp(q), anyDepth: !q.includes("/") };
  });
}

/**
 * A glob as a regular expression over a whole `/`-separated path, with the syntax of `Bun.Glob` (written
 * here so that Node and Bun match alike): `*` and `?` stay within a segment (dot files included), a `**`
 * segment is any number of segments, `[a-z]` and `[!a]`/`[^a]` are classes, `{a,b}` are alternatives
 * (nested too), `\` escapes, and a leading `!` negates. A `[` or `{` left open is a plain character.
 */
export function globToRegExp(glob: string): RegExp {
  const from = glob.startsWith("!") ? 1 : 0;
  let re = "";
  let depth = 0;
  for (let i = from; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "\\" && i + 1 < glob.length) re += escapeRegExp(glob[++i] as string);
    else if (
      c === "*" &&
      glob[i + 1] === "*" &&
      (i === from || glob[i - 1] === "/") &&
      /^\/?$/.test(glob[i + 2] ?? "")
    ) {
      re += i + 2 < glob.length ? "(?:.*/)?" : ".*"; // a whole `**` segment, and the `/` after it
      i += 2;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[" && classEnd(glob, i) > 0) {
      const end = classEnd(glob, i);
      re += globClass(glob.slice(i + 1, end));
      i = end;
    } else if (c === "{" && braceEnd(glob, i) > 0) {
      re += "(?:";
      depth++;
    } else if (c === "," && depth > 0) re += "|";
    else if (c === "}" && depth > 0) {
      re += ")";
      depth--;
    } else re += escapeRegExp(c);
  }
  return new RegExp(from ? `^(?!(?:${re})$)` : `^(?:${re})$`, "su");
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** The index of the `]` that closes the class opened at `start` (a `]` first in it is a member), or -1. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i++;
  if (glob[i] === "\\") i++; // an escaped first member
  for (i++; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "]") return i;
  }
  return -1;
}

/** The index of the `}` that closes the `{` at `start` (braces nest), or -1. */
function braceEnd(glob: string, start: number): number {
  for (let i = start + 1, depth = 1; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "{") depth++;
    else if (glob[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** A class's body (between `[` and `]`) as a regular expression; a reversed range matches nothing. */
function globClass(body: string): string {
  const negate = body[0] === "!" || body[0] === "^";
  const chars = [...body.slice(negate ? 1 : 0)];
  const esc = (c: string) => (/[\\\]^[-]/.test(c) ? `\\${c}` : c);
  const take = (i: number) => (chars[i] === "\\" && i + 1 < chars.length ? i + 1 : i);
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    i = take(i);
    const lo = chars[i] as string;
    if (chars[i + 1] !== "-" || i + 2 >= chars.length) {
      out += esc(lo);
      continue;
    }
    i = take(i + 2);
    const hi = chars[i] as string;
    if (lo <= hi) out += `${esc(lo)}-${esc(hi)}`;
  }
  if (out === "") return negate ? "." : "(?!)";
  return negate ? `[^${out}]` : `[${out}]`;
}

/**
 * Whether a repo-relative path matches one of the patterns: the whole path, or (for a pattern without `/`)
 * its file name, or one of its parent folders (so `logs` and `logs/` both match `logs/a/b.txt`).
 */
export function matchesAny(path: string, patterns: CompiledPattern[]): boolean {
  const parts = path.split("/");
  for (const { glob, anyDepth } of patterns) {
    for (let i = parts.length; i >= 1; i--) {
      if (glob.test(parts.slice(0, i).join("/"))) return true;
      if (anyDepth && glob.test(parts[i - 1] as string)) return true;
    }
  }
  return false;
}

/** Whether a path is kept by `include` (when given) and not dropped by `exclude`. */
export function selected(
  path: string,
  include: CompiledPattern[] | undefined,
  exclude: CompiledPattern[] | undefined,
): boolean {
  if (include && !matchesAny(path, include)) return false;
  return !(exclude && matchesAny(path, exclude));
}

/**
 * What `huggingface_hub.upload_folder` never uploads, at any depth: a `.git` file or folder and what it
 * holds, a `.cache/huggingface` folder and what it holds (its default ignore patterns, `.git` and
 * `.cache/huggingface` with their wildcard forms).
 */
export function alwaysIgnored(path: string): boolean {
  if (!path.includes(".git") && !path.includes(".cache/huggingface")) return false;
  const parts = path.split("/");
  return parts.some((part, i) => part === ".git" || (part === ".cache" && parts[i + 1] === "huggingface"));
}

// ------------------------------------------------------------------------------------------------
// Cache locations

/** Environment variables, as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/**
 * The Hugging Face hub cache, resolved as `huggingface_hub` does: `$HF_HUB_CACHE`, else
 * `$HUGGINGFACE_HUB_CACHE`, else `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
 * `~/.cache/huggingface/hub`.
 */
export function hfHubCacheDir(env: Env = process.env): string {
  if (env.HF_HUB_CACHE) return expandHome(env.HF_HUB_CACHE);
  if (env.HUGGINGFACE_HUB_CACHE) return expandHome(env.HUGGINGFACE_HUB_CACHE);
  const hfHome = env.HF_HOME
    ? expandHome(env.HF_HOME)
    : join(env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : join(homedir(), ".cache"), "huggingface");
  return join(hfHome, "hub");
}

/**
 * The default folder of multipart resume records: `$KOHUB_CACHE_DIR/uploads`, else
 * `$XDG_CACHE_HOME/kohub/uploads`, else `~/.cache/kohub/uploads`.
 */
export function uploadResumeDir(env: Env = process.env): string {
  if (env.KOHUB_CACHE_DIR) return join(expandHome(env.KOHUB_CACHE_DIR), "uploads");
  const base = env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : join(homedir(), ".cache");
  return join(base, "kohub", "uploads");
}

/** `models--ns--name` (the folder name `huggingface_hub` gives a repo in its cache). */
export function repoFolderName(repoId: string, type: RepoType = "model"): string {
  return [`${type}s`, ...repoId.split("/")].join("--");
}
