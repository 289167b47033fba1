/**
 * Repository content routes of the local hub (repos-files.md §5–§7): tree and paths-info, refs, branch
 * and tag create/delete, revert/reset/merge, commit history, commit detail and diff.
 *
 * Storage reads go through ../storage.ts. Two things live here because only these routes need them:
 * extra (merge) parents of a commit, and a commit writer that takes a whole tree (revert and merge).
 */
import type { Database } from "bun:sqlite";
import type { Caller } from "../auth.ts";
import {
  boolQuery,
  boundedInt,
  detailError,
  type FieldSpec,
  hfError,
  isoPython,
  isoSeconds,
  json,
  quoteAll,
  randomHex,
  readBody,
  validationError,
} from "../http.ts";
import { manageableRepo, REPO_TYPES, readableRepo, repoParams, writableRepo } from "../repo-access.ts";
import type { Ctx, Router } from "../router.ts";
import {
  activeRecordHash,
  activeRecords,
  blobPath,
  type CommitRow,
  commitStaged,
  type FileRecord,
  getCommit,
  getFileRecord,
  getRef,
  isLfsPath,
  listRefs,
  putFileRecord,
  type RepoRow,
  readEntry,
  readTree,
  resolveRevision,
  setRef,
  softDeleteRecords,
  stage,
  type TreeEntry,
  treePage,
} from "../storage.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS commit_extra_parents (
  commit_id TEXT NOT NULL REFERENCES commits(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  parent TEXT NOT NULL,
  PRIMARY KEY (commit_id, idx)
);
`;

const TREE_PAGE_SIZE = 1000;
const TREE_EXPAND_PAGE_SIZE = 50;
const PATHS_INFO_MAX = 1000;
const NAME_PREFIX_MAX = 256;
const DIFF_MAX_BYTES = 1_000_000;
const base = "/api/{type}s/{ns}/{name}";

// ------------------------------------------------------------------------------------------------
// Small helpers

function repoIdOf(ctx: Ctx): string {
  return `${ctx.params.ns}/${ctx.params.name}`;
}

/** Routes typed with `Literal["model","dataset","space"]` answer 422 for any other type. */
function literalType(ctx: Ctx): string {
  const type = ctx.params.type ?? "";
  if ((REPO_TYPES as readonly string[]).includes(type)) return type;
  throw validationError([
    {
      type: "literal_error",
      loc: ["path", "repo_type"],
      msg: "Input should be 'model', 'dataset' or 'space'",
      input: type,
      ctx: { expected: "'model', 'dataset' or 'space'" },
    },
  ]);
}

/** The storage layer's timestamps are whole seconds. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function stripSlashes(path: string): string {
  return path.replace(/^\/+/, "").replace(/\/+$/, "");
}

/** Python's `urllib.parse.quote_plus` (safe: letters, digits, `_.-~`). */
function quotePlus(value: string): string {
  return quoteAll(value).replace(/%20/g, "+");
}

function urlencode(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&");
}

/** `X` in `Revision 'X' not found ...` for tree, paths-info and revision info. */
function revisionNotFound(ctx: Ctx, revision: string) {
  return hfError(
    404,
    "RevisionNotFound",
    `Revision '${revision}' not found in repository '${repoIdOf(ctx)}'`,
  );
}

/** Resolves a start point the way branch/tag creation does (RevisionNotFound with the "as branch or commit" text). */
function resolveStartPoint(db: Database, repo: RepoRow, revision: string): string {
  const resolved = resolveRevision(db, repo.id, revision);
  if (!resolved) {
    throw hfError(404, "RevisionNotFound", `Revision '${revision}' not found as branch or commit`);
  }
  return resolved.commitId;
}

// ------------------------------------------------------------------------------------------------
// Commit graph (first parent in storage, merge parents here)

function parentsOf(db: Database, commit: CommitRow): string[] {
  const extra = db
    .query("SELECT parent FROM commit_extra_parents WHERE commit_id = ? ORDER BY idx")
    .all(commit.id) as Array<{ parent: string }>;
  return [...(commit.parent ? [commit.parent] : []), ...extra.map((r) => r.parent)];
}

/** Every commit reachable from `commitId` through all parents, newest first (the storage log order). */
function fullHistory(db: Database, commitId: string): CommitRow[] {
  const seen = new Map<string, CommitRow>();
  const stack = [commitId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    const row = getCommit(db, id);
    if (!row) continue;
    seen.set(id, row);
    stack.push(...parentsOf(db, row));
  }
  return [...seen.values()].sort((a, b) => b.seq - a.seq);
}

/** The nearest common ancestor of two commits (undefined when they share none). */
function mergeBase(db: Database, a: string, b: string): string | undefined {
  const ancestorsOfA = new Set(fullHistory(db, a).map((c) => c.id));
  return fullHistory(db, b).find((c) => ancestorsOfA.has(c.id))?.id;
}

/** Writes a commit with a whole tree on a branch and moves the branch to it. */
function writeCommit(
  db: Database,
  repo: RepoRow,
  branch: string,
  parents: string[],
  meta: {
    message: string;
    description: string;
    caller: Caller;
    metadata: Record<string, string>;
  },
  entries: Iterable<TreeEntry>,
): string {
  const id = randomHex(32);
  const seq = (
    db.query("SELECT COALESCE(MAX(seq), 0) AS s FROM commits WHERE repo_id = ?").get(repo.id) as { s: number }
  ).s;
  db.query(
    "INSERT INTO commits (id, repo_id, parent, seq, message, description, committer, user_id, username, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    id,
    repo.id,
    parents[0] ?? null,
    seq + 1,
    meta.message,
    meta.description,
    meta.caller.user.username,
    meta.caller.user.id,
    meta.caller.user.username,
    JSON.stringify(meta.metadata),
    Date.now(),
  );
  const insert = db.query(
    "INSERT INTO tree_entries (commit_id, path, size, sha256, git_sha1, lfs, mtime) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  for (const e of entries) insert.run(id, e.path, e.size, e.sha256, e.git_sha1, e.lfs, e.mtime);
  parents.slice(1).forEach((p, i) => {
    db.query("INSERT INTO commit_extra_parents (commit_id, idx, parent) VALUES (?, ?, ?)").run(id, i + 1, p);
  });
  setRef(db, repo.id, "branch", branch, id);
  return id;
}

function sameContent(a: TreeEntry | undefined, b: TreeEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return a.sha256 === b.sha256 && a.lfs === b.lfs;
}

function treeMap(db: Database, commitId: string): Map<string, TreeEntry> {
  return new Map(readTree(db, commitId).map((e) => [e.path, e]));
}

// ------------------------------------------------------------------------------------------------
// Storage checksums (what the storage layer reports when no file record applies)

async function md5Of(ctx: Ctx, sha256: string): Promise<string> {
  let cache = ctx.hub.state.get("content:md5") as Map<string, string> | undefined;
  if (!cache) {
    cache = new Map();
    ctx.hub.state.set("content:md5", cache);
  }
  const known = cache.get(sha256);
  if (known) return known;
  const bytes = await Bun.file(blobPath(ctx.hub.dataDir, sha256)).bytes();
  const md5 = new Bun.CryptoHasher("md5").update(bytes).digest("hex");
  cache.set(sha256, md5);
  return md5;
}

/** The raw storage checksum of an object: MD5-style hex for regular files, `sha256:<hex>` for LFS-linked ones. */
async function storageChecksum(ctx: Ctx, entry: TreeEntry): Promise<string> {
  return entry.lfs ? `sha256:${entry.sha256}` : md5Of(ctx, entry.sha256);
}

/** Rewrites the per-path records of changed paths from the storage checksums (revert, merge, reset; §18). */
async function rewriteRecords(
  ctx: Ctx,
  repo: RepoRow,
  paths: Iterable<string>,
  tree: Map<string, TreeEntry>,
): Promise<void> {
  for (const path of paths) {
    const entry = tree.get(path);
    if (!entry) {
      softDeleteRecords(ctx.db, repo.id, path);
      continue;
    }
    const checksum = (await storageChecksum(ctx, entry)).replace(/^[a-z0-9]+:/, "");
    putFileRecord(ctx.db, repo.id, path, { hash: checksum, size: entry.size, lfs: entry.lfs, is_deleted: 0 });
  }
}

// ------------------------------------------------------------------------------------------------
// Tree items

interface ListItem {
  /** Storage key: the path, or `dir/` for a common prefix. */
  key: string;
  entry?: TreeEntry;
}

type Target = { path: string; type: "file" | "directory" };

/** The signature of a path (a file, or everything under a directory) in a commit's tree. */
function signature(db: Database, commitId: string, target: Target): string {
  if (target.type === "file") {
    const e = readEntry(db, commitId, target.path);
    return e ? `${e.sha256}:${e.lfs}` : "";
  }
  const rows = db
    .query(
      "SELECT path, sha256, lfs FROM tree_entries WHERE commit_id = ? AND path >= ? AND path < ? ORDER BY path",
    )
    .all(commitId, `${target.path}/`, `${target.path}0`) as Array<{
    path: string;
    sha256: string;
    lfs: number;
  }>;
  return rows.map((r) => `${r.path}:${r.sha256}:${r.lfs}`).join("|");
}

/** The newest non-merge commit of the history that changed the target (the storage log with a path filter). */
function lastCommitFor(
  db: Database,
  log: CommitRow[],
  target: Target,
): { id: string; title: string; date: string } | null {
  for (const commit of log) {
    const parents = parentsOf(db, commit);
    if (parents.length > 1) continue;
    const before = parents[0] ? signature(db, parents[0], target) : "";
    if (signature(db, commit.id, target) !== before) {
      return { id: commit.id, title: commit.message, date: isoSeconds(commit.created_at) };
    }
  }
  return null;
}

/** A file's listing item; `records`: the active records of the caller's paths, when it read them at once. */
async function fileItem(
  ctx: Ctx,
  repo: RepoRow,
  entry: TreeEntry,
  order: "tree" | "paths",
  records?: Map<string, FileRecord>,
) {
  const record = records ? records.get(entry.path) : activeRecordHash(ctx.db, repo.id, entry.path);
  const oid = record?.hash ? record.hash : await storageChecksum(ctx, entry);
  const isLfs = record ? Boolean(record.lfs) : isLfsPath(repo, entry.path, entry.size);
  const item: Record<string, unknown> =
    order === "tree"
      ? { type: "file", oid, size: entry.size, path: entry.path }
      : { type: "file", path: entry.path, size: entry.size, oid };
  if (entry.mtime) item.lastModified = isoSeconds(entry.mtime);
  if (isLfs) item.lfs = { oid, size: entry.size, pointerSize: 134 };
  return item;
}

// ------------------------------------------------------------------------------------------------
// Line diff (Python difflib.unified_diff, SequenceMatcher included)

/** Python's `str.splitlines(keepends=True)`. */
function splitLines(text: string): string[] {
  return (
    text
      .match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)/g)
      ?.filter((l) => l.length > 0) ?? []
  );
}

type Opcode = ["equal" | "replace" | "delete" | "insert", number, number, number, number];

/** Python's `SequenceMatcher(None, a, b).get_opcodes()` (no junk function; autojunk on). */
function opcodes(a: string[], b: string[]): Opcode[] {
  const b2j = new Map<string, number[]>();
  b.forEach((line, j) => {
    const list = b2j.get(line);
    if (list) list.push(j);
    else b2j.set(line, [j]);
  });
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [line, idxs] of [...b2j]) if (idxs.length > ntest) b2j.delete(line);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let [besti, bestj, bestsize] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i] as string) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    return [besti, bestj, bestsize];
  };
  const found: Array<[number, number, number]> = [];
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (!k) continue;
    found.push([i, j, k]);
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  found.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const blocks: Array<[number, number, number]> = [];
  let [i1, j1, k1] = [0, 0, 0];
  for (const [i2, j2, k2] of found) {
    if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2;
    else {
      if (k1) blocks.push([i1, j1, k1]);
      [i1, j1, k1] = [i2, j2, k2];
    }
  }
  if (k1) blocks.push([i1, j1, k1]);
  blocks.push([a.length, b.length, 0]);
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, bj, size] of blocks) {
    const tag = i < ai && j < bj ? "replace" : i < ai ? "delete" : j < bj ? "insert" : undefined;
    if (tag) codes.push([tag, i, ai, j, bj]);
    i = ai + size;
    j = bj + size;
    if (size) codes.push(["equal", ai, i, bj, j]);
  }
  return codes;
}

function groupedOpcodes(codes: Opcode[], n = 3): Opcode[][] {
  const list: Opcode[] = codes.length > 0 ? codes.map((c) => [...c] as Opcode) : [["equal", 0, 1, 0, 1]];
  const first = list[0] as Opcode;
  if (first[0] === "equal")
    list[0] = [
      first[0],
      Math.max(first[1], first[2] - n),
      first[2],
      Math.max(first[3], first[4] - n),
      first[4],
    ];
  const lastCode = list[list.length - 1] as Opcode;
  if (lastCode[0] === "equal") {
    list[list.length - 1] = [
      lastCode[0],
      lastCode[1],
      Math.min(lastCode[2], lastCode[1] + n),
      lastCode[3],
      Math.min(lastCode[4], lastCode[3] + n),
    ];
  }
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of list) {
    let [tag, i1, i2, j1, j2] = code;
    if (tag === "equal" && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)]);
      groups.push(group);
      group = [];
      i1 = Math.max(i1, i2 - n);
      j1 = Math.max(j1, j2 - n);
    }
    group.push([tag, i1, i2, j1, j2]);
  }
  if (group.length > 0 && !(group.length === 1 && group[0]?.[0] === "equal")) groups.push(group);
  return groups;
}

function unifiedRange(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return `${beginning}`;
  if (!length) beginning--;
  return `${beginning},${length}`;
}

/** `difflib.unified_diff(a, b, "a/<path>", "b/<path>", lineterm="\n")`, joined. */
export function unifiedDiff(a: string[], b: string[], path: string): string {
  let out = "";
  for (const group of groupedOpcodes(opcodes(a, b))) {
    if (!out) out += `--- a/${path}\n+++ b/${path}\n`;
    const first = group[0] as Opcode;
    const last = group[group.length - 1] as Opcode;
    out += `@@ -${unifiedRange(first[1], last[2])} +${unifiedRange(first[3], last[4])} @@\n`;
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === "equal") {
        for (const line of a.slice(i1, i2)) out += ` ${line}`;
        continue;
      }
      if (tag === "replace" || tag === "delete") for (const line of a.slice(i1, i2)) out += `-${line}`;
      if (tag === "replace" || tag === "insert") for (const line of b.slice(j1, j2)) out += `+${line}`;
    }
  }
  return out;
}

/** UTF-8 decoding with invalid bytes dropped (Python's `errors="ignore"`). */
async function readLines(ctx: Ctx, entry: TreeEntry | undefined): Promise<string[]> {
  if (!entry) return [];
  const bytes = await Bun.file(blobPath(ctx.hub.dataDir, entry.sha256)).bytes();
  return splitLines(new TextDecoder("utf-8").decode(bytes).replace(/\uFFFD/g, ""));
}

// ------------------------------------------------------------------------------------------------
// Routes

const branchBody: Record<string, FieldSpec> = {
  branch: { type: "str", required: true },
  revision: { type: "str", nullable: true },
};

/** LakeFS branch ids: a word character, then word characters and dashes. */
const BRANCH_ID = /^\w[-\w]*$/;
/** LakeFS tag ids: git-ref-like. */
function tagIdProblem(tag: string): boolean {
  return !tag || /[\s~^:?*[\\]|\.\.|@\{|^[./-]|[./]$|\.lock$/.test(tag) || tag === "HEAD" || tag === "@";
}

async function createBranch(
  ctx: Ctx,
  branch: string,
  revision: string | null | undefined,
): Promise<Response> {
  const { repo } = manageableRepo(ctx, ...repoParams(ctx));
  const source = revision || "main";
  const commitId = resolveStartPoint(ctx.db, repo, source);
  if (getRef(ctx.db, repo.id, "branch", branch)) {
    throw hfError(409, "BadRequest", `Branch '${branch}' already exists`);
  }
  if (!BRANCH_ID.test(branch)) {
    throw hfError(
      500,
      "ServerError",
      `Failed to create branch: 400 validation error: branch id '${branch}' is invalid`,
    );
  }
  setRef(ctx.db, repo.id, "branch", branch, commitId);
  return json({ success: true, message: `Branch '${branch}' created` });
}

async function createTag(ctx: Ctx, tag: string, revision: string | null | undefined): Promise<Response> {
  const { repo } = manageableRepo(ctx, ...repoParams(ctx));
  const commitId = resolveStartPoint(ctx.db, repo, revision || "main");
  if (getRef(ctx.db, repo.id, "tag", tag)) {
    throw hfError(500, "ServerError", `Failed to create tag: 409 Conflict: tag '${tag}' already exists`);
  }
  if (tagIdProblem(tag)) {
    throw hfError(
      500,
      "ServerError",
      `Failed to create tag: 400 validation error: tag id '${tag}' is invalid`,
    );
  }
  setRef(ctx.db, repo.id, "tag", tag, commitId);
  return json({ success: true, message: `Tag '${tag}' created` });
}

export function register(r: Router): void {
  // ---- tree ----
  r.get(`${base}/tree/{revision}{path:path}`, async (ctx) => {
    const type = literalType(ctx);
    const limit = boundedInt(ctx.query, "limit", { default: 0, ge: 1 });
    const recursive = boolQuery(ctx.query, "recursive", false);
    const expand = boolQuery(ctx.query, "expand", false);
    const ns = ctx.params.ns ?? "";
    const name = ctx.params.name ?? "";
    const revision = ctx.params.revision ?? "main";
    const repo = readableRepo(ctx, type, ns, name);

    const cleanPath = stripSlashes(ctx.params.path ?? "");
    const basePrefix = cleanPath ? `${cleanPath}/` : "";
    const rawPrefix = ctx.query.get("name_prefix");
    const namePrefix = rawPrefix?.trim() ? rawPrefix.trim() : undefined;
    if (namePrefix !== undefined) {
      if (namePrefix.includes("/")) throw hfError(400, "BadRequest", "name_prefix must not contain '/'");
      if (namePrefix.length > NAME_PREFIX_MAX) {
        throw hfError(400, "BadRequest", `name_prefix is too long (max ${NAME_PREFIX_MAX} chars)`);
      }
    }
    const prefix = basePrefix + (namePrefix ?? "");
    const defaultLimit = expand ? TREE_EXPAND_PAGE_SIZE : TREE_PAGE_SIZE;
    const pageSize = Math.min(limit || defaultLimit, defaultLimit);
    const cursor = ctx.query.get("cursor") || undefined;

    const resolved = resolveRevision(ctx.db, repo.id, revision);
    if (!resolved) throw revisionNotFound(ctx, revision);

    let page: ListItem[];
    let hasMore: boolean;
    if (recursive) {
      // Files only, a page at a time from the cursor on (LakeFS lists `after` a key, `amount` of them).
      const rows = treePage(ctx.db, resolved.commitId, prefix, cursor, pageSize + 1);
      page = rows.slice(0, pageSize).map((entry) => ({ key: entry.path, entry }));
      hasMore = rows.length > pageSize;
    } else {
      const items: ListItem[] = [];
      for (const entry of readTree(ctx.db, resolved.commitId)) {
        if (!entry.path.startsWith(prefix)) continue;
        const slash = entry.path.indexOf("/", prefix.length);
        if (slash === -1) items.push({ key: entry.path, entry });
        else {
          const key = entry.path.slice(0, slash + 1);
          if (items[items.length - 1]?.key !== key) items.push({ key });
        }
      }
      const after = cursor ? items.filter((i) => i.key > cursor) : items;
      page = after.slice(0, pageSize);
      hasMore = after.length > pageSize;
    }

    if (cleanPath && page.length === 0 && namePrefix === undefined && !cursor) {
      throw hfError(
        404,
        "EntryNotFound",
        `Entry '${cleanPath}' not found in repository '${ns}/${name}' at revision '${revision}'`,
      );
    }

    const log = expand ? fullHistory(ctx.db, resolved.commitId) : [];
    const records = activeRecords(
      ctx.db,
      repo.id,
      page.flatMap((i) => (i.entry ? [i.entry.path] : [])),
    );
    const body: Array<Record<string, unknown>> = [];
    for (const item of page) {
      let out: Record<string, unknown>;
      const path = stripSlashes(item.key);
      if (item.entry) {
        out = await fileItem(ctx, repo, item.entry, "tree", records);
        if (expand) {
          out.lastCommit = lastCommitFor(ctx.db, log, { path, type: "file" });
          out.securityFileStatus = null;
        }
      } else {
        out = { type: "directory", oid: "", size: 0, path };
        if (expand) out.lastCommit = lastCommitFor(ctx.db, log, { path, type: "directory" });
      }
      body.push(out);
    }

    const headers: Record<string, string> = {};
    const last = page[page.length - 1];
    if (hasMore && last) {
      // Python: dict(request.query_params) keeps the last value per key, in first-seen order.
      const params = new Map<string, string>();
      for (const [k, v] of ctx.query) params.set(k, v);
      params.set("limit", String(pageSize));
      params.set("cursor", last.key);
      const next = `${ctx.hub.baseUrl.replace(/\/+$/, "")}${ctx.url.pathname}?${urlencode([...params])}`;
      headers.link = `<${next}>; rel="next"`;
    }
    return json(body, 200, headers);
  });

  // ---- paths-info ----
  r.post(`${base}/paths-info/{revision}`, async (ctx) => {
    let form: FormData | undefined;
    try {
      form = await ctx.req.formData();
    } catch {
      form = undefined;
    }
    const paths = (form?.getAll("paths") ?? []).map((v) => (typeof v === "string" ? v : v.name));
    if (paths.length === 0) {
      throw validationError([
        { type: "missing", loc: ["body", "paths"], msg: "Field required", input: null },
      ]);
    }
    const rawExpand = form?.get("expand");
    let expand = false;
    if (typeof rawExpand === "string" && rawExpand !== "") {
      const v = rawExpand.toLowerCase();
      if (["true", "1", "yes", "on", "t", "y"].includes(v)) expand = true;
      else if (!["false", "0", "no", "off", "f", "n"].includes(v)) {
        throw validationError([
          {
            type: "bool_parsing",
            loc: ["body", "expand"],
            msg: "Input should be a valid boolean, unable to interpret input",
            input: rawExpand,
          },
        ]);
      }
    }
    const type = ctx.params.type ?? "";
    const revision = ctx.params.revision ?? "main";
    const repo = readableRepo(ctx, type, ctx.params.ns ?? "", ctx.params.name ?? "");
    const wanted = paths.filter((p) => p).map(stripSlashes);
    if (wanted.length > PATHS_INFO_MAX) {
      throw hfError(
        400,
        "BadRequest",
        `Too many paths requested. Maximum supported paths per request is ${PATHS_INFO_MAX}.`,
      );
    }
    const resolved = resolveRevision(ctx.db, repo.id, revision);
    if (!resolved) throw revisionNotFound(ctx, revision);

    const out: Array<Record<string, unknown>> = [];
    for (const path of wanted) {
      const entry = path ? readEntry(ctx.db, resolved.commitId, path) : undefined;
      if (entry) {
        out.push(await fileItem(ctx, repo, entry, "paths"));
        continue;
      }
      const below = ctx.db
        .query(
          "SELECT path, size, sha256, git_sha1, lfs, mtime FROM tree_entries WHERE commit_id = ? AND path >= ? AND path < ? ORDER BY path",
        )
        .all(resolved.commitId, `${path}/`, `${path}0`) as TreeEntry[];
      const first = below[0];
      if (!first) continue;
      const dir: Record<string, unknown> = {
        type: "directory",
        path,
        oid: await storageChecksum(ctx, first),
        size: 0,
      };
      let mtime = first.mtime;
      if (expand) {
        dir.size = below.reduce((sum, e) => sum + e.size, 0);
        mtime = below.reduce((m, e) => Math.max(m, e.mtime), 0) || mtime;
      }
      if (mtime) dir.lastModified = isoSeconds(mtime);
      out.push(dir);
    }
    if (expand && out.length > 0) {
      const log = fullHistory(ctx.db, resolved.commitId);
      for (const item of out) {
        item.lastCommit = lastCommitFor(ctx.db, log, {
          path: item.path as string,
          type: item.type as "file" | "directory",
        });
        if (item.type === "file") item.securityFileStatus = null;
      }
    }
    return json(out);
  });

  // ---- refs ----
  r.get(`${base}/refs`, (ctx) => {
    const includePrs = boolQuery(ctx.query, "include_prs", false);
    const repo = readableRepo(ctx, ...repoParams(ctx));
    const refs = (kind: "branch" | "tag", prefix: string) =>
      listRefs(ctx.db, repo.id, kind).map((r) => ({
        name: r.name,
        ref: `${prefix}${r.name}`,
        targetCommit: r.commit_id,
      }));
    const body: Record<string, unknown> = {
      branches: refs("branch", "refs/heads/"),
      converts: [],
      tags: refs("tag", "refs/tags/"),
    };
    if (includePrs) body.pullRequests = [];
    return json(body);
  });

  // ---- branches ----
  r.post(`${base}/branch`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{ branch: string; revision?: string | null }>(ctx.req, branchBody);
    return createBranch(ctx, body.branch, body.revision);
  });

  r.post(`${base}/branch/{branch}`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{ startingPoint?: string | null }>(ctx.req, {
      startingPoint: { type: "str", nullable: true },
    });
    return createBranch(ctx, ctx.params.branch ?? "", body.startingPoint);
  });

  r.delete(`${base}/branch/{branch}`, (ctx) => {
    const branch = ctx.params.branch ?? "";
    const { repo } = manageableRepo(ctx, ...repoParams(ctx));
    if (branch === "main") throw hfError(400, "BadRequest", "Cannot delete main branch");
    if (!getRef(ctx.db, repo.id, "branch", branch)) {
      throw hfError(
        500,
        "ServerError",
        `Failed to delete branch: 404 Not Found: branch '${branch}' not found`,
      );
    }
    ctx.db.query("DELETE FROM refs WHERE repo_id = ? AND kind = 'branch' AND name = ?").run(repo.id, branch);
    ctx.db.query("DELETE FROM staged WHERE repo_id = ? AND branch = ?").run(repo.id, branch);
    return json({ success: true, message: `Branch '${branch}' deleted` });
  });

  // ---- tags ----
  r.post(`${base}/tag`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{ tag: string; revision?: string | null }>(ctx.req, {
      tag: { type: "str", required: true },
      revision: { type: "str", nullable: true },
      message: { type: "str", nullable: true },
    });
    return createTag(ctx, body.tag, body.revision);
  });

  r.post(`${base}/tag/{revision}`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{ tag: string }>(ctx.req, {
      tag: { type: "str", required: true },
      message: { type: "str", nullable: true },
    });
    return createTag(ctx, body.tag, ctx.params.revision);
  });

  r.delete(`${base}/tag/{tag}`, (ctx) => {
    const tag = ctx.params.tag ?? "";
    const { repo } = manageableRepo(ctx, ...repoParams(ctx));
    if (!getRef(ctx.db, repo.id, "tag", tag)) {
      throw hfError(500, "ServerError", `Failed to delete tag: 404 Not Found: tag '${tag}' not found`);
    }
    ctx.db.query("DELETE FROM refs WHERE repo_id = ? AND kind = 'tag' AND name = ?").run(repo.id, tag);
    return json({ success: true, message: `Tag '${tag}' deleted` });
  });

  // ---- revert ----
  r.post(`${base}/branch/{branch}/revert`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{
      ref: string;
      parent_number?: number;
      message?: string | null;
      metadata?: Record<string, string> | null;
      allow_empty?: boolean;
    }>(ctx.req, {
      ref: { type: "str", required: true },
      parent_number: { type: "int" },
      message: { type: "str", nullable: true },
      metadata: { type: "object", nullable: true },
      force: { type: "bool" },
      allow_empty: { type: "bool" },
    });
    const { repo, caller } = writableRepo(ctx, ...repoParams(ctx));
    const branch = ctx.params.branch ?? "";
    const resolved = resolveRevision(ctx.db, repo.id, body.ref);
    const commit = resolved ? getCommit(ctx.db, resolved.commitId) : undefined;
    if (!commit) throw detailError(404, `Commit not found: ${body.ref}`);
    const fail = (reason: string) => detailError(500, `Revert failed: ${reason}`);
    const head = getRef(ctx.db, repo.id, "branch", branch);
    if (!head) throw fail(`404 Not Found: branch '${branch}' not found`);
    if (ctx.db.query("SELECT 1 FROM staged WHERE repo_id = ? AND branch = ? LIMIT 1").get(repo.id, branch)) {
      throw fail("400 Bad Request: uncommitted changes (dirty branch)");
    }
    const parents = parentsOf(ctx.db, commit);
    const parentNumber = body.parent_number ?? 1;
    const parent = parents[parentNumber - 1];
    if (!parent) throw fail(`400 Bad Request: commit ${commit.id} has no parent number ${parentNumber}`);

    const before = treeMap(ctx.db, parent);
    const after = treeMap(ctx.db, commit.id);
    const current = treeMap(ctx.db, head);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (p) => !sameContent(before.get(p), after.get(p)),
    );
    const conflicts = changed.filter((p) => !sameContent(current.get(p), after.get(p)));
    if (conflicts.length > 0) {
      throw detailError(
        409,
        `Revert conflict: 409 Conflict: conflict found (${conflicts.join(", ")}). The revert operation created conflicts with current branch state.`,
      );
    }
    for (const p of changed) {
      const old = before.get(p);
      if (old) current.set(p, old);
      else current.delete(p);
    }
    if (changed.length === 0 && !body.allow_empty) throw fail("400 Bad Request: no changes");
    const id8 = commit.id.slice(0, 8);
    const newId = writeCommit(
      ctx.db,
      repo,
      branch,
      [head],
      {
        message: body.message || `Revert commit ${id8}`,
        description: `Reverted ${commit.id}`,
        caller,
        metadata: body.metadata ?? {},
      },
      current.values(),
    );
    await rewriteRecords(ctx, repo, changed, current);
    return json({
      success: true,
      message: `Successfully reverted commit ${id8} on branch '${branch}'`,
      new_commit_id: newId,
    });
  });

  // ---- reset ----
  r.post(`${base}/branch/{branch}/reset`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{ ref: string; message?: string | null; force?: boolean }>(ctx.req, {
      ref: { type: "str", required: true },
      message: { type: "str", nullable: true },
      force: { type: "bool" },
    });
    const { repo, caller } = writableRepo(ctx, ...repoParams(ctx));
    const branch = ctx.params.branch ?? "";
    if (branch === "main" && !body.force) {
      throw detailError(
        400,
        "Cannot reset main branch without force=true. This is a safety measure to prevent accidental data loss.",
      );
    }
    const resolved = resolveRevision(ctx.db, repo.id, body.ref);
    if (!resolved) throw detailError(404, `Commit not found: ${body.ref}`);
    const target = resolved.commitId;
    const head = getRef(ctx.db, repo.id, "branch", branch);
    if (!head) throw detailError(500, `Reset failed: 404 Not Found: branch '${branch}' not found`);
    const wanted = treeMap(ctx.db, target);
    const current = treeMap(ctx.db, head);
    let changed = 0;
    for (const p of new Set([...wanted.keys(), ...current.keys()])) {
      const want = wanted.get(p);
      if (sameContent(want, current.get(p))) continue;
      stage(ctx.db, repo.id, branch, p, want ? { ...want, mtime: Date.now() } : null);
      changed++;
    }
    if (changed === 0 && !body.force) throw detailError(400, "Branch is already at the target state");
    const message = body.message || `Reset to commit ${target.slice(0, 8)}`;
    const newId = commitStaged(ctx.db, repo.id, branch, {
      message,
      description: `Reset to ${target}`,
      username: caller.user.username,
      userId: caller.user.id,
      metadata: { reset_to: target },
    });
    if (!newId) throw detailError(500, "Reset failed: 400 Bad Request: commit: no changes");
    const tree = treeMap(ctx.db, newId);
    await rewriteRecords(ctx, repo, tree.keys(), tree);
    return json({
      success: true,
      message: `Successfully reset branch '${branch}' to commit ${target.slice(0, 8)} (new commit created)`,
      commit_id: newId,
    });
  });

  // ---- merge ----
  r.post(`${base}/merge/{source_ref}/into/{destination_branch}`, async (ctx) => {
    ctx.requireCaller();
    const body = await readBody<{
      message?: string | null;
      metadata?: Record<string, string> | null;
      strategy?: string | null;
      allow_empty?: boolean;
      squash_merge?: boolean;
    }>(ctx.req, {
      message: { type: "str", nullable: true },
      metadata: { type: "object", nullable: true },
      strategy: { type: "str", nullable: true },
      force: { type: "bool" },
      allow_empty: { type: "bool" },
      squash_merge: { type: "bool" },
    });
    const { repo, caller } = writableRepo(ctx, ...repoParams(ctx));
    const source = ctx.params.source_ref ?? "";
    const destination = ctx.params.destination_branch ?? "";
    const fail = (reason: string) => detailError(500, `Merge failed: ${reason}`);
    if (body.strategy && !["dest-wins", "source-wins"].includes(body.strategy)) {
      throw fail(`400 Bad Request: invalid strategy '${body.strategy}'`);
    }
    const src = resolveRevision(ctx.db, repo.id, source);
    if (!src) throw fail(`404 Not Found: ref '${source}' not found`);
    const head = getRef(ctx.db, repo.id, "branch", destination);
    if (!head) throw fail(`404 Not Found: branch '${destination}' not found`);
    if (
      ctx.db.query("SELECT 1 FROM staged WHERE repo_id = ? AND branch = ? LIMIT 1").get(repo.id, destination)
    ) {
      throw fail("400 Bad Request: uncommitted changes (dirty branch)");
    }
    const baseId = mergeBase(ctx.db, head, src.commitId);
    const baseTree = baseId ? treeMap(ctx.db, baseId) : new Map<string, TreeEntry>();
    const srcTree = treeMap(ctx.db, src.commitId);
    const result = treeMap(ctx.db, head);
    const destTree = new Map(result);
    const conflicts: string[] = [];
    for (const p of new Set([...baseTree.keys(), ...srcTree.keys(), ...destTree.keys()])) {
      const b = baseTree.get(p);
      const s = srcTree.get(p);
      const d = destTree.get(p);
      if (sameContent(s, b) || sameContent(s, d)) continue;
      if (sameContent(d, b) || body.strategy === "source-wins") {
        if (s) result.set(p, s);
        else result.delete(p);
      } else if (body.strategy !== "dest-wins") conflicts.push(p);
    }
    if (conflicts.length > 0) {
      throw detailError(
        409,
        `Merge conflict: 409 Conflict: conflict found (${conflicts.join(", ")}). Use strategy='source-wins' or 'dest-wins' to resolve automatically.`,
      );
    }
    const changedPaths = [...new Set([...result.keys(), ...destTree.keys()])].filter(
      (p) => !sameContent(result.get(p), destTree.get(p)),
    );
    const alreadyMerged = src.commitId === head || baseId === src.commitId;
    if ((alreadyMerged || changedPaths.length === 0) && !body.allow_empty) {
      throw fail("400 Bad Request: no changes");
    }
    const mergeId = writeCommit(
      ctx.db,
      repo,
      destination,
      body.squash_merge ? [head] : [head, src.commitId],
      {
        message: body.message || `Merge ${source} into ${destination}`,
        description: `Merged ${source}`,
        caller,
        metadata: body.metadata ?? {},
      },
      result.values(),
    );
    await rewriteRecords(ctx, repo, changedPaths, result);
    return json({
      success: true,
      message: `Successfully merged ${source} into ${destination}`,
      result: { reference: mergeId },
    });
  });

  // ---- commit history ----
  r.get(`${base}/commits/{revision}`, (ctx) => {
    const limit = boundedInt(ctx.query, "limit", { default: 20, ge: 1, le: 100 });
    const type = ctx.params.type ?? "";
    const revision = ctx.params.revision ?? "main";
    const repo = readableRepo(ctx, type, ctx.params.ns ?? "", ctx.params.name ?? "");
    const resolved = resolveRevision(ctx.db, repo.id, revision);
    if (!resolved) {
      throw hfError(500, "ServerError", `Failed to list commits: 404 Not Found: ref '${revision}' not found`);
    }
    let log = fullHistory(ctx.db, resolved.commitId);
    const after = ctx.query.get("after");
    if (after) {
      const at = log.findIndex((c) => c.id === after);
      log = at === -1 ? [] : log.slice(at + 1);
    }
    const page = log.slice(0, limit);
    const formatted = ctx.query.getAll("expand[]").includes("formatted");
    const body = page.map((c) => {
      const title = c.message
        ? (splitLines(c.message)[0] ?? "").replace(/(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])$/, "")
        : "";
      const item: Record<string, unknown> = {
        id: c.id,
        title,
        message: c.message,
        date: isoSeconds(c.created_at),
        authors: [{ user: c.username || c.committer || "unknown" }],
      };
      if (formatted) item.formatted = { title, message: c.message };
      return item;
    });
    const headers: Record<string, string> = {};
    const last = page[page.length - 1];
    if (log.length > limit && last) {
      // Starlette include_query_params: other values kept, `after` replaced and moved to the end.
      const pairs = [...ctx.query].filter(([k]) => k !== "after");
      pairs.push(["after", last.id]);
      headers.link = `<${ctx.url.origin}${ctx.url.pathname}?${urlencode(pairs)}>; rel="next"`;
    }
    return json(body, 200, headers);
  });

  // ---- commit detail ----
  r.get(`${base}/commit/{commit_id}`, (ctx) => {
    const repo = readableRepo(ctx, ...repoParams(ctx));
    const given = ctx.params.commit_id ?? "";
    const commit = lookupCommit(ctx, repo, given, "Failed to get commit");
    const body: Record<string, unknown> = {
      id: commit.id,
      oid: commit.id,
      title: commit.message,
      message: commit.message,
      date: seconds(commit.created_at),
      parents: parentsOf(ctx.db, commit),
      metadata: JSON.parse(commit.metadata || "{}"),
    };
    // The hub's own record is looked up by the id exactly as given (a branch name finds none).
    if (commit.user_id !== null && given === commit.id) {
      body.author = commit.username;
      body.user_id = commit.user_id;
      body.description = commit.description;
      body.committed_at = isoPython(commit.created_at);
    } else {
      body.author = commit.committer || "unknown";
    }
    return json(body);
  });

  // ---- commit diff ----
  r.get(`${base}/commit/{commit_id}/diff`, async (ctx) => {
    const repo = readableRepo(ctx, ...repoParams(ctx));
    const given = ctx.params.commit_id ?? "";
    const commit = lookupCommit(ctx, repo, given, "Failed to get commit diff");
    const parentId = parentsOf(ctx.db, commit)[0];
    if (!parentId) return json({ files: [], parent_commit: null });
    const before = treeMap(ctx.db, parentId);
    const after = treeMap(ctx.db, commit.id);
    const paths = [...new Set([...before.keys(), ...after.keys()])]
      .filter((p) => !sameContent(before.get(p), after.get(p)))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const files: Array<Record<string, unknown>> = [];
    for (const path of paths) {
      const prev = before.get(path);
      const next = after.get(path);
      const kind = !prev ? "added" : !next ? "removed" : "changed";
      const record = getFileRecord(ctx.db, repo.id, path);
      const sizeBytes = next ? next.size : null;
      const isLfs = record ? Boolean(record.lfs) : sizeBytes ? isLfsPath(repo, path, sizeBytes) : sizeBytes;
      const file: Record<string, unknown> = {
        path,
        type: kind,
        path_type: "object",
        size_bytes: sizeBytes,
        is_lfs: isLfs,
      };
      if (next) file.sha256 = (await storageChecksum(ctx, next)).replace(/^[a-z0-9]+:/, "");
      if (prev) {
        file.previous_size = prev.size;
        file.previous_sha256 = (await storageChecksum(ctx, prev)).replace(/^[a-z0-9]+:/, "");
      }
      if (!isLfs) {
        const tooBig = (next && next.size >= DIFF_MAX_BYTES) || (prev && prev.size >= DIFF_MAX_BYTES);
        file.diff = tooBig ? null : unifiedDiff(await readLines(ctx, prev), await readLines(ctx, next), path);
      }
      files.push(file);
    }
    const recorded = commit.user_id !== null && given === commit.id;
    return json({
      commit_id: given,
      parent_commit: parentId,
      message: commit.message,
      author: recorded ? commit.username : commit.committer || "unknown",
      date: seconds(commit.created_at),
      files,
    });
  });
}

/** Resolves the `{commit_id}` of detail/diff as the storage layer does; unknown → 500 ServerError. */
function lookupCommit(ctx: Ctx, repo: RepoRow, given: string, what: string): CommitRow {
  const resolved = resolveRevision(ctx.db, repo.id, given);
  const commit = resolved ? getCommit(ctx.db, resolved.commitId) : undefined;
  if (!commit) throw hfError(500, "ServerError", `${what}: 404 Not Found: commit '${given}' not found`);
  return commit;
}
