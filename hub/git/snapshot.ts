/**
 * The git view of a repository's `main`, as KohakuHub's GitLakeFSBridge builds it on every request: one
 * parentless commit of main's current files, LFS files as pointer blobs, a generated `.gitattributes` when
 * LFS files exist and the repo has none, and a `.lfsconfig` naming the hub's LFS endpoint. Other
 * branches, tags and history are not served.
 */
import type { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import {
  activeRecords,
  blobPath,
  getCommit,
  getRef,
  isLfsPath,
  type RepoRow,
  readTree,
  type TreeEntry,
} from "../storage.ts";
import { commitObject, type GitObject, gitObject, nestedTrees } from "./objects.ts";

/** The server's DEFAULT_EMAIL. */
const DEFAULT_EMAIL = "noreply@kohakuhub.local";

export interface Snapshot {
  commit: GitObject;
  /** Commit, trees and blobs, in the order the server packs them (one blob per path, duplicates kept). */
  objects: GitObject[];
}

/** Python's fnmatch on POSIX: `*` and `?` cross `/`, `[...]` is a class; case-sensitive. */
function fnmatch(path: string, pattern: string): boolean {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "*") src += ".*";
    else if (c === "?") src += ".";
    else if (c === "[" && pattern.indexOf("]", i + 2) !== -1) {
      const close = pattern.indexOf("]", i + 2);
      let body = pattern.slice(i + 1, close).replace(/\\/g, "\\\\");
      if (body.startsWith("!")) body = `^${body.slice(1)}`;
      src += `[${body}]`;
      i = close;
    } else src += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${src}$`, "s").test(path);
}

function lfsPatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && l.includes("filter=lfs"))
    .map((l) => l.split(/\s+/)[0] ?? "");
}

function matchesPattern(path: string, patterns: string[]): boolean {
  const base = path.split("/").at(-1) ?? path;
  return patterns.some((p) => fnmatch(path, p) || (p.startsWith("*.") && fnmatch(base, p)));
}

function pointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** Each path's blob: the file's bytes, or an LFS pointer; and which paths became pointers. */
function blobs(db: Database, dataDir: string, repo: RepoRow, tree: TreeEntry[]) {
  const read = (e: TreeEntry) => readFileSync(blobPath(dataDir, e.sha256));
  const attributes = tree.find((e) => e.path === ".gitattributes");
  const attributesText = attributes ? read(attributes) : undefined;
  const patterns = attributesText ? lfsPatterns(attributesText.toString("utf8")) : [];
  const records = activeRecords(
    db,
    repo.id,
    tree.map((e) => e.path),
  );
  const out = new Map<string, GitObject>();
  const lfsPaths: string[] = [];
  for (const entry of tree) {
    if (entry.path === ".gitattributes") continue;
    const record = records.get(entry.path);
    const lfs =
      Boolean(record?.lfs) || isLfsPath(repo, entry.path, entry.size) || matchesPattern(entry.path, patterns);
    if (!lfs) {
      out.set(entry.path, gitObject("blob", read(entry)));
      continue;
    }
    const [sha256, size] = record?.lfs ? [record.hash, record.size] : [entry.sha256, entry.size];
    out.set(entry.path, gitObject("blob", pointer(sha256, size)));
    lfsPaths.push(entry.path);
  }
  return { out, lfsPaths, attributesText };
}

/** The snapshot of main, or undefined when main has no files (the server then advertises no refs). */
export function snapshot(
  db: Database,
  dataDir: string,
  baseUrl: string,
  repo: RepoRow,
): Snapshot | undefined {
  const head = getRef(db, repo.id, "branch", "main");
  if (!head) return undefined;
  const tree = readTree(db, head);
  if (tree.length === 0) return undefined;
  const { out, lfsPaths, attributesText } = blobs(db, dataDir, repo, tree);
  if (attributesText) out.set(".gitattributes", gitObject("blob", attributesText));
  else if (lfsPaths.length > 0) {
    const lines = [...lfsPaths].sort().map((p) => `${p} filter=lfs diff=lfs merge=lfs -text\n`);
    out.set(".gitattributes", gitObject("blob", `# Git LFS tracking (auto-generated)\n\n${lines.join("")}`));
  }
  if (lfsPaths.length > 0) {
    const url = `${baseUrl}/${repo.namespace}/${repo.name}.git/info/lfs`;
    out.set(".lfsconfig", gitObject("blob", `[lfs]\n\turl = ${url}\n`));
  }
  const { root, trees } = nestedTrees([...out].map(([path, blob]) => ["100644", path, blob.sha1]));
  const row = getCommit(db, head);
  const commit = commitObject(
    root,
    row?.committer || "KohakuHub",
    DEFAULT_EMAIL,
    Math.floor((row?.created_at ?? 0) / 1000),
    row?.message ?? "Initial commit",
  );
  return { commit, objects: [commit, ...trees, ...out.values()] };
}
