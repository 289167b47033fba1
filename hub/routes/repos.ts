/**
 * Repositories (repos-files.md §4): create, delete, move, squash, settings, LFS settings, info (at main and
 * at a revision), lists; likes (auth-users-orgs.md §12), stats and trending (§13), quota (§11), and the
 * download counting of §9.5 (`recordDownload`, called by the resolve route).
 *
 * Storage usage is computed live from the stored commits (`repoUsedBytes`), so every answer is what the
 * real server shows right after a recalculation.
 */
import type { Database } from "bun:sqlite";
import type { Caller } from "../auth.ts";
import { findUser, findUserById, roleIn, type UserRow } from "../db.ts";
import {
  boolQuery,
  boundedInt,
  detail,
  detailError,
  HttpError,
  hfError,
  intParam,
  isoPython,
  isoSeconds,
  isoZ,
  json,
  readBody,
  repoNotFound,
  validationError,
} from "../http.ts";
import {
  canManage,
  canRead,
  canWrite,
  checkNamespace,
  enumRepoType,
  REPO_TYPES,
  readableRepo,
} from "../repo-access.ts";
import type { Ctx, Router } from "../router.ts";
import {
  activeRecordHash,
  DEFAULT_LFS_KEEP_VERSIONS,
  DEFAULT_LFS_SUFFIXES,
  DEFAULT_LFS_THRESHOLD,
  effectiveSuffixes,
  findRepo,
  getCommit,
  getRef,
  history,
  initRepoStorage,
  isLfsPath,
  type RepoRow,
  readTree,
  repoUsedBytes,
  resolveRevision,
  rewriteToMain,
  STORAGE_COMMITTER,
} from "../storage.ts";
import { normalizeName } from "./account.ts";

export const schema = `
CREATE TABLE IF NOT EXISTS repo_likes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (repo_id, user_id)
);
CREATE TABLE IF NOT EXISTS download_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  session_key TEXT NOT NULL,
  time_bucket INTEGER NOT NULL,
  authenticated INTEGER NOT NULL,
  file_count INTEGER NOT NULL DEFAULT 1,
  first_download_at INTEGER NOT NULL,
  UNIQUE (repo_id, session_key, time_bucket)
);
CREATE TABLE IF NOT EXISTS daily_repo_stats (
  repo_id INTEGER NOT NULL REFERENCES repos(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  download_sessions INTEGER NOT NULL DEFAULT 0,
  authenticated_downloads INTEGER NOT NULL DEFAULT 0,
  anonymous_downloads INTEGER NOT NULL DEFAULT 0,
  total_files INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (repo_id, date)
);
`;

const VISIBILITY_ERROR = "Unsupported repository visibility. Only 'public' and 'private' are supported.";
const ADMIN_ROLES = new Set(["admin", "super-admin"]);
/** §9.5: one download per session per repo per 15-minute bucket. */
export const DOWNLOAD_BUCKET_SECONDS = 900;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Small helpers

/** `YYYY-MM-DD` of a time in UTC. */
function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function fullId(repo: RepoRow): string {
  return `${repo.namespace}/${repo.name}`;
}

/** A string query parameter that must match a pattern (FastAPI `Query(pattern=...)`). */
function patternQuery(ctx: Ctx, name: string, fallback: string, pattern: string): string {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  if (!new RegExp(pattern).test(raw)) {
    throw validationError([
      {
        type: "string_pattern_mismatch",
        loc: ["query", name],
        msg: `String should match pattern '${pattern}'`,
        input: raw,
        ctx: { pattern },
      },
    ]);
  }
  return raw;
}

/** A plain `int` query parameter with a default (no bounds). */
function intQuery(ctx: Ctx, name: string, fallback: number): number {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  return intParam(raw, "query", name);
}

/** `get_current_user_or_admin`: a valid `X-Admin-Token` wins; otherwise a logged-in user (401). */
function callerOrAdmin(ctx: Ctx): { caller: Caller | undefined; admin: boolean } {
  const token = ctx.req.headers.get("x-admin-token");
  const secret = ctx.hub.options.adminToken;
  if (token && secret && token === secret) return { caller: undefined, admin: true };
  return { caller: ctx.requireCaller(), admin: false };
}

/** The 409 "repo exists" shape (E5): JSON `{url, repo_id, error}` plus `X-Error-Code: RepoExists`. */
function repoExists(
  ctx: Ctx,
  type: string,
  id: string,
  message = `Repository ${id} already exists`,
): HttpError {
  return new HttpError(
    json({ url: `${ctx.hub.baseUrl}/${type}s/${id}`, repo_id: id, error: message }, 409, {
      "x-error-code": "RepoExists",
      "x-error-message": message,
    }),
  );
}

function manageDenied(repo: RepoRow): HttpError {
  return detail(403, `You don't have permission to delete repository '${fullId(repo)}'`);
}

function orgOf(db: Database, namespace: string): UserRow | undefined {
  const row = findUser(db, namespace);
  return row?.is_org ? row : undefined;
}

/** Names of the orgs a user belongs to (any role). */
function orgNamesOf(db: Database, userId: number): string[] {
  return (
    db
      .query("SELECT u.username FROM memberships m JOIN users u ON u.id = m.org_id WHERE m.user_id = ?")
      .all(userId) as Array<{ username: string }>
  ).map((r) => r.username);
}

/** List privacy: public repos, plus private ones of the caller's namespace and orgs. */
function visibleInLists(repo: RepoRow, caller: Caller | undefined, orgs: string[]): boolean {
  if (!repo.private) return true;
  if (!caller) return false;
  return repo.namespace === caller.user.username || orgs.includes(repo.namespace);
}

// ---------------------------------------------------------------------------------------------------
// Quota (auth-users-orgs.md §11): usage is computed live per namespace and pool.

/** Bytes used by the public and the private repos of a namespace. */
export function namespaceUsage(db: Database, namespace: string): { private: number; public: number } {
  const repos = db.query("SELECT * FROM repos WHERE namespace = ?").all(namespace) as RepoRow[];
  const out = { private: 0, public: 0 };
  for (const repo of repos) {
    if (repo.private) out.private += repoUsedBytes(db, repo.id);
    else out.public += repoUsedBytes(db, repo.id);
  }
  return out;
}

function pct(used: number, quota: number | null): number | null {
  return quota === null || quota === 0 ? null : (used / quota) * 100;
}

function gb(bytes: number): string {
  return (bytes / 1000 ** 3).toFixed(2);
}

/**
 * The server's `check_quota`: would `additionalBytes` more fit in the namespace's public or private pool?
 * Returns the error message when it would not (the caller decides on the status: 413 on upload paths,
 * 400 on move and visibility changes).
 */
export function checkQuota(
  db: Database,
  namespace: string,
  additionalBytes: number,
  isPrivate: boolean,
): string | undefined {
  const entity = findUser(db, namespace);
  if (!entity) return `User not found: ${namespace}`;
  const quota = isPrivate ? entity.private_quota_bytes : entity.public_quota_bytes;
  if (quota === null) return undefined;
  const usage = namespaceUsage(db, namespace);
  const used = isPrivate ? usage.private : usage.public;
  const next = used + additionalBytes;
  if (next <= quota) return undefined;
  const kind = isPrivate ? "Private" : "Public";
  return `${kind} storage quota exceeded: ${gb(next)}GB would exceed limit of ${gb(quota)}GB`;
}

interface StorageInfo {
  private_quota_bytes: number | null;
  public_quota_bytes: number | null;
  private_used_bytes: number;
  public_used_bytes: number;
  private_available_bytes: number | null;
  public_available_bytes: number | null;
  private_percentage_used: number | null;
  public_percentage_used: number | null;
  total_used_bytes: number;
}

function storageInfo(db: Database, namespace: string): StorageInfo {
  const entity = findUser(db, namespace);
  const privateQuota = entity?.private_quota_bytes ?? null;
  const publicQuota = entity?.public_quota_bytes ?? null;
  const usage = entity ? namespaceUsage(db, namespace) : { private: 0, public: 0 };
  return {
    private_quota_bytes: privateQuota,
    public_quota_bytes: publicQuota,
    private_used_bytes: usage.private,
    public_used_bytes: usage.public,
    private_available_bytes: privateQuota === null ? null : Math.max(0, privateQuota - usage.private),
    public_available_bytes: publicQuota === null ? null : Math.max(0, publicQuota - usage.public),
    private_percentage_used: pct(usage.private, privateQuota),
    public_percentage_used: pct(usage.public, publicQuota),
    total_used_bytes: usage.private + usage.public,
  };
}

function legacyQuota(namespace: string, isOrg: boolean, info: StorageInfo) {
  const quota =
    info.private_quota_bytes === null || info.public_quota_bytes === null
      ? null
      : info.private_quota_bytes + info.public_quota_bytes;
  const used = info.total_used_bytes;
  return {
    namespace,
    is_organization: isOrg,
    quota_bytes: quota,
    used_bytes: used,
    available_bytes: quota === null ? null : Math.max(0, quota - used),
    percentage_used: pct(used, quota),
  };
}

/** `get_repo_storage_info`: the repo's own quota, else the pool of its recorded owner (the creating user). */
function repoStorage(db: Database, repo: RepoRow) {
  const owner = repo.owner_id === null ? undefined : (findUserById(db, repo.owner_id) ?? undefined);
  let nsQuota: number | null = null;
  let nsUsed = 0;
  if (owner) {
    const usage = namespaceUsage(db, owner.username);
    nsQuota = repo.private ? owner.private_quota_bytes : owner.public_quota_bytes;
    nsUsed = repo.private ? usage.private : usage.public;
  }
  const used = repoUsedBytes(db, repo.id);
  const effective = repo.quota_bytes ?? nsQuota;
  return {
    quota_bytes: repo.quota_bytes,
    used_bytes: used,
    available_bytes: effective === null ? null : Math.max(0, effective - used),
    percentage_used: pct(used, effective),
    effective_quota_bytes: effective,
    namespace_quota_bytes: nsQuota,
    namespace_used_bytes: nsUsed,
    namespace_available_bytes: nsQuota === null ? null : Math.max(0, nsQuota - nsUsed),
    is_inheriting: repo.quota_bytes === null,
  };
}

function repoQuotaBody(db: Database, repo: RepoRow) {
  const info = repoStorage(db, repo);
  return {
    repo_id: fullId(repo),
    repo_type: repo.type,
    namespace: repo.namespace,
    ...info,
  };
}

// ---------------------------------------------------------------------------------------------------
// Downloads (§9.5)

/**
 * Counts a download (called by the resolve GET route): one session per repo per 15-minute bucket. A new
 * session increments `repos.downloads` and today's daily stats; a known one only adds a file.
 *
 * @param sessionKey the `session_id` cookie for logged-in users ("" for Bearer-only callers), else the
 * `hf_download_session` cookie.
 */
export function recordDownload(
  db: Database,
  repo: RepoRow,
  sessionKey: string,
  authenticated: boolean,
): void {
  const now = Date.now();
  const bucket = Math.floor(now / 1000 / DOWNLOAD_BUCKET_SECONDS);
  const today = utcDate(now);
  db.transaction(() => {
    const existing = db
      .query("SELECT id FROM download_sessions WHERE repo_id = ? AND session_key = ? AND time_bucket = ?")
      .get(repo.id, sessionKey, bucket) as { id: number } | null;
    if (existing) {
      db.query("UPDATE download_sessions SET file_count = file_count + 1 WHERE id = ?").run(existing.id);
      db.query(
        "UPDATE daily_repo_stats SET total_files = total_files + 1 WHERE repo_id = ? AND date = ?",
      ).run(repo.id, today);
      return;
    }
    db.query(
      "INSERT INTO download_sessions (repo_id, session_key, time_bucket, authenticated, file_count, first_download_at) VALUES (?, ?, ?, ?, 1, ?)",
    ).run(repo.id, sessionKey, bucket, authenticated ? 1 : 0, now);
    db.query("UPDATE repos SET downloads = downloads + 1 WHERE id = ?").run(repo.id);
    db.query(
      `INSERT INTO daily_repo_stats (repo_id, date, download_sessions, authenticated_downloads, anonymous_downloads, total_files)
       VALUES (?, ?, 1, ?, ?, 1)
       ON CONFLICT (repo_id, date) DO UPDATE SET
         download_sessions = download_sessions + 1,
         authenticated_downloads = authenticated_downloads + excluded.authenticated_downloads,
         anonymous_downloads = anonymous_downloads + excluded.anonymous_downloads,
         total_files = total_files + 1`,
    ).run(repo.id, today, authenticated ? 1 : 0, authenticated ? 0 : 1);
  })();
}

// ---------------------------------------------------------------------------------------------------
// Repo info and lists

/** `siblings`: every file of a commit; LFS by the repo's *current* rules, hash from the per-path record. */
function siblings(db: Database, repo: RepoRow, commitId: string) {
  return readTree(db, commitId).map((entry) => {
    const item: Record<string, unknown> = { rfilename: entry.path, size: entry.size };
    if (isLfsPath(repo, entry.path, entry.size)) {
      const record = activeRecordHash(db, repo.id, entry.path);
      item.lfs = { sha256: record?.hash || entry.sha256, size: entry.size, pointerSize: 134 };
    }
    return item;
  });
}

/**
 * `sha`/`lastModified` of list items: the newest hub-made commit on main (full precision), else the storage
 * head (whole seconds).
 */
function listHead(
  db: Database,
  repo: RepoRow,
): { sha: string | null; lastModified: string | null; at: number } {
  const head = getRef(db, repo.id, "branch", "main");
  if (!head) return { sha: null, lastModified: null, at: repo.created_at };
  const commits = history(db, head);
  const hubCommit = commits.find((c) => c.committer !== STORAGE_COMMITTER);
  if (hubCommit)
    return { sha: hubCommit.id, lastModified: isoZ(hubCommit.created_at), at: hubCommit.created_at };
  const top = commits[0];
  return {
    sha: head,
    lastModified: top ? isoSeconds(top.created_at) : null,
    at: repo.created_at,
  };
}

function listItem(db: Database, repo: RepoRow): Record<string, unknown> {
  const head = listHead(db, repo);
  return {
    id: fullId(repo),
    author: repo.namespace,
    private: Boolean(repo.private),
    sha: head.sha,
    lastModified: head.lastModified,
    createdAt: isoZ(repo.created_at),
    downloads: repo.downloads,
    likes: repo.likes_count,
    gated: false,
    tags: [],
  };
}

/** Trending ranking for `sort=trending`: log-scaled daily sessions with a 0.8 daily decay (7 days). */
function trendingForList(db: Database, type: string, limit: number): RepoRow[] {
  const now = Date.now();
  const today = utcDate(now);
  const start = utcDate(now - 6 * DAY_MS);
  const rows = db
    .query(
      "SELECT s.repo_id, s.date, s.download_sessions FROM daily_repo_stats s JOIN repos r ON r.id = s.repo_id WHERE s.date >= ? AND s.date <= ? AND r.type = ?",
    )
    .all(start, today, type) as Array<{ repo_id: number; date: string; download_sessions: number }>;
  if (rows.length === 0) {
    return db
      .query("SELECT * FROM repos WHERE type = ? AND private = 0 ORDER BY created_at DESC, id DESC LIMIT ?")
      .all(type, limit) as RepoRow[];
  }
  const scores = new Map<number, number>();
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  for (const row of rows) {
    const daysAgo = Math.round((todayMs - Date.parse(`${row.date}T00:00:00Z`)) / DAY_MS);
    const score = Math.log(1 + row.download_sessions) * 0.8 ** daysAgo;
    scores.set(row.repo_id, (scores.get(row.repo_id) ?? 0) + score);
  }
  const top = [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const out: RepoRow[] = [];
  for (const [id] of top) {
    const repo = db.query("SELECT * FROM repos WHERE id = ?").get(id) as RepoRow | null;
    if (repo && !repo.private) out.push(repo);
  }
  return out;
}

function sortedRepos(db: Database, repos: RepoRow[], sort: string): RepoRow[] {
  const byCreated = (a: RepoRow, b: RepoRow) => b.created_at - a.created_at || b.id - a.id;
  if (sort === "likes") return repos.sort((a, b) => b.likes_count - a.likes_count || a.id - b.id);
  if (sort === "downloads") return repos.sort((a, b) => b.downloads - a.downloads || a.id - b.id);
  if (sort === "updated") {
    const updated = new Map(repos.map((r) => [r.id, listHead(db, r).at]));
    return repos.sort((a, b) => (updated.get(b.id) ?? 0) - (updated.get(a.id) ?? 0) || byCreated(a, b));
  }
  return repos.sort(byCreated);
}

function repoInfoHandler(type: string) {
  return (ctx: Ctx): Response => {
    boolQuery(ctx.query, "fallback", true);
    const { ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const head = getRef(ctx.db, repo.id, "branch", "main");
    const commit = head ? getCommit(ctx.db, head) : undefined;
    const body: Record<string, unknown> = {
      _id: repo.id,
      id: fullId(repo),
      modelId: type === "model" ? fullId(repo) : null,
      author: repo.namespace,
      sha: head ? head.slice(0, 40) : null,
      lastModified: commit ? isoSeconds(commit.created_at) : null,
      createdAt: isoZ(repo.created_at),
      private: Boolean(repo.private),
      disabled: false,
      gated: false,
      downloads: repo.downloads,
      likes: repo.likes_count,
      tags: [],
      pipeline_tag: null,
      library_name: null,
      siblings: head ? siblings(ctx.db, repo, head) : [],
      spaces: [],
      models: [],
      datasets: [],
    };
    if (ctx.caller()) {
      const s = repoStorage(ctx.db, repo);
      body.storage = {
        quota_bytes: s.quota_bytes,
        used_bytes: s.used_bytes,
        available_bytes: s.available_bytes,
        percentage_used: s.percentage_used,
        effective_quota_bytes: s.effective_quota_bytes,
        is_inheriting: s.is_inheriting,
      };
    }
    return json(body);
  };
}

function listHandler(type: string) {
  return (ctx: Ctx): Response => {
    const limit = boundedInt(ctx.query, "limit", { default: 50, ge: 1, le: 100_000 });
    const sort = patternQuery(ctx, "sort", "recent", "^(recent|updated|likes|downloads|trending)$");
    const fallback = boolQuery(ctx.query, "fallback", true);
    const author = ctx.query.get("author") || undefined;
    const caller = ctx.caller();
    const orgs = caller ? orgNamesOf(ctx.db, caller.user.id) : [];
    let rows: RepoRow[];
    if (sort === "trending") {
      rows = trendingForList(ctx.db, type, limit);
    } else {
      const all = (
        author
          ? ctx.db.query("SELECT * FROM repos WHERE type = ? AND namespace = ?").all(type, author)
          : ctx.db.query("SELECT * FROM repos WHERE type = ?").all(type)
      ) as RepoRow[];
      rows = sortedRepos(
        ctx.db,
        all.filter((r) => visibleInLists(r, caller, orgs)),
        sort,
      ).slice(0, limit);
    }
    const items = rows.map((r) => {
      const item = listItem(ctx.db, r);
      if (fallback) {
        item._source = "local";
        item._source_url = ctx.hub.baseUrl;
      }
      return item;
    });
    return json(items);
  };
}

// ---------------------------------------------------------------------------------------------------
// Routes

export function register(r: Router): void {
  // §4.1 create
  r.post("/api/repos/create", async (ctx) => {
    const caller = ctx.requireCaller();
    const body = await readBody<{
      type?: string;
      name: string;
      organization?: string | null;
      private?: boolean | null;
      visibility?: string | null;
    }>(ctx.req, {
      type: { type: "str", enum: REPO_TYPES },
      name: { type: "str", required: true },
      organization: { type: "str", nullable: true },
      private: { type: "bool", nullable: true },
      visibility: { type: "str", nullable: true },
      sdk: { type: "str", nullable: true },
    });
    const type = body.type ?? "model";
    let isPrivate = false;
    if (body.private !== undefined && body.private !== null) isPrivate = body.private;
    else if (body.visibility === "private") isPrivate = true;
    else if (body.visibility !== undefined && body.visibility !== null && body.visibility !== "public") {
      throw detailError(400, VISIBILITY_ERROR);
    }
    const namespace = body.organization || caller.user.username;
    checkNamespace(ctx, namespace, caller);
    const id = `${namespace}/${body.name}`;
    if (findRepo(ctx.db, type, namespace, body.name)) throw repoExists(ctx, type, id);
    const normalized = normalizeName(body.name);
    const siblingsOfNs = ctx.db
      .query("SELECT name FROM repos WHERE type = ? AND namespace = ? ORDER BY id")
      .all(type, namespace) as Array<{ name: string }>;
    const clash = siblingsOfNs.find((s) => normalizeName(s.name) === normalized);
    if (clash) {
      throw repoExists(
        ctx,
        type,
        `${namespace}/${clash.name}`,
        `Repository name conflicts with existing repository: ${clash.name}`,
      );
    }
    const now = Date.now();
    ctx.db.transaction(() => {
      const info = ctx.db
        .query(
          "INSERT INTO repos (type, namespace, name, normalized_name, private, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(type, namespace, body.name, normalized, isPrivate ? 1 : 0, caller.user.id, now);
      initRepoStorage(ctx.db, Number(info.lastInsertRowid), now);
    })();
    return json({ url: `${ctx.hub.baseUrl}/${type}s/${id}`, repo_id: id });
  });

  // §4.2 delete (JSON body on a DELETE)
  r.delete("/api/repos/delete", async (ctx) => {
    const { caller, admin } = callerOrAdmin(ctx);
    const body = await readBody<{ name: string; type?: string; organization?: string | null }>(ctx.req, {
      type: { type: "str", enum: REPO_TYPES },
      name: { type: "str", required: true },
      organization: { type: "str", nullable: true },
      sdk: { type: "str", nullable: true },
    });
    const type = body.type ?? "model";
    if (admin && !body.organization) throw detail(400, "Admin must specify organization parameter");
    const namespace = body.organization || (caller as Caller).user.username;
    const repo = findRepo(ctx.db, type, namespace, body.name);
    if (!repo) throw repoNotFound(type, namespace, body.name);
    if (!admin && !canManage(ctx, repo, caller)) throw manageDenied(repo);
    ctx.db.query("DELETE FROM repos WHERE id = ?").run(repo.id);
    return json({ message: `Repository '${fullId(repo)}' of type '${type}' deleted.` });
  });

  // §4.3 move
  r.post("/api/repos/move", async (ctx) => {
    const { caller, admin } = callerOrAdmin(ctx);
    const body = await readBody<{ fromRepo: string; toRepo: string; type?: string }>(ctx.req, {
      fromRepo: { type: "str", required: true },
      toRepo: { type: "str", required: true },
      type: { type: "str" },
    });
    const type = body.type ?? "model";
    const split = (id: string) => {
      const i = id.indexOf("/");
      return i === -1 ? undefined : [id.slice(0, i), id.slice(i + 1)];
    };
    const from = split(body.fromRepo);
    const to = split(body.toRepo);
    if (!from) throw hfError(400, "InvalidRepoId", "Invalid source repository ID");
    if (!to) throw hfError(400, "InvalidRepoId", "Invalid destination repository ID");
    const [fromNs = "", fromName = ""] = from;
    const [toNs = "", toName = ""] = to;
    const repo = findRepo(ctx.db, type, fromNs, fromName);
    if (!repo) throw repoNotFound(type, fromNs, fromName);
    if (!admin) {
      if (!canManage(ctx, repo, caller)) throw manageDenied(repo);
      checkNamespace(ctx, toNs, caller as Caller);
    }
    if (findRepo(ctx.db, type, toNs, toName)) throw repoExists(ctx, type, body.toRepo);
    const movingNamespace = fromNs !== toNs;
    if (movingNamespace && !admin) {
      const size = repoUsedBytes(ctx.db, repo.id);
      const problem = checkQuota(ctx.db, toNs, size, Boolean(repo.private));
      if (problem) throw detailError(400, problem, { repo_size_bytes: size });
    }
    ctx.db.transaction(() => {
      ctx.db
        .query(
          "UPDATE repos SET namespace = ?, name = ?, normalized_name = ?, quota_bytes = CASE WHEN ? THEN NULL ELSE quota_bytes END WHERE id = ?",
        )
        .run(toNs, toName, normalizeName(toName), movingNamespace ? 1 : 0, repo.id);
      rewriteToMain(ctx.db, repo.id, { message: `Repository moved from ${body.fromRepo} to ${body.toRepo}` });
    })();
    return json({
      success: true,
      url: `${ctx.hub.baseUrl}/${type}s/${body.toRepo}`,
      message: `Repository moved from ${body.fromRepo} to ${body.toRepo}`,
    });
  });

  // §4.4 squash: a move to `<name>-squash-<8hex>` and back, so the surviving commit names the temporary id.
  r.post("/api/repos/squash", async (ctx) => {
    const { caller, admin } = callerOrAdmin(ctx);
    const body = await readBody<{ repo: string; type?: string }>(ctx.req, {
      repo: { type: "str", required: true },
      type: { type: "str" },
    });
    const type = body.type ?? "model";
    const slash = body.repo.indexOf("/");
    if (slash === -1) throw hfError(400, "InvalidRepoId", "Invalid repository ID");
    const namespace = body.repo.slice(0, slash);
    const name = body.repo.slice(slash + 1);
    const repo = findRepo(ctx.db, type, namespace, name);
    if (!repo) throw repoNotFound(type, namespace, name);
    if (!admin && !canManage(ctx, repo, caller)) throw manageDenied(repo);
    const temp = `${body.repo}-squash-${crypto.randomUUID().replace(/-/g, "").slice(0, 8)}`;
    ctx.db.transaction(() => {
      rewriteToMain(ctx.db, repo.id, { message: `Repository moved from ${temp} to ${body.repo}` });
    })();
    return json({
      success: true,
      message: `Repository ${body.repo} squashed successfully. All commit history has been cleared.`,
    });
  });

  // §4.5 settings
  r.put("/api/{type}s/{ns}/{name}/settings", async (ctx) => {
    const caller = ctx.requireCaller();
    const body = await readBody<{
      private?: boolean | null;
      visibility?: string | null;
      lfs_threshold_bytes?: number | null;
      lfs_keep_versions?: number | null;
      lfs_suffix_rules?: string[] | null;
    }>(ctx.req, {
      private: { type: "bool", nullable: true },
      visibility: { type: "str", nullable: true },
      gated: { type: "str", nullable: true },
      lfs_threshold_bytes: { type: "int", nullable: true },
      lfs_keep_versions: { type: "int", nullable: true },
      lfs_suffix_rules: { type: "str-list", nullable: true },
    });
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw repoNotFound(type, ns, name);
    if (!canManage(ctx, repo, caller)) throw manageDenied(repo);
    const updates: Record<string, number | string> = {};
    if (body.lfs_threshold_bytes !== undefined && body.lfs_threshold_bytes !== null) {
      if (body.lfs_threshold_bytes < 1_000_000) {
        throw detailError(
          400,
          `LFS threshold must be at least 1 MB (1,000,000 bytes), got ${body.lfs_threshold_bytes}`,
        );
      }
      updates.lfs_threshold_bytes = body.lfs_threshold_bytes;
    }
    if (body.lfs_keep_versions !== undefined && body.lfs_keep_versions !== null) {
      if (body.lfs_keep_versions < 2) {
        throw detailError(400, `LFS keep_versions must be at least 2, got ${body.lfs_keep_versions}`);
      }
      updates.lfs_keep_versions = body.lfs_keep_versions;
    }
    if (body.lfs_suffix_rules !== undefined && body.lfs_suffix_rules !== null) {
      for (const suffix of body.lfs_suffix_rules) {
        if (!suffix.startsWith(".")) {
          throw detailError(400, `LFS suffix rules must start with '.', got: ${suffix}`);
        }
      }
      updates.lfs_suffix_rules = JSON.stringify(body.lfs_suffix_rules);
    }
    let wantPrivate: boolean | undefined = body.private ?? undefined;
    if (wantPrivate === undefined && body.visibility !== undefined && body.visibility !== null) {
      if (body.visibility === "private") wantPrivate = true;
      else if (body.visibility === "public") wantPrivate = false;
      else throw detailError(400, VISIBILITY_ERROR);
    }
    if (wantPrivate !== undefined) {
      if (Boolean(repo.private) !== wantPrivate) {
        const size = repoUsedBytes(ctx.db, repo.id);
        const problem = checkQuota(ctx.db, ns, size, wantPrivate);
        if (problem) throw detailError(400, problem, { repo_size_bytes: size });
      }
      updates.private = wantPrivate ? 1 : 0;
    }
    const keys = Object.keys(updates);
    if (keys.length > 0) {
      ctx.db
        .query(`UPDATE repos SET ${keys.map((k) => `${k} = ?`).join(", ")} WHERE id = ?`)
        .run(...keys.map((k) => updates[k] as number | string), repo.id);
    }
    return json({ success: true, message: "Repository settings updated successfully" });
  });

  // §4.6 LFS settings
  r.get("/api/{type}s/{ns}/{name}/settings/lfs", (ctx) => {
    const caller = ctx.requireCaller();
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw repoNotFound(type, ns, name);
    if (!canManage(ctx, repo, caller)) throw manageDenied(repo);
    let configured: string[] | null = null;
    if (repo.lfs_suffix_rules) {
      try {
        configured = JSON.parse(repo.lfs_suffix_rules);
      } catch {
        configured = null;
      }
    }
    return json({
      lfs_threshold_bytes: repo.lfs_threshold_bytes,
      lfs_keep_versions: repo.lfs_keep_versions,
      lfs_suffix_rules: configured,
      lfs_threshold_bytes_effective: repo.lfs_threshold_bytes ?? DEFAULT_LFS_THRESHOLD,
      lfs_threshold_bytes_source: repo.lfs_threshold_bytes !== null ? "repository" : "server_default",
      lfs_keep_versions_effective: repo.lfs_keep_versions ?? DEFAULT_LFS_KEEP_VERSIONS,
      lfs_keep_versions_source: repo.lfs_keep_versions !== null ? "repository" : "server_default",
      lfs_suffix_rules_effective: effectiveSuffixes(repo),
      lfs_suffix_rules_source: repo.lfs_suffix_rules !== null ? "merged" : "server_default",
      server_defaults: {
        lfs_threshold_bytes: DEFAULT_LFS_THRESHOLD,
        lfs_keep_versions: DEFAULT_LFS_KEEP_VERSIONS,
        lfs_suffix_rules_default: DEFAULT_LFS_SUFFIXES,
      },
    });
  });

  // §4.7 info at main (only the three literal prefixes exist)
  r.get("/api/models/{ns}/{name}", repoInfoHandler("model"));
  r.get("/api/datasets/{ns}/{name}", repoInfoHandler("dataset"));
  r.get("/api/spaces/{ns}/{name}", repoInfoHandler("space"));

  // §4.8 info at a revision
  r.get("/api/{type}s/{ns}/{name}/revision/{revision}", (ctx) => {
    const type = enumRepoType(ctx);
    boolQuery(ctx.query, "fallback", true);
    const { ns = "", name = "", revision = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const resolved = resolveRevision(ctx.db, repo.id, revision);
    if (!resolved) {
      throw hfError(
        404,
        "RevisionNotFound",
        `Revision '${revision}' not found in repository '${ns}/${name}'`,
      );
    }
    const commit = getCommit(ctx.db, resolved.commitId);
    return json({
      id: fullId(repo),
      author: repo.namespace,
      sha: resolved.commitId,
      lastModified: commit ? isoSeconds(commit.created_at) : null,
      createdAt: isoZ(repo.created_at),
      private: Boolean(repo.private),
      disabled: false,
      downloads: repo.downloads,
      likes: repo.likes_count,
      gated: false,
      tags: [],
      pipeline_tag: null,
      library_name: null,
      siblings: siblings(ctx.db, repo, resolved.commitId),
      spaces: [],
      models: [],
      datasets: [],
      files: [],
      type,
      revision,
      commit: { oid: resolved.commitId, date: commit ? Math.floor(commit.created_at / 1000) : null },
      xetEnabled: false,
    });
  });

  // §4.9 lists
  r.get("/api/models", listHandler("model"));
  r.get("/api/datasets", listHandler("dataset"));
  r.get("/api/spaces", listHandler("space"));

  // §4.10 a namespace's repos, grouped by type
  r.get("/api/users/{username}/repos", (ctx) => {
    const limit = boundedInt(ctx.query, "limit", { default: 100, ge: 1, le: 100_000 });
    const sort = patternQuery(ctx, "sort", "recent", "^(recent|likes|downloads)$");
    boolQuery(ctx.query, "fallback", true);
    const username = ctx.params.username ?? "";
    if (!findUser(ctx.db, username)) {
      throw hfError(404, "BadRequest", `User or organization '${username}' not found`);
    }
    const caller = ctx.caller();
    const orgs = caller ? orgNamesOf(ctx.db, caller.user.id) : [];
    const out: Record<string, unknown[]> = { models: [], datasets: [], spaces: [] };
    for (const type of REPO_TYPES) {
      const all = ctx.db
        .query("SELECT * FROM repos WHERE type = ? AND namespace = ?")
        .all(type, username) as RepoRow[];
      const rows = sortedRepos(
        ctx.db,
        all.filter((repo) => visibleInLists(repo, caller, orgs)),
        sort,
      ).slice(0, limit);
      out[`${type}s`] = rows.map((repo) => listItem(ctx.db, repo));
    }
    return json(out);
  });

  // §12 likes
  r.post("/api/{type}s/{ns}/{name}/like", (ctx) => {
    const caller = ctx.requireCaller();
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const existing = ctx.db
      .query("SELECT 1 FROM repo_likes WHERE repo_id = ? AND user_id = ?")
      .get(repo.id, caller.user.id);
    if (existing) throw detailError(400, "Repository already liked");
    const count = repo.likes_count + 1;
    ctx.db.transaction(() => {
      ctx.db
        .query("INSERT INTO repo_likes (repo_id, user_id, created_at) VALUES (?, ?, ?)")
        .run(repo.id, caller.user.id, Date.now());
      ctx.db.query("UPDATE repos SET likes_count = ? WHERE id = ?").run(count, repo.id);
    })();
    return json({ success: true, message: "Repository liked successfully", likes_count: count });
  });

  r.delete("/api/{type}s/{ns}/{name}/like", (ctx) => {
    const caller = ctx.requireCaller();
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw repoNotFound(type, ns, name);
    const deleted = ctx.db
      .query("DELETE FROM repo_likes WHERE repo_id = ? AND user_id = ?")
      .run(repo.id, caller.user.id).changes;
    if (deleted === 0) throw detailError(400, "Repository not liked");
    const count = Math.max(0, repo.likes_count - 1);
    ctx.db.query("UPDATE repos SET likes_count = ? WHERE id = ?").run(count, repo.id);
    return json({ success: true, message: "Repository unliked successfully", likes_count: count });
  });

  r.get("/api/{type}s/{ns}/{name}/like", (ctx) => {
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const caller = ctx.caller();
    if (!caller) return json({ liked: false });
    const liked = ctx.db
      .query("SELECT 1 FROM repo_likes WHERE repo_id = ? AND user_id = ?")
      .get(repo.id, caller.user.id);
    return json({ liked: Boolean(liked) });
  });

  r.get("/api/{type}s/{ns}/{name}/likers", (ctx) => {
    const limit = intQuery(ctx, "limit", 50);
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const rows = ctx.db
      .query(
        "SELECT u.username, u.full_name FROM repo_likes l JOIN users u ON u.id = l.user_id WHERE l.repo_id = ? ORDER BY l.created_at DESC, l.id DESC LIMIT ?",
      )
      .all(repo.id, limit) as Array<{ username: string; full_name: string | null }>;
    return json(
      rows.map((u) => ({ user: u.username, fullname: u.full_name || u.username, avatarUrl: null })),
    );
  });

  r.get("/api/users/{username}/likes", (ctx) => {
    const limit = intQuery(ctx, "limit", 50);
    const target = findUser(ctx.db, ctx.params.username ?? "");
    if (!target) throw detailError(404, "User not found");
    const rows = ctx.db
      .query(
        "SELECT l.created_at AS liked_at, r.* FROM repo_likes l JOIN repos r ON r.id = l.repo_id WHERE l.user_id = ? ORDER BY l.created_at DESC, l.id DESC LIMIT ?",
      )
      .all(target.id, limit) as Array<RepoRow & { liked_at: number }>;
    const caller = ctx.caller();
    return json(
      rows
        .filter((repo) => canRead(ctx, repo, caller))
        .map((repo) => ({
          createdAt: isoPython(repo.liked_at),
          repo: { name: fullId(repo), type: repo.type },
        })),
    );
  });

  // §13 stats and trending
  r.get("/api/{type}s/{ns}/{name}/stats", (ctx) => {
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    return json({ downloads: repo.downloads, likes: repo.likes_count });
  });

  r.get("/api/{type}s/{ns}/{name}/stats/recent", (ctx) => {
    const days = boundedInt(ctx.query, "days", { default: 30, ge: 1, le: 365 });
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = readableRepo(ctx, type, ns, name);
    const now = Date.now();
    const end = utcDate(now);
    const start = utcDate(now - (days - 1) * DAY_MS);
    const rows = ctx.db
      .query("SELECT * FROM daily_repo_stats WHERE repo_id = ? AND date >= ? AND date <= ? ORDER BY date ASC")
      .all(repo.id, start, end) as Array<{
      date: string;
      download_sessions: number;
      authenticated_downloads: number;
      anonymous_downloads: number;
      total_files: number;
    }>;
    return json({
      stats: rows.map((s) => ({
        date: s.date,
        downloads: s.download_sessions,
        authenticated: s.authenticated_downloads,
        anonymous: s.anonymous_downloads,
        files: s.total_files,
      })),
      period: { start, end, days },
    });
  });

  r.get("/api/trending", (ctx) => {
    const type = patternQuery(ctx, "repo_type", "model", "^(model|dataset|space)$");
    const days = boundedInt(ctx.query, "days", { default: 7, ge: 1, le: 90 });
    const limit = boundedInt(ctx.query, "limit", { default: 20, ge: 1, le: 100 });
    const now = Date.now();
    const today = utcDate(now);
    const start = utcDate(now - (days - 1) * DAY_MS);
    const sums = ctx.db
      .query(
        "SELECT repo_id, SUM(download_sessions) AS total, MIN(rowid) AS first FROM daily_repo_stats WHERE date >= ? AND date <= ? GROUP BY repo_id",
      )
      .all(start, today) as Array<{ repo_id: number; total: number; first: number }>;
    const top = sums.sort((a, b) => b.total - a.total || a.first - b.first).slice(0, limit);
    const caller = ctx.caller();
    const trending: unknown[] = [];
    for (const row of top) {
      const repo = ctx.db
        .query("SELECT * FROM repos WHERE id = ? AND type = ?")
        .get(row.repo_id, type) as RepoRow | null;
      if (!repo || !canRead(ctx, repo, caller)) continue;
      trending.push({
        id: fullId(repo),
        type: repo.type,
        downloads: repo.downloads,
        likes: repo.likes_count,
        recent_downloads: row.total,
        private: Boolean(repo.private),
      });
    }
    return json({ trending, period: { start, end: today, days } });
  });

  // §11 quota (paths hard-coded under /api/quota)
  const namespaceOrFail = (ctx: Ctx, namespace: string): { isOrg: boolean; entity: UserRow } => {
    const org = orgOf(ctx.db, namespace);
    if (org) return { isOrg: true, entity: org };
    const user = findUser(ctx.db, namespace);
    if (!user) throw detailError(404, `User or organization not found: ${namespace}`);
    return { isOrg: false, entity: user };
  };
  const isOrgAdmin = (ctx: Ctx, org: UserRow, caller: Caller) => {
    const role = roleIn(ctx.db, org.id, caller.user.id);
    return role !== undefined && ADMIN_ROLES.has(role);
  };

  r.get("/api/quota/repo/{type}/{ns}/{name}", (ctx) => {
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw detailError(404, `Repository not found: ${ns}/${name}`);
    if (!canRead(ctx, repo, ctx.caller())) throw repoNotFound(type, ns, name);
    return json(repoQuotaBody(ctx.db, repo));
  });

  r.put("/api/quota/repo/{type}/{ns}/{name}", async (ctx) => {
    const caller = ctx.requireCaller();
    const body = await readBody<{ quota_bytes: number | null }>(ctx.req, {
      quota_bytes: { type: "int", required: true, nullable: true },
    });
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw detailError(404, `Repository not found: ${ns}/${name}`);
    if (!canWrite(ctx, repo, caller)) {
      throw detail(403, `You don't have permission to modify repository '${fullId(repo)}'`);
    }
    const quota = body.quota_bytes;
    if (quota !== null) {
      const info = repoStorage(ctx.db, repo);
      if (info.namespace_quota_bytes !== null) {
        let available = Math.max(0, info.namespace_quota_bytes - info.namespace_used_bytes);
        if (repo.quota_bytes !== null) available += repo.quota_bytes;
        if (quota > available) {
          throw detailError(
            400,
            `Repository quota (${gb(quota)}GB) exceeds namespace available quota (${gb(available)}GB)`,
          );
        }
      }
    }
    ctx.db.query("UPDATE repos SET quota_bytes = ? WHERE id = ?").run(quota, repo.id);
    return json(repoQuotaBody(ctx.db, findRepo(ctx.db, type, ns, name) as RepoRow));
  });

  r.post("/api/quota/repo/{type}/{ns}/{name}/recalculate", (ctx) => {
    const caller = ctx.requireCaller();
    const { type = "", ns = "", name = "" } = ctx.params;
    const repo = findRepo(ctx.db, type, ns, name);
    if (!repo) throw detailError(404, `Repository not found: ${ns}/${name}`);
    if (!canWrite(ctx, repo, caller)) {
      throw detail(403, `You don't have permission to modify repository '${fullId(repo)}'`);
    }
    return json(repoQuotaBody(ctx.db, repo));
  });

  r.get("/api/quota/{namespace}", (ctx) => {
    ctx.requireCaller();
    const namespace = ctx.params.namespace ?? "";
    const { isOrg } = namespaceOrFail(ctx, namespace);
    return json(legacyQuota(namespace, isOrg, storageInfo(ctx.db, namespace)));
  });

  const quotaWriteCheck = (ctx: Ctx, caller: Caller, namespace: string, verb: "set" | "recalculate") => {
    const org = orgOf(ctx.db, namespace);
    if (org) {
      if (!isOrgAdmin(ctx, org, caller)) {
        throw detailError(403, `Only organization admins can ${verb} quota for organizations`);
      }
      return true;
    }
    if (caller.user.username !== namespace) throw detailError(403, `You can only ${verb} quota for yourself`);
    return false;
  };

  r.put("/api/quota/{namespace}", async (ctx) => {
    const caller = ctx.requireCaller();
    const body = await readBody<{ quota_bytes: number | null }>(ctx.req, {
      quota_bytes: { type: "int", required: true, nullable: true },
    });
    const namespace = ctx.params.namespace ?? "";
    const isOrg = quotaWriteCheck(ctx, caller, namespace, "set");
    if (body.quota_bytes !== null) {
      ctx.db
        .query("UPDATE users SET private_quota_bytes = ?, public_quota_bytes = ? WHERE username = ?")
        .run(body.quota_bytes, body.quota_bytes, namespace);
    }
    return json(legacyQuota(namespace, isOrg, storageInfo(ctx.db, namespace)));
  });

  r.post("/api/quota/{namespace}/recalculate", (ctx) => {
    const caller = ctx.requireCaller();
    const namespace = ctx.params.namespace ?? "";
    const isOrg = quotaWriteCheck(ctx, caller, namespace, "recalculate");
    return json(legacyQuota(namespace, isOrg, storageInfo(ctx.db, namespace)));
  });

  r.get("/api/quota/{namespace}/public", (ctx) => {
    const namespace = ctx.params.namespace ?? "";
    const { isOrg, entity } = namespaceOrFail(ctx, namespace);
    const caller = ctx.caller();
    let canSeePrivate = false;
    if (caller) {
      canSeePrivate = isOrg
        ? roleIn(ctx.db, entity.id, caller.user.id) !== undefined
        : caller.user.username === namespace;
    }
    const info = storageInfo(ctx.db, namespace);
    return json({
      namespace,
      is_organization: isOrg,
      public_quota_bytes: info.public_quota_bytes,
      public_used_bytes: info.public_used_bytes,
      public_available_bytes: info.public_available_bytes,
      public_percentage_used: info.public_percentage_used,
      private_quota_bytes: canSeePrivate ? info.private_quota_bytes : null,
      private_used_bytes: canSeePrivate ? info.private_used_bytes : null,
      private_available_bytes: canSeePrivate ? info.private_available_bytes : null,
      private_percentage_used: canSeePrivate ? info.private_percentage_used : null,
      total_used_bytes: canSeePrivate ? info.total_used_bytes : info.public_used_bytes,
      can_see_private: canSeePrivate,
    });
  });

  r.get("/api/quota/{namespace}/repos", (ctx) => {
    const caller = ctx.requireCaller();
    const namespace = ctx.params.namespace ?? "";
    const { isOrg, entity } = namespaceOrFail(ctx, namespace);
    if (isOrg) {
      if (roleIn(ctx.db, entity.id, caller.user.id) === undefined) {
        throw detailError(403, "Only organization members can view detailed storage breakdown");
      }
    } else if (caller.user.username !== namespace) {
      throw detailError(403, "You can only view your own storage breakdown");
    }
    const repos = ctx.db
      .query("SELECT * FROM repos WHERE namespace = ? ORDER BY id")
      .all(namespace) as RepoRow[];
    const items = repos.map((repo) => {
      const info = repoStorage(ctx.db, repo);
      return {
        repo_id: fullId(repo),
        repo_type: repo.type,
        name: repo.name,
        private: Boolean(repo.private),
        quota_bytes: info.quota_bytes,
        used_bytes: info.used_bytes,
        percentage_used: info.percentage_used,
        is_inheriting: info.is_inheriting,
        created_at: isoPython(repo.created_at),
      };
    });
    items.sort((a, b) => b.used_bytes - a.used_bytes);
    return json({ namespace, is_organization: isOrg, total_repos: items.length, repositories: items });
  });
}
