/**
 * The hub's repository storage, standing in for LakeFS + S3 (repos-files.md §0, §15, §18):
 *
 * - per repo: commits (64-hex ids, first parent), an immutable tree snapshot per commit, branches and tags,
 *   and a staging area per branch (operations write to it at once; a failed commit leaves them staged);
 * - per repo: the per-path "latest file record" (hash, size, lfs, is_deleted) that is NOT per branch;
 * - blobs: content-addressed files on disk, `<dataDir>/blobs/aa/bb/<sha256>` (one global LFS store).
 */
import type { Database } from "bun:sqlite";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { randomHex } from "./http.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS repos (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  normalized_name TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0,
  owner_id INTEGER,
  created_at INTEGER NOT NULL,
  downloads INTEGER NOT NULL DEFAULT 0,
  likes_count INTEGER NOT NULL DEFAULT 0,
  lfs_threshold_bytes INTEGER,
  lfs_keep_versions INTEGER,
  lfs_suffix_rules TEXT,
  quota_bytes INTEGER,
  UNIQUE (type, namespace, name)
);
CREATE TABLE IF NOT EXISTS commits (
  id TEXT PRIMARY KEY,
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  parent TEXT,
  seq INTEGER NOT NULL,
  message TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  committer TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS commits_repo ON commits(repo_id, seq);
CREATE TABLE IF NOT EXISTS tree_entries (
  commit_id TEXT NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  git_sha1 TEXT NOT NULL,
  lfs INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  PRIMARY KEY (commit_id, path)
);
CREATE TABLE IF NOT EXISTS refs (
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  PRIMARY KEY (repo_id, kind, name)
);
CREATE TABLE IF NOT EXISTS staged (
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  branch TEXT NOT NULL,
  path TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  git_sha1 TEXT NOT NULL DEFAULT '',
  lfs INTEGER NOT NULL DEFAULT 0,
  mtime INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repo_id, branch, path)
);
CREATE TABLE IF NOT EXISTS file_records (
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  lfs INTEGER NOT NULL,
  is_deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repo_id, path)
);
CREATE INDEX IF NOT EXISTS file_records_hash ON file_records(hash);
`;

/** The name the storage layer commits under (the oldest commit of every repo carries it). */
export const STORAGE_COMMITTER = "kohakuhub-storage";
export const INITIAL_COMMIT_MESSAGE = "Repository created";

export interface RepoRow {
  id: number;
  type: string;
  namespace: string;
  name: string;
  normalized_name: string;
  private: number;
  owner_id: number | null;
  created_at: number;
  downloads: number;
  likes_count: number;
  lfs_threshold_bytes: number | null;
  lfs_keep_versions: number | null;
  lfs_suffix_rules: string | null;
  quota_bytes: number | null;
}

export interface TreeEntry {
  path: string;
  size: number;
  /** SHA-256 of the content: the blob key. */
  sha256: string;
  /**
   * git-blob SHA-1 of the content; empty for LFS entries (nothing serves it, and it would cost a commit a
   * hash of the whole object).
   */
  git_sha1: string;
  /** 1 when stored as an LFS object. */
  lfs: number;
  /** Milliseconds since the epoch. */
  mtime: number;
}

export interface CommitRow {
  id: string;
  repo_id: number;
  parent: string | null;
  seq: number;
  message: string;
  description: string;
  committer: string;
  user_id: number | null;
  username: string | null;
  metadata: string;
  created_at: number;
}

// ------------------------------------------------------------------------------------------------
// Hashing and blobs

export function sha256Hex(data: Uint8Array | string): string {
  return new Bun.CryptoHasher("sha256").update(data).digest("hex");
}

/** git's blob id: SHA-1 of `blob <size>\0<content>`. */
export function gitBlobSha1(data: Uint8Array): string {
  const hasher = new Bun.CryptoHasher("sha1");
  hasher.update(`blob ${data.byteLength}\0`);
  hasher.update(data);
  return hasher.digest("hex");
}

export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, "blobs", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export function hasBlob(dataDir: string, sha256: string): boolean {
  return existsSync(blobPath(dataDir, sha256));
}

/** Stores bytes under their SHA-256 and returns the hashes. */
export async function putBlob(
  dataDir: string,
  data: Uint8Array,
): Promise<{ sha256: string; gitSha1: string }> {
  const sha256 = sha256Hex(data);
  const path = blobPath(dataDir, sha256);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${randomHex(4)}.tmp`;
    await Bun.write(tmp, data);
    renameSync(tmp, path);
  }
  return { sha256, gitSha1: gitBlobSha1(data) };
}

// ------------------------------------------------------------------------------------------------
// LFS rules (repos-files.md §8.1)

export const DEFAULT_LFS_THRESHOLD = 5_000_000;
export const DEFAULT_LFS_KEEP_VERSIONS = 5;
export const DEFAULT_LFS_SUFFIXES = [
  ".safetensors",
  ".bin",
  ".pt",
  ".pth",
  ".ckpt",
  ".onnx",
  ".pb",
  ".h5",
  ".tflite",
  ".gguf",
  ".ggml",
  ".msgpack",
  ".zip",
  ".tar",
  ".gz",
  ".bz2",
  ".xz",
  ".7z",
  ".rar",
  ".npy",
  ".npz",
  ".arrow",
  ".parquet",
  ".mp4",
  ".avi",
  ".mkv",
  ".mov",
  ".wav",
  ".mp3",
  ".flac",
  ".tiff",
  ".tif",
];

export function effectiveSuffixes(repo: RepoRow): string[] {
  const extra: string[] = repo.lfs_suffix_rules ? JSON.parse(repo.lfs_suffix_rules) : [];
  return [...new Set([...DEFAULT_LFS_SUFFIXES, ...extra])];
}

/** A file is LFS iff size ≥ threshold or its lowercased path ends with an LFS suffix. */
export function isLfsPath(repo: RepoRow, path: string, size: number): boolean {
  const threshold = repo.lfs_threshold_bytes ?? DEFAULT_LFS_THRESHOLD;
  if (size >= threshold) return true;
  const lower = path.toLowerCase();
  return effectiveSuffixes(repo).some((s) => lower.endsWith(s));
}

// ------------------------------------------------------------------------------------------------
// Repos, refs, commits

export function findRepo(db: Database, type: string, namespace: string, name: string): RepoRow | undefined {
  return (
    (db
      .query("SELECT * FROM repos WHERE type = ? AND namespace = ? AND name = ?")
      .get(type, namespace, name) as RepoRow | null) ?? undefined
  );
}

function nextSeq(db: Database, repoId: number): number {
  const row = db.query("SELECT COALESCE(MAX(seq), 0) AS s FROM commits WHERE repo_id = ?").get(repoId) as {
    s: number;
  };
  return row.s + 1;
}

function insertCommit(
  db: Database,
  repoId: number,
  parent: string | null,
  meta: CommitMeta,
  entries: Iterable<TreeEntry>,
): string {
  const id = randomHex(32);
  const now = meta.createdAt ?? Date.now();
  db.query(
    "INSERT INTO commits (id, repo_id, parent, seq, message, description, committer, user_id, username, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    id,
    repoId,
    parent,
    nextSeq(db, repoId),
    meta.message,
    meta.description ?? "",
    meta.username ?? STORAGE_COMMITTER,
    meta.userId ?? null,
    meta.username ?? null,
    JSON.stringify(meta.metadata ?? (meta.description ? { description: meta.description } : {})),
    now,
  );
  const insert = db.query(
    "INSERT INTO tree_entries (commit_id, path, size, sha256, git_sha1, lfs, mtime) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (const e of entries) insert.run(id, e.path, e.size, e.sha256, e.git_sha1, e.lfs, e.mtime);
  return id;
}

/** What a new commit records. `username`/`userId` are set when a hub user made it. */
export interface CommitMeta {
  message: string;
  description?: string;
  username?: string | null;
  userId?: number | null;
  metadata?: Record<string, string>;
  createdAt?: number;
}

/** Initializes storage for a new repo: branch `main` with one storage-level commit and an empty tree. */
export function initRepoStorage(db: Database, repoId: number, createdAt = Date.now()): string {
  const id = insertCommit(db, repoId, null, { message: INITIAL_COMMIT_MESSAGE, createdAt }, []);
  setRef(db, repoId, "branch", "main", id);
  return id;
}

export function setRef(
  db: Database,
  repoId: number,
  kind: "branch" | "tag",
  name: string,
  commitId: string,
): void {
  db.query("INSERT OR REPLACE INTO refs (repo_id, kind, name, commit_id) VALUES (?, ?, ?, ?)").run(
    repoId,
    kind,
    name,
    commitId,
  );
}

export function deleteRef(db: Database, repoId: number, kind: "branch" | "tag", name: string): boolean {
  return (
    db.query("DELETE FROM refs WHERE repo_id = ? AND kind = ? AND name = ?").run(repoId, kind, name).changes >
    0
  );
}

export function getRef(
  db: Database,
  repoId: number,
  kind: "branch" | "tag",
  name: string,
): string | undefined {
  const row = db
    .query("SELECT commit_id FROM refs WHERE repo_id = ? AND kind = ? AND name = ?")
    .get(repoId, kind, name) as {
    commit_id: string;
  } | null;
  return row?.commit_id;
}

export function listRefs(
  db: Database,
  repoId: number,
  kind: "branch" | "tag",
): Array<{ name: string; commit_id: string }> {
  return db
    .query("SELECT name, commit_id FROM refs WHERE repo_id = ? AND kind = ? ORDER BY name")
    .all(repoId, kind) as Array<{ name: string; commit_id: string }>;
}

export function getCommit(db: Database, commitId: string): CommitRow | undefined {
  return (db.query("SELECT * FROM commits WHERE id = ?").get(commitId) as CommitRow | null) ?? undefined;
}

/**
 * Resolves a revision the way the storage layer does: a branch, then a tag, then a full commit id or a
 * unique id prefix (at least 4 characters). Undefined when nothing matches.
 */
export function resolveRevision(
  db: Database,
  repoId: number,
  revision: string,
): { kind: "branch" | "tag" | "commit"; commitId: string } | undefined {
  const refs = db
    .query("SELECT kind, commit_id FROM refs WHERE repo_id = ? AND name = ? AND kind IN ('branch', 'tag')")
    .all(repoId, revision) as Array<{ kind: "branch" | "tag"; commit_id: string }>;
  const ref = refs.find((r) => r.kind === "branch") ?? refs[0];
  if (ref) return { kind: ref.kind, commitId: ref.commit_id };
  if (/^[0-9a-f]{4,64}$/.test(revision)) {
    // A range over the primary key: ids starting with the prefix sort between it and the prefix + "g".
    const rows = db
      .query("SELECT id FROM commits WHERE id >= ? AND id < ? AND repo_id = ? LIMIT 2")
      .all(revision, `${revision}g`, repoId) as Array<{ id: string }>;
    if (rows.length === 1 && rows[0]) return { kind: "commit", commitId: rows[0].id };
  }
  return undefined;
}

/** The tree of a commit, sorted by path. */
export function readTree(db: Database, commitId: string): TreeEntry[] {
  return db
    .query(
      "SELECT path, size, sha256, git_sha1, lfs, mtime FROM tree_entries WHERE commit_id = ? ORDER BY path",
    )
    .all(commitId) as TreeEntry[];
}

/**
 * Up to `limit` entries of a commit's tree under `prefix` (`""`: all), after `cursor` (a path), in path
 * order: one page of a recursive listing, without reading the rest of the tree.
 */
export function treePage(
  db: Database,
  commitId: string,
  prefix: string,
  cursor: string | undefined,
  limit: number,
): TreeEntry[] {
  const rows = db
    .query(
      "SELECT path, size, sha256, git_sha1, lfs, mtime FROM tree_entries WHERE commit_id = ? AND path >= ? AND path > ? ORDER BY path LIMIT ?",
    )
    .all(commitId, prefix, cursor ?? "", limit) as TreeEntry[];
  // Paths under the prefix sort together from its first one on: stop at the first that is not.
  const end = rows.findIndex((r) => !r.path.startsWith(prefix));
  return end < 0 ? rows : rows.slice(0, end);
}

/** One entry of a commit's tree. */
export function readEntry(db: Database, commitId: string, path: string): TreeEntry | undefined {
  return (
    (db
      .query(
        "SELECT path, size, sha256, git_sha1, lfs, mtime FROM tree_entries WHERE commit_id = ? AND path = ?",
      )
      .get(commitId, path) as TreeEntry | null) ?? undefined
  );
}

/** First-parent history from a commit, newest first. */
export function history(db: Database, commitId: string): CommitRow[] {
  const out: CommitRow[] = [];
  let current: string | null = commitId;
  while (current) {
    const row = getCommit(db, current);
    if (!row) break;
    out.push(row);
    current = row.parent;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Staging and committing (each op writes to the branch's staging area at once)

/** Stages a file (entry) or a deletion (null) on a branch. */
export function stage(
  db: Database,
  repoId: number,
  branch: string,
  path: string,
  entry: TreeEntry | null,
): void {
  db.query(
    "INSERT OR REPLACE INTO staged (repo_id, branch, path, deleted, size, sha256, git_sha1, lfs, mtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    repoId,
    branch,
    path,
    entry ? 0 : 1,
    entry?.size ?? 0,
    entry?.sha256 ?? "",
    entry?.git_sha1 ?? "",
    entry?.lfs ?? 0,
    entry?.mtime ?? 0,
  );
}

/** Drops everything staged on a branch. */
export function clearStaged(db: Database, repoId: number, branch: string): void {
  db.query("DELETE FROM staged WHERE repo_id = ? AND branch = ?").run(repoId, branch);
}

/**
 * Commits what is staged on a branch. Returns the new commit id, or undefined when the result would not
 * differ from the head (the storage layer refuses empty commits; the staging area is then cleared).
 *
 * @throws Error when the branch does not exist.
 */
export function commitStaged(
  db: Database,
  repoId: number,
  branch: string,
  meta: CommitMeta,
): string | undefined {
  const head = getRef(db, repoId, "branch", branch);
  if (!head) throw new Error(`branch ${branch} not found`);
  const staged = db
    .query("SELECT * FROM staged WHERE repo_id = ? AND branch = ?")
    .all(repoId, branch) as Array<TreeEntry & { deleted: number }>;
  const tree = new Map(readTree(db, head).map((e) => [e.path, e]));
  let changed = false;
  for (const s of staged) {
    const before = tree.get(s.path);
    if (s.deleted) {
      if (before) {
        tree.delete(s.path);
        changed = true;
      }
    } else {
      const { deleted: _d, ...entry } = s;
      const e: TreeEntry = {
        path: entry.path,
        size: entry.size,
        sha256: entry.sha256,
        git_sha1: entry.git_sha1,
        lfs: entry.lfs,
        mtime: entry.mtime,
      };
      if (!before || before.sha256 !== e.sha256 || before.lfs !== e.lfs) changed = true;
      tree.set(s.path, e);
    }
  }
  clearStaged(db, repoId, branch);
  if (!changed) return undefined;
  const id = insertCommit(db, repoId, head, meta, tree.values());
  setRef(db, repoId, "branch", branch, id);
  return id;
}

/**
 * Rewrites a repo's history to the current `main` files in one new commit (move and squash: every other
 * branch, every tag and all older commits are lost). Nothing is committed when main is empty.
 */
export function rewriteToMain(db: Database, repoId: number, meta: CommitMeta): void {
  const head = getRef(db, repoId, "branch", "main");
  const files = head ? readTree(db, head) : [];
  db.query("DELETE FROM refs WHERE repo_id = ?").run(repoId);
  db.query("DELETE FROM staged WHERE repo_id = ?").run(repoId);
  db.query("DELETE FROM commits WHERE repo_id = ?").run(repoId);
  const initial = initRepoStorage(db, repoId);
  if (files.length > 0) {
    const id = insertCommit(db, repoId, initial, meta, files);
    setRef(db, repoId, "branch", "main", id);
  }
}

/** Bytes used by a repo: the sizes of the distinct blobs referenced by any of its commits. */
export function repoUsedBytes(db: Database, repoId: number): number {
  const row = db
    .query(
      "SELECT COALESCE(SUM(size), 0) AS total FROM (SELECT DISTINCT t.sha256, t.size FROM tree_entries t JOIN commits c ON c.id = t.commit_id WHERE c.repo_id = ?)",
    )
    .get(repoId) as { total: number };
  return row.total;
}

// ------------------------------------------------------------------------------------------------
// The per-path file record (§18): written by commits whatever the branch; last writer wins.

export interface FileRecord {
  hash: string;
  size: number;
  lfs: number;
  is_deleted: number;
}

export function getFileRecord(db: Database, repoId: number, path: string): FileRecord | undefined {
  return (
    (db
      .query("SELECT hash, size, lfs, is_deleted FROM file_records WHERE repo_id = ? AND path = ?")
      .get(repoId, path) as FileRecord | null) ?? undefined
  );
}

export function putFileRecord(db: Database, repoId: number, path: string, record: FileRecord): void {
  db.query(
    "INSERT OR REPLACE INTO file_records (repo_id, path, hash, size, lfs, is_deleted) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(repoId, path, record.hash, record.size, record.lfs, record.is_deleted);
}

/** Soft-deletes the records of a path, or of every path under a folder prefix (ending in `/`). */
export function softDeleteRecords(db: Database, repoId: number, pathOrPrefix: string): void {
  if (pathOrPrefix.endsWith("/")) {
    db.query("UPDATE file_records SET is_deleted = 1 WHERE repo_id = ? AND path LIKE ? ESCAPE '\\'").run(
      repoId,
      `${pathOrPrefix.replace(/[\\%_]/g, "\\$&")}%`,
    );
  } else {
    db.query("UPDATE file_records SET is_deleted = 1 WHERE repo_id = ? AND path = ?").run(
      repoId,
      pathOrPrefix,
    );
  }
}

/** The hash a wire field takes from the record when it is active (git SHA-1 for regular files, SHA-256 for LFS). */
export function activeRecordHash(db: Database, repoId: number, path: string): FileRecord | undefined {
  const rec = getFileRecord(db, repoId, path);
  return rec && !rec.is_deleted ? rec : undefined;
}

/**
 * The active records of several paths in one query, by path: what the tree listing reads per page (the
 * server's `_build_file_record_map`, one `IN` query per page).
 */
export function activeRecords(db: Database, repoId: number, paths: string[]): Map<string, FileRecord> {
  const rows = db
    .query(
      "SELECT path, hash, size, lfs, is_deleted FROM file_records WHERE repo_id = ? AND is_deleted = 0 AND path IN (SELECT value FROM json_each(?))",
    )
    .all(repoId, JSON.stringify(paths)) as Array<FileRecord & { path: string }>;
  return new Map(rows.map((r) => [r.path, r]));
}
